// The example opened as a user opens it (its own folder), palette → "Trainspect: Run with Introspection"
// on examples/pets/train.js (its default 6 epochs: nothing lets the command pass arguments) → the panel's
// Training tab draws the loss curves, which must be on the canvas in the series' colours with numbers in
// the read-out; screenshots of the Training and Pipeline tabs are kept to look at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { quickOpen, runFromPalette, waitForWorkbench, webviewFrame } from './workbench.mjs';

const PETS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/pets');

export const name = 'Run with Introspection on the pets example from the palette; the Training tab draws its loss curves';
/** The folder the workbench opens: the example's own, as a user who cloned it would. */
export const workspace = PETS;

/** The example draws its images itself (data/ is git-ignored). */
function ensureImages() {
  if (!fs.existsSync(path.join(PETS, 'data', 'images'))) execFileSync(process.execPath, [path.join(PETS, 'make-data.js')], { cwd: PETS });
}

/**
 * Runs in the webview: the pixels of the chart's canvas that have the colour of the curve's swatch
 * (uPlot draws the series in exactly that colour; the axes and grid use others), and the canvas size.
 */
function seriesPixels(chart, label) {
  const item = [...chart.querySelectorAll('.readout-item')].find((i) => i.querySelector('.readout-label')?.textContent === label);
  if (!item) return { found: false };
  const [r, g, b] = getComputedStyle(item.querySelector('.swatch')).backgroundColor.match(/\d+/g).map(Number);
  const canvas = chart.querySelector('canvas');
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let matching = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 30) matching++;
  }
  return { found: true, matching, width: canvas.width, height: canvas.height };
}

/** @param {{ page: import('playwright-core').Page, resultsDir: string, log: (s: string) => void }} ctx */
export async function run({ page, resultsDir, log }) {
  ensureImages();
  await waitForWorkbench(page);
  await quickOpen(page, 'train.js');
  log('examples/pets/train.js open');

  const started = Date.now();
  await runFromPalette(page, 'Trainspect: Run with Introspection');
  const panel = webviewFrame(page);
  await panel.locator('button.view-tab[data-view="training"]').click({ timeout: 60_000 });
  log('panel shown, Training tab selected');

  const loss = panel.locator('section.metric-chart[aria-label="loss chart"]');
  await loss.waitFor({ state: 'visible', timeout: 60_000 });
  log(`loss chart shown ${((Date.now() - started) / 1000).toFixed(1)} s after the command`);
  // The run to its end (6 epochs), so the screenshot shows the whole of it.
  await panel.locator('.state-finished').waitFor({ state: 'visible', timeout: 150_000 });
  log(`run finished ${((Date.now() - started) / 1000).toFixed(1)} s after the command`);
  await page.waitForTimeout(500); // the last points are drawn on the next animation frame

  for (const label of ['train', 'train (epoch)', 'val']) {
    const value = await loss.locator('.readout-item', { has: panel.locator('.readout-label', { hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }) }).locator('.readout-value').innerText();
    assert.match(value, /^\d+(\.\d+)?(e[-+]?\d+)?$/, `the loss chart's "${label}" read-out is not a number: ${value}`);
    const pixels = await loss.evaluate(seriesPixels, label);
    log(`loss "${label}": latest ${value}, ${pixels.matching} pixels of its colour on the ${pixels.width}×${pixels.height} canvas`);
    assert.ok(pixels.found, `the loss chart has no "${label}" curve`);
    assert.ok(pixels.matching >= 50, `the loss chart's "${label}" curve is not drawn: ${pixels.matching} pixels of its colour`);
  }
  const titles = await panel.locator('section.metric-chart h4').allInnerTexts();
  assert.deepEqual(titles, ['loss', 'acc'], `charts: ${titles.join(', ')}`);

  const training = path.join(resultsDir, 'e2e-run-with-introspection.png');
  await page.screenshot({ path: training });
  await page.locator('iframe.webview.ready').screenshot({ path: path.join(resultsDir, 'e2e-run-with-introspection-panel.png') });
  log(`screenshots: ${path.relative(process.cwd(), training)}, e2e-run-with-introspection-panel.png`);

  // The Pipeline tab: the steps one item went through, the batch that reaches the model and its images.
  await panel.locator('button.view-tab[data-view="pipeline"]').click();
  await panel.locator('section.pipeline ol.pipeline-steps').waitFor({ state: 'visible', timeout: 10_000 });
  await panel.locator('section.pipeline-batch').waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator('iframe.webview.ready').screenshot({ path: path.join(resultsDir, 'e2e-run-with-introspection-pipeline.png') });
  const images = panel.locator('section.image-batch').first();
  await images.scrollIntoViewIfNeeded();
  const thumbs = await images.locator('figure.thumb').count();
  assert.equal(thumbs, 16, `thumbnails of the first batch: ${thumbs}`);
  await page.locator('iframe.webview.ready').screenshot({ path: path.join(resultsDir, 'e2e-run-with-introspection-images.png') });
  log(`Pipeline tab: steps, batch and ${thumbs} thumbnails shown; screenshots e2e-run-with-introspection-pipeline.png, -images.png`);

  // The Model tab: the layer table of the example's CNN and its weight statistics.
  await panel.locator('button.view-tab[data-view="model"]').click();
  const layers = panel.locator('section.trained-model table.layer-table');
  await layers.waitFor({ state: 'visible', timeout: 10_000 });
  const classes = await layers.locator('tbody td.class-name').allInnerTexts(); // tbody: the totals rows have a cell per column too
  assert.deepEqual(classes, ['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense'], `layers: ${classes.join(', ')}`);
  await page.locator('iframe.webview.ready').screenshot({ path: path.join(resultsDir, 'e2e-run-with-introspection-model.png') });
  log(`Model tab: ${classes.length} layers; screenshot e2e-run-with-introspection-model.png`);
}
