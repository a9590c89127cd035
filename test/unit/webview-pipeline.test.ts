// The Pipeline view in a real headless chromium, from traces recorded here with real TF.js: the steps,
// the batch line, the failed step, the image grid drawn on canvas (its pixels read back), an item name
// that is markup shown as text; screenshots in a dark and a light theme under test-results/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TraceEvent } from '../../src/protocol/events';
import { buildOnce, trace } from '../runner/helpers';

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'pipeline');
const RESULTS = path.join(ROOT, 'test-results');

const BASE = `--vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 13px;`;
const DARK = `${BASE} --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f;
  --vscode-panel-border: #2b2b2b; --vscode-textLink-foreground: #4daafc; --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8;
  --vscode-errorForeground: #f85149; --vscode-inputValidation-errorBackground: #5a1d1d; --vscode-debugTokenExpression-name: #c586c0;
  --vscode-symbolIcon-methodForeground: #b180d7; --vscode-focusBorder: #0078d4; --vscode-tree-indentGuidesStroke: #585858;`;
const LIGHT = `${BASE} --vscode-foreground: #3b3b3b; --vscode-descriptionForeground: #717171; --vscode-editor-background: #ffffff;
  --vscode-panel-border: #e5e5e5; --vscode-textLink-foreground: #005fb8; --vscode-badge-background: #cccccc; --vscode-badge-foreground: #3b3b3b;
  --vscode-errorForeground: #e51400; --vscode-inputValidation-errorBackground: #f2dede; --vscode-debugTokenExpression-name: #9b46b0;
  --vscode-symbolIcon-methodForeground: #652d90; --vscode-focusBorder: #005fb8; --vscode-tree-indentGuidesStroke: #a9a9a9;`;

describe('webview: the Pipeline view (headless chromium, recorded traces)', function () {
  this.timeout(90_000);
  let browser: Browser;
  let page: Page;
  let dir: string;
  const traces: Record<string, TraceEvent[]> = {};

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium is needed for the webview tests and was not found at ${CHROMIUM}`);
    buildOnce();
    traces.images = (await trace(path.join(FIXTURES, 'images.cjs'), { cwd: FIXTURES, env: { CHANNELS: '3' } })).events;
    traces.fit = (await trace(path.join(FIXTURES, 'fit.cjs'), { cwd: FIXTURES })).events;
    traces.failed = (await trace(path.join(FIXTURES, 'images.cjs'), { cwd: FIXTURES, env: { BAD: '1' } })).events;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-pipeline-view-'));
    await esbuild.build({ entryPoints: [path.join(ROOT, 'src/webview/main.ts')], outfile: path.join(dir, 'main.js'), bundle: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' });
    fs.copyFileSync(path.join(ROOT, 'media/panel.css'), path.join(dir, 'panel.css'));
    fs.mkdirSync(path.join(dir, 'codicons'));
    for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(ROOT, 'node_modules/@vscode/codicons/dist', f), path.join(dir, 'codicons', f));
    const nonce = 'pipelinenonce1';
    for (const [name, theme] of [['dark', DARK], ['light', LIGHT]]) {
      fs.writeFileSync(path.join(dir, `${name}.html`), `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src file: 'nonce-${nonce}'; font-src file:; img-src file: data:;">
<link rel="stylesheet" href="codicons/codicon.css"><link rel="stylesheet" href="panel.css">
<style nonce="${nonce}">html { ${theme} }</style>
<script nonce="${nonce}">
  window.__posted = [];
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => null, setState: () => {} });
</script></head><body><script nonce="${nonce}" src="main.js"></script></body></html>`);
    }
    fs.mkdirSync(RESULTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => page?.close());

  async function show(events: TraceEvent[], theme = 'dark'): Promise<void> {
    page = await browser.newPage({ viewport: { width: 860, height: 1000 } });
    await page.goto(pathToFileURL(path.join(dir, `${theme}.html`)).href);
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'show-run', runId: 'r1', title: 'images.cjs', state: 'finished', keepRunning: false, events });
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
