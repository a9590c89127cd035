// The Pipeline view in a real headless chromium, from traces recorded here with real TF.js: the steps,
// the batch line, the failed step, the image grid drawn on canvas (its pixels read back), an item name
// that is markup shown as text; screenshots in a dark and a light theme under test-results/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { TraceEvent } from '../../src/protocol/events';
import { buildOnce, trace } from '../runner/helpers';
import { showRun, startPanelPages, type PanelPages } from './webview-page';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'pipeline');
const RESULTS = path.join(ROOT, 'test-results');

describe('webview: the Pipeline view (headless chromium, recorded traces)', function () {
  this.timeout(90_000);
  let pages: PanelPages;
  let page: Page;
  const traces: Record<string, TraceEvent[]> = {};

  before(async () => {
    buildOnce();
    traces.images = (await trace(path.join(FIXTURES, 'images.cjs'), { cwd: FIXTURES, env: { CHANNELS: '3' } })).events;
    traces.fit = (await trace(path.join(FIXTURES, 'fit.cjs'), { cwd: FIXTURES })).events;
    traces.failed = (await trace(path.join(FIXTURES, 'images.cjs'), { cwd: FIXTURES, env: { BAD: '1' } })).events;
    fs.mkdirSync(RESULTS, { recursive: true });
    pages = await startPanelPages();
  });
  after(async () => pages?.close());
  afterEach(async () => page?.close());

  async function show(events: TraceEvent[], theme: 'dark' | 'light' = 'dark'): Promise<void> {
    page = await pages.open(theme, { width: 860, height: 1000 });
    await showRun(page, events, 'finished', 'images.cjs');
    await page.locator('[role="tab"][data-view="pipeline"]').click();
    await page.waitForSelector('.pipeline-view .pipeline-step');
  }

  it('shows the steps in call order with shapes, the batch line and the image grid drawn from the thumbnails', async () => {
    await show(traces.images);
    const steps = page.locator('.pipeline-step');
    assert.deepEqual(await steps.locator('.call-name').allInnerTexts(), ['getItems', 'map', 'decode', 'labelOf']);
    assert.match(await page.locator('[role="tab"][data-view="pipeline"]').innerText(), /4/);
    assert.match(await steps.nth(1).innerText(), /took the item[\s\S]*name[\s\S]*"dots_0\.img"[\s\S]*xs \[8,8,3\] float32, ys \[2\] int32/);
    assert.match(await page.locator('.pipeline-batch').innerText(), /fitDataset: its first batch[\s\S]*x \[4,8,8,3\] float32 ∈ \[0, 1\][\s\S]*y \[4,2\] int32 ∈ \[0, 1\]/);
    const grids = page.locator('.image-batch');
    assert.equal(await grids.count(), 2);
    assert.deepEqual(await grids.first().locator('figcaption').allInnerTexts(), ['0', '1', '0', '1']);
    // The canvas holds the thumbnail's pixels: the first dots image's top-left pixel is (255, 191, 128).
    const pixel = await grids.first().locator('canvas').first().evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, 1, 1).data));
    assert.deepEqual(pixel, [255, 191, 128, 255]);
    await page.screenshot({ path: path.join(RESULTS, 'pipeline-view-dark.png'), fullPage: true });
  });

  it('marks the failed step with the error, and says no batch reached the model', async () => {
    await show(traces.failed, 'light');
    const failed = page.locator('.pipeline-step.failed');
    assert.equal(await failed.count(), 1);
    assert.match(await failed.innerText(), /decode[\s\S]*threw[\s\S]*cannot decode broken\.img[\s\S]*This step failed/);
    assert.match(await page.locator('.pipeline-step').nth(1).innerText(), /the error of step 3 went through it/);
    assert.match(await page.locator('.pipeline-batch').innerText(), /No batch reached the model: the first one failed/);
    await page.screenshot({ path: path.join(RESULTS, 'pipeline-view-failed-light.png'), fullPage: true });
  });

  it('shows an item name that is markup as text, and fit\'s grid in the light theme', async () => {
    await show(traces.fit, 'light');
    assert.match(await page.locator('.pipeline-item').innerText(), /item 0\s+"<img src=x onerror=window\.__xss=1>_0"/);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.deepEqual(await page.locator('.image-batch figcaption').allInnerTexts(), ['1', '0', '1', '0', '1', '0']);
    assert.match(await page.locator('.image-batch h4').innerText(), /6 of 6 images of the first samples of x as passed to fit/);
    await page.screenshot({ path: path.join(RESULTS, 'pipeline-view-light.png'), fullPage: true });
  });
});
