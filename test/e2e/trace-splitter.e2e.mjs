// Palette → "Trainspect: Trace Splitter Inputs" → pick the splitter → the panel shows its captured array.
// Then a splitter of long image paths, in four themes: the file names, the parameter names and the
// split's sizes must be readable within their boxes (Playwright counts CSS-clipped text as visible, so
// the panel's own geometry and colours are checked), and a screenshot of each theme is kept.
import assert from 'node:assert/strict';
import path from 'node:path';
import { unreadableTextScript } from './readability.mjs';
import { quickOpen, quickPickLabels, runFromPalette, waitForWorkbench, webviewFrame } from './workbench.mjs';

/** The four themes a user is most likely to have, by their labels in the Color Theme picker. */
const THEMES = [
  { label: 'Dark+', file: 'dark-plus' },
  { label: 'Light+', file: 'light-plus' },
  { label: 'Dark High Contrast', file: 'hc-dark' },
  { label: 'Light High Contrast', file: 'hc-light' },
];

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

  await traceSplitPaths({ page, resultsDir, log });
}

/** Picks a colour theme as a user does: the Color Theme picker (Ctrl+K Ctrl+T). */
async function setTheme(page, label) {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Light+' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(label);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[+]/g, '\\+')}$`) }) }).first();
  await row.click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

async function traceSplitPaths({ page, resultsDir, log }) {
  await page.keyboard.press('Escape');
  await quickOpen(page, 'split-paths.js');
  await runFromPalette(page, 'Trainspect: Trace Splitter Inputs');
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'split-paths.js' }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Enter');
  log('split-paths.js: splitter chosen');

  const panel = webviewFrame(page);
  const call = panel.locator('article.call', { hasText: 'an Array of 100 strings' }).first();
  await call.waitFor({ state: 'visible', timeout: 60_000 });
  await panel.locator('.state-finished').waitFor({ state: 'visible', timeout: 60_000 });
  // Parameter names, the default the call did not pass, and what the returned index arrays mean.
  const args = call.locator('.args');
  assert.deepEqual((await args.locator('.value-label').allInnerTexts()).slice(0, 3), ['names', 'validPct', 'seed']);
  assert.match(await args.innerText(), /validPct\s*= 0\.2\s*not passed: the default/);
  assert.match(await call.locator('.split').innerText(), /Splits its 100 items into\s*\[0\] 80 \(80%\)\s*\[1\] 20 \(20%\)\s*— no overlap, none left out/);
  await call.locator('.args summary').first().click();
  const names = call.locator('.args .value-children .value-inline.kind-string');
  await names.first().waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await names.first().innerText(), '"./data/oxford-iiit-pet/images/Abyssinian_1.png"');
  log('split-paths.js: parameter names, the default, the split and workspace-relative file names shown');

  for (const theme of THEMES) {
    await setTheme(page, theme.label);
    await page.waitForTimeout(500); // the webview gets the theme's variables by message
    const { checked, problems } = await panel.locator('body').evaluate(unreadableTextScript({
      selector: 'article.call .value-inline, article.call .value-label, article.call .value-kind, .split span, .site, .button, .badge, .call-name, .facts dd',
      minContrast: 4.5,
      cutByDesign: 'summary .value-inline:not(.kind-string)',
    }));
    const shot = path.join(resultsDir, `e2e-panel-${theme.file}.png`);
    await page.locator('iframe.webview.ready').screenshot({ path: shot });
    log(`${theme.label}: ${checked} texts checked; screenshot ${path.relative(process.cwd(), shot)}`);
    assert.ok(checked >= 20, `${theme.label}: only ${checked} texts found to check`);
    assert.deepEqual(problems, [], `${theme.label}: text that cannot be read`);
  }

  // After the limit (or the end): Run again, keep running starts the same script again from the panel.
  // The new run is told by its pid: this script runs for a few hundred ms, so the live state between
  // the two finished ones can come and go between two looks at the page.
  const firstPid = /pid (\d+)/.exec((await panel.locator('.facts').textContent()) ?? '')?.[1];
  assert.ok(firstPid, 'the header names no pid');
  await panel.locator('button[data-action="run-again-keep-running"]').click();
  await panel.locator('.facts', { hasText: /pid \d+/, hasNotText: new RegExp(`pid ${firstPid}\\b`) }).waitFor({ timeout: 60_000 });
  await panel.locator('.state-finished').waitFor({ state: 'visible', timeout: 60_000 });
  await panel.locator('article.call', { hasText: 'an Array of 100 strings' }).first().waitFor({ state: 'visible', timeout: 10_000 });
  log('Run again, keep running: the same script ran again from the panel');
}
