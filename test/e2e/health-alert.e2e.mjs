// A loss that goes NaN, as a user meets it: palette → "Trainspect: Run with Introspection" on nan-loss.js
// → one warning names the loss and the kernel's line; its Go to Line puts the cursor on that line.
// The workbench shows no toasts under the smoke-test driver (which loads the extension under
// development), so the warning is read where it also stays: the Notification Center.
import assert from 'node:assert/strict';
import path from 'node:path';
import { quickOpen, runFromPalette, waitForWorkbench } from './workbench.mjs';

export const name = 'a NaN loss shows one warning; its Go to Line opens the line that made it';

/** @param {{ page: import('playwright-core').Page, resultsDir: string, log: (s: string) => void }} ctx */
export async function run({ page, resultsDir, log }) {
  await waitForWorkbench(page);
  await quickOpen(page, 'nan-loss.js');
  await runFromPalette(page, 'Trainspect: Run with Introspection');
  log('nan-loss.js run from the palette');
  await page.locator('iframe.webview.ready').waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForTimeout(3_000); // the run (~0.5 s) ends and a loss without its kernel check would show now

  await runFromPalette(page, 'Notifications: Show Notifications');
  const center = page.locator('.notifications-center');
  const items = center.locator('.notification-list-item', { hasText: 'Trainspect: ' });
  await items.first().waitFor({ state: 'visible', timeout: 60_000 });
  const messages = await items.locator('.notification-list-item-message').allInnerTexts();
  log(`Trainspect notifications: ${JSON.stringify(messages)}`);
  assert.deepEqual(messages, ['Trainspect: loss became NaN at logtarget fit #1, epoch 1 batch 4; first non-finite value: Log at nan-loss.js:6:22.']);
  const item = items.first();
  const buttons = (await item.locator('.monaco-button').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  assert.deepEqual(buttons, ['Open Panel', 'Go to Line']);
  await page.screenshot({ path: path.join(resultsDir, 'e2e-health-alert.png') });
  log('screenshot: test-results/e2e-health-alert.png');

  await item.locator('.monaco-button', { hasText: 'Go to Line' }).click();
  await page.locator('.tabs-container .tab.active', { hasText: 'nan-loss.js' }).waitFor({ state: 'visible', timeout: 10_000 });
  const position = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
  await position.filter({ hasText: /^Ln 6, Col 22/ }).waitFor({ timeout: 10_000 }).catch(() => {});
  assert.match((await position.innerText()).trim(), /^Ln 6, Col 22/);
  log('Go to Line: the cursor is at nan-loss.js 6:22 (tf.log)');
}
