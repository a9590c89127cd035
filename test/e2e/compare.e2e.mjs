// Comparing runs as a user does: two runs of compare/fit-lr.cjs made by the CLI into the workspace
// (learning rates 0.1 and 2, 6 epochs each), palette → "Trainspect: Compare Runs" → check both in the
// quick pick → the comparison panel: both runs in the legend, the arguments named as what differed, each
// run's curve on the loss charts in its swatch's colour, the final table's rows; screenshots to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runFromPalette, waitForWorkbench, webviewFrame } from './workbench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'test/fixtures/compare/fit-lr.cjs');
const TRACES = path.join(ROOT, 'test/vscode/workspace/.trainspect');
const RUNS = [['0.1', '6'], ['2', '6']];

export const name = 'Compare Runs from the palette: two CLI runs checked in the quick pick, the comparison panel draws both';

/** Runs in the webview: pixels of a chart's canvas in the colour of a run's read-out swatch. */
function runPixels(chart, label) {
  const item = [...chart.querySelectorAll('.readout-item')].find((i) => i.querySelector('.readout-label')?.textContent === label);
  if (!item) return -1;
  const [r, g, b] = getComputedStyle(item.querySelector('.swatch')).backgroundColor.match(/\d+/g).map(Number);
  const canvas = chart.querySelector('canvas');
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let matching = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 30) matching++;
  }
  return matching;
}

/** @param {{ page: import('playwright-core').Page, resultsDir: string, log: (s: string) => void }} ctx */
export async function run({ page, resultsDir, log }) {
  fs.mkdirSync(TRACES, { recursive: true });
  for (const [i, args] of RUNS.entries()) {
    execFileSync(process.execPath, [path.join(ROOT, 'dist/cli/trainspect.js'), 'run', '--quiet', '--out', path.join(TRACES, `e2e-compare-${i}.jsonl`), SCRIPT, '--', ...args], { cwd: path.dirname(SCRIPT), stdio: 'ignore' });
  }
  log('two CLI runs of fit-lr.cjs written into the workspace (lr 0.1 and 2)');
  await waitForWorkbench(page);
  await runFromPalette(page, 'Trainspect: Compare Runs');
  const count = page.locator('.quick-input-widget .quick-input-count');
  for (const [i, [lr, epochs]] of RUNS.entries()) {
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: `args ${lr} ${epochs}` }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.locator('.label-name').first().click(); // in a multi-select pick a click toggles the row's checkbox
    await count.filter({ hasText: `${i + 1} Selected` }).waitFor({ state: 'visible', timeout: 5_000 });
  }
  await page.locator('.quick-input-widget .quick-input-action', { hasText: 'OK' }).click();
  log('both runs checked in the quick pick, OK');

  const panel = webviewFrame(page);
  await panel.locator('.finals tbody tr').nth(1).waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.tabs-container .tab.active', { hasText: 'Trainspect: Compare 2 runs of fit-lr.cjs' }).waitFor({ state: 'visible', timeout: 10_000 });
  const labels = (await panel.locator('.legend-run .run-label').allInnerTexts()).map((t) => t.trim());
  assert.equal(labels.length, 2);
  for (const label of labels) assert.match(label, /^fit-lr\.cjs \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
  const args = await panel.locator('.differences tr[data-field="arguments"] .difference-value').allInnerTexts();
  assert.deepEqual(args, ['0.1 6', '2 6']);
  log(`the panel compares ${labels.join(' and ')}; arguments differed: ${args.join(' | ')}`);

  await page.waitForTimeout(500); // drawn on the next animation frame
  for (const title of ['loss · per batch', 'loss · per epoch', 'val_loss · per epoch']) {
    const chart = panel.locator(`section.metric-chart[aria-label="${title} chart"]`);
    await chart.waitFor({ state: 'visible', timeout: 10_000 });
    const counts = [];
    for (const label of labels) counts.push(await chart.evaluate(runPixels, label));
    log(`${title}: ${counts.join(' and ')} pixels of each run's colour`);
    for (const count of counts) assert.ok(count >= 30, `${title}: a run's curve is not drawn (${counts.join(', ')} pixels)`);
  }
  const rows = await panel.locator('.finals tbody tr').count();
  assert.equal(rows, 2);
  const overlaps = await panel.locator('.finals tbody .run-cell').evaluateAll((cells) => cells.filter((cell) =>
    cell.querySelector('.run-label').getBoundingClientRect().right > cell.nextElementSibling.getBoundingClientRect().left).length);
  assert.equal(overlaps, 0, 'a run\'s label in the final table runs into the cell beside it');

  await page.screenshot({ path: path.join(resultsDir, 'e2e-compare.png') });
  await page.locator('iframe.webview.ready').screenshot({ path: path.join(resultsDir, 'e2e-compare-panel.png') });
  await panel.locator('.finals').scrollIntoViewIfNeeded();
  await page.locator('iframe.webview.ready').screenshot({ path: path.join(resultsDir, 'e2e-compare-table.png') });
  log('screenshots: test-results/e2e-compare.png, e2e-compare-panel.png, e2e-compare-table.png');
}
