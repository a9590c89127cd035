// A run that ends in an exception, as a user meets it: palette → "Trainspect: Run with Introspection" on
// shape-error.js → the panel comes up by itself on its Post-mortem tab, and the failing frame's
// file:line link opens the loss's line in the editor.
import assert from 'node:assert/strict';
import path from 'node:path';
import { quickOpen, runFromPalette, waitForWorkbench, webviewFrame } from './workbench.mjs';

export const name = 'a failed run opens the panel on its Post-mortem view; the failing frame opens its line';

/** @param {{ page: import('playwright-core').Page, resultsDir: string, log: (s: string) => void }} ctx */
export async function run({ page, resultsDir, log }) {
  await waitForWorkbench(page);
  await quickOpen(page, 'shape-error.js');
  await runFromPalette(page, 'Trainspect: Run with Introspection');
  log('shape-error.js run from the palette');
  const panel = webviewFrame(page);
  await panel.locator('button.view-tab[data-view="postmortem"][aria-selected="true"]').waitFor({ state: 'visible', timeout: 90_000 });
  const frame = panel.locator('li.pm-frame.user button.pm-frame-where').first();
  await frame.waitFor({ state: 'visible', timeout: 30_000 });
  log('the Post-mortem tab is selected without a click');
  await page.waitForTimeout(500);
  await page.locator('iframe.webview.ready').screenshot({ path: path.join(resultsDir, 'e2e-postmortem.png') });
  log('screenshot: test-results/e2e-postmortem.png');

  assert.equal((await frame.innerText()).trim(), 'shape-error.js:6');
  await frame.click();
  await page.locator('.tabs-container .tab.active', { hasText: 'shape-error.js' }).waitFor({ state: 'visible', timeout: 10_000 });
  const position = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
  await position.filter({ hasText: /^Ln 6, / }).waitFor({ timeout: 10_000 }).catch(() => {});
  assert.match((await position.innerText()).trim(), /^Ln 6, /);
  log('the frame opened shape-error.js at line 6 (tf.matMul)');
}
