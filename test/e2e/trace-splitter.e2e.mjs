// Palette → "Trainspect: Trace Splitter Inputs" → pick the splitter → the panel shows its captured array.
import assert from 'node:assert/strict';
import path from 'node:path';
import { quickOpen, quickPickLabels, runFromPalette, waitForWorkbench, webviewFrame } from './workbench.mjs';

export const name = 'trace the splitter of a CommonJS script from the palette; the panel shows its array';

/** @param {{ page: import('playwright-core').Page, resultsDir: string, log: (s: string) => void }} ctx */
export async function run({ page, resultsDir, log }) {
  await waitForWorkbench(page);
  log('workbench shown');
  await quickOpen(page, 'train.js');
  log('train.js open');

  await runFromPalette(page, 'Trainspect: Trace Splitter Inputs');
  // The palette's list is replaced by Trainspect's pick: wait for its title before reading rows.
  const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'trace the inputs of' });
  await title.waitFor({ state: 'visible', timeout: 30_000 });
  const labels = await quickPickLabels(page);
  log(`quick pick: ${labels.join(', ')}`);
  assert.equal(labels[0], 'splitter', `the splitter is not first in the quick pick: ${labels.join(', ')}`);
  assert.ok(labels.includes('getLabel'), `the labeller is not offered: ${labels.join(', ')}`);

  // The splitter is checked by default (nothing at the cursor); make sure it alone is, then accept.
  assert.match(await title.innerText(), /train\.js/);
  const checked = page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-checked="true"]');
  const checkedLabels = (await checked.locator('.label-name').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(checkedLabels, ['splitter'], `checked: ${checkedLabels.join(', ')}`);
  await page.keyboard.press('Enter');
  log('splitter chosen');

  const panel = webviewFrame(page);
  await panel.getByText('splitter').first().waitFor({ state: 'visible', timeout: 60_000 });
  // arg 0: its summary says what it is; opened, it lists the first file names.
  const summary = panel.locator('summary', { hasText: 'an Array of 40 strings' }).first();
  await summary.waitFor({ state: 'visible', timeout: 30_000 });
  await summary.click();
  const items = panel.locator('details[open]', { has: summary }).first().locator(':scope > :not(summary)');
  await items.getByText('Abyssinian_1.png').first().waitFor({ state: 'visible', timeout: 10_000 });
  await items.getByText('Abyssinian_2.png').first().waitFor({ state: 'visible', timeout: 10_000 });
  log('panel shows the splitter call and its array, opened');

  const file = path.join(resultsDir, 'e2e-trace-splitter.png');
  await page.screenshot({ path: file });
  log(`screenshot: ${path.relative(process.cwd(), file)}`);
}
