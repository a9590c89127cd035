// The training charts in a real headless chromium, bundled by esbuild as the panel is and under the
// panel's kind of CSP: 3 curves of 100,000 points (and 2 of 1,000), appended as a trace arrives and then
// batch by batch as a live run. Checks that smoothing, log axes, zoom and the read-out change what is
// drawn, that the theme's colours are used and followed, and leaves screenshots in test-results/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { BatchEvent, EpochEvent, ExitEvent, ModelEvent, StepEvent, TraceEvent } from '../../src/protocol/events';
import { buildRuntime, runTraced } from './runtime/run-traced';
// @ts-expect-error: a plain .mjs helper shared with the e2e test, run inside the page
import { unreadableTextScript } from '../e2e/readability.mjs';

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = path.join(ROOT, 'test-results');
const N = 100_000;

/** The variables VS Code sets for each kind of theme (its default themes' values), and the body's class. */
const THEMES = {
  dark: {
    body: 'vscode-dark',
    vars: `--vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f; --vscode-panel-border: #2b2b2b;
      --vscode-charts-foreground: #cccccc; --vscode-charts-lines: #cccccc80; --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616;
      --vscode-charts-green: #89d185; --vscode-charts-purple: #b180d7; --vscode-charts-red: #f14c4c; --vscode-charts-yellow: #cca700;
      --vscode-button-background: #0078d4; --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc;
      --vscode-dropdown-background: #313131; --vscode-dropdown-foreground: #cccccc; --vscode-dropdown-border: #3c3c3c; --vscode-editor-selectionBackground: #264f78;`,
  },
  light: {
    body: 'vscode-light',
    vars: `--vscode-foreground: #3b3b3b; --vscode-descriptionForeground: #5f5f5f; --vscode-editor-background: #ffffff; --vscode-panel-border: #e5e5e5;
      --vscode-charts-foreground: #3b3b3b; --vscode-charts-lines: #3b3b3b80; --vscode-charts-blue: #1a85ff; --vscode-charts-orange: #d18616;
      --vscode-charts-green: #388a34; --vscode-charts-purple: #652d90; --vscode-charts-red: #e51400; --vscode-charts-yellow: #bf8803;
      --vscode-button-background: #005fb8; --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryForeground: #3b3b3b;
      --vscode-dropdown-background: #ffffff; --vscode-dropdown-foreground: #3b3b3b; --vscode-dropdown-border: #cecece; --vscode-editor-selectionBackground: #add6ff;`,
  },
  'high-contrast': {
    body: 'vscode-high-contrast',
    vars: `--vscode-foreground: #ffffff; --vscode-descriptionForeground: #ffffffb3; --vscode-editor-background: #000000; --vscode-panel-border: #6fc3df;
      --vscode-charts-foreground: #ffffff; --vscode-charts-lines: #ffffff80; --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616;
      --vscode-charts-green: #89d185; --vscode-charts-purple: #b180d7; --vscode-charts-red: #f48771; --vscode-charts-yellow: #ffd370;
      --vscode-button-background: #000000; --vscode-button-border: #6fc3df; --vscode-button-secondaryBackground: #000000; --vscode-button-secondaryForeground: #ffffff;
      --vscode-dropdown-background: #000000; --vscode-dropdown-foreground: #ffffff; --vscode-dropdown-border: #6fc3df; --vscode-contrastBorder: #6fc3df;`,
  },
  'high-contrast-light': {
    body: 'vscode-high-contrast-light',
    vars: `--vscode-foreground: #292929; --vscode-descriptionForeground: #292929b3; --vscode-editor-background: #ffffff; --vscode-panel-border: #0f4a85;
      --vscode-charts-foreground: #292929; --vscode-charts-lines: #29292980; --vscode-charts-blue: #0f4a85; --vscode-charts-orange: #b5200d;
      --vscode-charts-green: #374e06; --vscode-charts-purple: #652d90; --vscode-charts-red: #b5200d; --vscode-charts-yellow: #895503;
      --vscode-button-background: #0f4a85; --vscode-button-border: #0f4a85; --vscode-button-secondaryBackground: #ffffff; --vscode-button-secondaryForeground: #292929;
      --vscode-dropdown-background: #ffffff; --vscode-dropdown-foreground: #292929; --vscode-dropdown-border: #0f4a85; --vscode-contrastBorder: #0f4a85;`,
  },
} as const;
type ThemeName = keyof typeof THEMES;

interface Harness {
  mount(): void;
  load(batches: number, chunk: number): { appendMs: number; drawMs: number; stored: number; drawn: number };
  stream(from: number, batches: number): number[];
  setSettings(settings: Record<string, unknown>): number;
  chart(id: string): { zoom: { min: number; max: number } | null; yRange: { min: number; max: number } | null; drawn: number; stored: number; readout: string };
  countColor(id: string, rgb: [number, number, number], tolerance?: number): number;
  flush(): void;
}
declare const harness: Harness;

const hex = (color: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(1)} ms`;

describe('training charts (headless chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  let dir: string;
  const timings: string[] = [];

  before(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium is needed for the webview tests and was not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-charts-'));
    await esbuild.build({ entryPoints: [path.join(__dirname, 'training-charts.page.ts')], outfile: path.join(dir, 'page.js'), bundle: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' });
    const nonce = 'chartnonce42';
    for (const [name, theme] of Object.entries(THEMES)) {
      fs.writeFileSync(path.join(dir, `${name}.html`), `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src file: 'nonce-${nonce}'; font-src file:; img-src file: data:;">
<style nonce="${nonce}">html { --vscode-font-family: sans-serif; --vscode-font-size: 13px; ${theme.vars} }
body { margin: 0; padding: 0 16px; color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }</style>
<script nonce="${nonce}">window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));</script>
</head><body class="${theme.body}"><script nonce="${nonce}" src="page.js"></script></body></html>`);
    }
    fs.mkdirSync(RESULTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
  });

  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (timings.length) console.log(`      timings: ${timings.join('; ')}`);
  });

  afterEach(async () => {
    if (page) assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'nothing blocked by the CSP');
    await page?.close();
  });

  async function open(theme: ThemeName, width = 900): Promise<void> {
    page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(path.join(dir, `${theme}.html`)).href);
    await page.evaluate(() => harness.mount());
    assert.deepEqual(errors, []);
  }

  const load = () => page.evaluate((n) => harness.load(n, 1000), N);
  const chart = (id: string) => page.evaluate((i) => harness.chart(i), id);
  const plotBox = async (id: string) => (await page.locator(`section[aria-label="${id} chart"] .u-over`).boundingBox())!;

  it('draws 3 curves of 100,000 points and 2 of 1,000 from the start, then appends batch by batch, thinned to the pixel columns', async () => {
    await open('dark');
    const loaded = await load();
    assert.equal(loaded.stored, 3 * N + 2 * (N / 100), 'every point kept');
    assert.ok(loaded.drawn < 3 * 4 * 1000, `thinned for drawing: ${loaded.drawn} points drawn`);
    const frames = await page.evaluate((from) => harness.stream(from, 300), N + 1);
    timings.push(`append ${3 * N + 2000} points ${ms(loaded.appendMs)}, first draw ${ms(loaded.drawMs)}, one batch appended and drawn: median ${ms(median(frames))}, max ${ms(Math.max(...frames))}`);
    assert.equal((await chart('m1/loss')).stored, N + 300 + (N + 300) / 100);
    assert.ok(loaded.drawMs < 5_000 && median(frames) < 1_000, 'not a hang (the numbers are reported, not asserted tightly)');
    assert.match((await chart('m1/loss')).readout, /latest[\s\S]*train[\s\S]*raw[\s\S]*val/);
  });

  it('smoothing changes the curve drawn over the faint raw one, and the slider says the weight', async () => {
    await open('dark');
    await load();
    const blue = hex('#3794ff');
    const at = async (smoothing: number) => {
      const redraw = await page.evaluate((s) => harness.setSettings({ smoothing: s }), smoothing);
      return { redraw, bluePixels: await page.evaluate((rgb) => harness.countColor('m1/loss', rgb), blue) };
    };
    const none = await at(0);
    const heavy = await at(0.99);
    timings.push(`re-smooth ${3 * N + 2000} points and redraw ${ms(heavy.redraw)}`);
    // Unsmoothed, the full-colour line is the noisy raw one and fills a band; smoothed, it is a thin line.
    assert.ok(heavy.bluePixels < none.bluePixels * 0.5, `full-colour pixels: ${none.bluePixels} unsmoothed, ${heavy.bluePixels} smoothed`);
    await page.locator('input[data-setting="smoothing"]').fill('0.6');
    assert.equal(await page.locator('.chart-toolbar output').innerText(), '0.6');
    assert.ok(await page.evaluate((rgb) => harness.countColor('m1/loss', rgb), blue) < none.bluePixels);
  });

  it('log y puts the loss on powers of ten and keeps accuracy on 0–1 otherwise; log x spreads the first batches', async () => {
    await open('light');
    await load();
    assert.deepEqual((await chart('m1/acc')).yRange, { min: 0, max: 1 }, 'accuracy on 0–1');
    const linear = (await chart('m1/loss')).yRange!;
    const before = await page.locator('section[aria-label="loss chart"] canvas').screenshot();
    await page.locator('input[data-setting="logY"]').check();
    await page.evaluate(() => harness.flush());
    const log = (await chart('m1/loss')).yRange!;
    assert.notDeepEqual(log, linear);
    assert.ok(linear.min <= 0.05 && log.min > 0.01 && log.min < 0.1 && log.max >= 6, `the loss from its lowest (> 0.05) to its spike (6) on a log axis: ${JSON.stringify(log)}, linear ${JSON.stringify(linear)}`);
    assert.ok(!before.equals(await page.locator('section[aria-label="loss chart"] canvas').screenshot()), 'drawn differently');

    await page.locator('input[data-setting="logX"]').check();
    await page.evaluate(() => harness.flush());
    // on a log x axis batches 1–100 take a good part of the width: hovering 20% in reads a batch below 100
    const box = await plotBox('loss');
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
    const hovered = Number(/Batch ([\d,]+)/.exec((await chart('m1/loss')).readout)?.[1].replace(/,/g, ''));
    assert.ok(hovered > 1 && hovered < 100, `hovered batch ${hovered}`);
  });

  it('zooms to a dragged range at full resolution, reads out the point under the cursor, and double-click shows the whole run', async () => {
    await open('dark');
    await load();
    const box = await plotBox('loss');
    const batchesPerPixel = N / box.width;
    await page.mouse.move(box.x + box.width * 0.5, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5 + 6, box.y + 40, { steps: 3 });
    await page.mouse.up();
    await page.evaluate(() => harness.flush());
    const zoomed = await chart('m1/loss');
    assert.ok(zoomed.zoom && Math.abs(zoomed.zoom.min - N / 2) < 2 * batchesPerPixel && Math.abs(zoomed.zoom.max - zoomed.zoom.min - 6 * batchesPerPixel) < 2 * batchesPerPixel, `zoom ${JSON.stringify(zoomed.zoom)}`);
    const width = zoomed.zoom!.max - zoomed.zoom!.min;
    // every batch in the window (no thinning needed at this width), the epoch-end validation points in it, and one beyond each edge per curve
    assert.ok(Math.abs(zoomed.drawn - width * 1.01) <= 6, `every point in the ${width.toFixed(0)}-batch window drawn: ${zoomed.drawn}`);
    assert.ok(await page.locator('section[aria-label="loss chart"] .reset-zoom').isVisible());

    await page.mouse.move(box.x + box.width * 0.5 + 15, box.y + box.height / 2);
    const readout = (await chart('m1/loss')).readout;
    const x = Number(/Batch ([\d,]+)/.exec(readout)?.[1].replace(/,/g, ''));
    assert.ok(Number.isFinite(x), readout);
    assert.ok(x >= zoomed.zoom!.min && x <= zoomed.zoom!.max, readout);
    assert.match(readout, /train\s*[\d.]+\s*raw [\d.]+/);

    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    await page.evaluate(() => harness.flush());
    assert.equal((await chart('m1/loss')).zoom, null);
    assert.ok(!(await page.locator('section[aria-label="loss chart"] .reset-zoom').isVisible()));
  });

  it('x by epoch or by wall time', async () => {
    await open('dark');
    await load();
    await page.locator('select[data-setting="xAxis"]').selectOption('epoch');
    await page.evaluate(() => harness.flush());
    const box = await plotBox('loss');
    // at the right edge (a little past the last point while the run grows), the point read out is the last
    const nearest = () => page.locator('section[aria-label="loss chart"] .readout-value').first().getAttribute('title');
    await page.mouse.move(box.x + box.width - 2, box.y + 30);
    assert.match((await chart('m1/loss')).readout, /Epoch 10[0-3]\d/);
    assert.equal(await nearest(), 'Epoch 1000');
    await page.locator('select[data-setting="xAxis"]').selectOption('time');
    await page.evaluate(() => harness.flush());
    await page.mouse.move(box.x + box.width - 3, box.y + 31);
    assert.match((await chart('m1/loss')).readout, /Time 2\d:\d\d/);
    assert.equal(await nearest(), 'Time 20:00', 'batch 100,000 at 12 ms a batch: 20 minutes');
  });

  it('uses the theme\'s chart colours and follows a theme change', async () => {
    await open('dark');
    await load();
    const darkBlue = hex('#3794ff');
    const lightBlue = hex('#1a85ff');
    assert.ok(await page.evaluate((rgb) => harness.countColor('m1/loss', rgb, 6), darkBlue) > 200);
    // as VS Code does it: the variables on <html> through the CSSOM (a style attribute would break the CSP), then the class
    const vars = THEMES.light.vars.split(';').map((d) => d.split(':').map((p) => p.trim())).filter(([name]) => name);
    await page.evaluate((declarations) => {
      for (const [name, value] of declarations) document.documentElement.style.setProperty(name, value);
      document.body.className = 'vscode-light';
    }, vars);
    await page.evaluate(() => new Promise(requestAnimationFrame));
    await page.evaluate(() => harness.flush());
    assert.ok(await page.evaluate((rgb) => harness.countColor('m1/loss', rgb, 6), lightBlue) > 200, 'the light theme\'s blue');
    assert.equal(await page.evaluate((rgb) => harness.countColor('m1/loss', rgb, 6), darkBlue), 0, 'none of the dark theme\'s');
  });

  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    for (const width of [900, 340]) {
      it(`is readable in the ${theme} theme at ${width} px (screenshot in test-results/)`, async () => {
        await open(theme, width);
        await load();
        await page.evaluate(() => harness.setSettings({ smoothing: 0.9 }));
        const box = await plotBox('loss');
        await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
        await page.screenshot({ path: path.join(RESULTS, `training-charts-${theme}-${width}.png`), fullPage: true });
        const { checked, problems } = await page.evaluate(unreadableTextScript({ selector: '.chart-toolbar label, .chart-toolbar output, .metric-chart h4, .chart-readout span:not(.swatch)', minContrast: 4.5 })) as { checked: number; problems: string[] };
        assert.ok(checked >= 10, `checked ${checked}`);
        assert.deepEqual(problems, []);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, 'nothing wider than the view');
      });
    }
  }
});

describe('Training view in the panel (headless chromium)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  let dir: string;
  let recorded: TraceEvent[];
  const customLoop: Record<'trainOnBatch' | 'minimize' | 'minimize-no-cost', TraceEvent[]> = { trainOnBatch: [], minimize: [], 'minimize-no-cost': [] };

  before(async () => {
    buildRuntime();
    const traced = await runTraced(path.join(ROOT, 'test/fixtures/training/curves.cjs'));
    assert.equal(traced.code, 0, traced.stderr);
    recorded = traced.events;
    for (const loop of ['trainOnBatch', 'minimize-no-cost'] as const) {
      const custom = await runTraced(path.join(ROOT, 'test/fixtures/training/loop-steps.cjs'), { args: [loop] });
      assert.equal(custom.code, 0, custom.stderr);
      customLoop[loop] = custom.events;
    }
    const minimize = await runTraced(path.join(ROOT, 'test/fixtures/training/custom-loop.cjs'), { args: ['minimize'] });
    assert.equal(minimize.code, 0, minimize.stderr);
    customLoop.minimize = minimize.events;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-training-view-'));
    await esbuild.build({ entryPoints: [path.join(ROOT, 'src/webview/main.ts')], outfile: path.join(dir, 'main.js'), bundle: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'silent' });
    fs.copyFileSync(path.join(ROOT, 'media/panel.css'), path.join(dir, 'panel.css'));
    fs.mkdirSync(path.join(dir, 'codicons'));
    for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(ROOT, 'node_modules/@vscode/codicons/dist', f), path.join(dir, 'codicons', f));
    const nonce = 'viewnonce7';
    fs.writeFileSync(path.join(dir, 'index.html'), `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src file: 'nonce-${nonce}'; font-src file:; img-src file: data:;">
<link rel="stylesheet" href="codicons/codicon.css"><link rel="stylesheet" href="panel.css">
<style nonce="${nonce}">html { --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 13px; ${THEMES.dark.vars} }</style>
<script nonce="${nonce}">
  window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.__state = JSON.parse(sessionStorage.getItem('state') || 'null');
  window.acquireVsCodeApi = () => ({ postMessage: () => {}, getState: () => window.__state, setState: (s) => { window.__state = s; sessionStorage.setItem('state', JSON.stringify(s)); } });
</script></head><body class="vscode-dark"><script nonce="${nonce}" src="main.js"></script></body></html>`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'] });
  });

  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    if (page) assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), [], 'nothing blocked by the CSP');
    await page?.close();
  });

  async function open(width = 900): Promise<string[]> {
    page = await browser.newPage({ viewport: { width, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);
    return errors;
  }
  const send = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);
  const readout = (title: string) => page.locator(`section[aria-label="${title} chart"] .chart-readout`).innerText();
  const nearest = (title: string) => page.locator(`section[aria-label="${title} chart"] .readout-value`).first().getAttribute('title');
  /** Sets the smoothing to 0 and waits for the charts' next draw (a frame later): the read-out then shows no raw value beside the drawn one. */
  const smoothingOff = async (title: string): Promise<void> => {
    await page.locator('input[data-setting="smoothing"]').fill('0');
    await page.locator(`section[aria-label="${title} chart"] .chart-readout`).filter({ hasNotText: 'raw ' }).waitFor();
  };

  it('draws a recorded run of a real TF.js model: a chart per metric with batches, epochs and validation, two fit calls end to end', async () => {
    const errors = await open();
    await send({ type: 'show-run', runId: 'r1', title: 'curves.cjs', state: 'finished', keepRunning: true, events: recorded });
    const tab = page.locator('button[data-view="training"]');
    assert.equal(await tab.locator('.badge').innerText(), '1', 'one model trained');
    await tab.click(); // mounted now, after the run: it catches up with every point
    await page.locator('.metric-chart canvas').first().waitFor();
    assert.deepEqual(await page.locator('.metric-chart h4').allInnerTexts(), ['loss', 'acc']);
    const epochs = recorded.filter((e): e is EpochEvent => e.type === 'epoch');
    const lastValLoss = Number(Number(epochs.at(-1)!.logs.val_loss).toPrecision(4));
    const lastEpochLoss = Number(Number(epochs.at(-1)!.logs.loss).toPrecision(4));
    const number = (x: number) => String(x).replace('.', '\\.');
    // The batch curve smoothed (its raw value beside it); the per-epoch ones drawn as they are, at the smoothing's default 0.6.
    assert.equal(await page.locator('input[data-setting="smoothing"]').inputValue(), '0.6');
    assert.match(await readout('loss'), new RegExp(`^latest\\s+train\\s*\\S+\\s*raw \\S+\\s+val\\s*${number(lastValLoss)}\\s+train \\(epoch\\)\\s*${number(lastEpochLoss)}$`));
    const box = (await page.locator('section[aria-label="loss chart"] .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    assert.equal(await nearest('loss'), 'Batch 512', 'the second fit call carries on where the first ended: 16 epochs of 32 batches');
    await page.screenshot({ path: path.join(RESULTS, 'training-view-recorded-dark.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });

  it('the header says where training is while it runs, and how many epochs it trained once the run ended', async () => {
    await open();
    const trainingFact = () => page.evaluate(() => {
      const dt = [...document.querySelectorAll('.run-header .facts dt')].find((d) => /^Train(ing|ed)$/.test(d.textContent ?? ''));
      return dt ? `${dt.textContent} ${(dt.nextElementSibling as HTMLElement).innerText}` : '';
    });
    const afterEpochs = (fitCall: number, n: number) => recorded.findIndex((e) => e.type === 'epoch' && e.fitCall === fitCall && e.epoch === n - 1) + 1;
    const third = afterEpochs(1, 3);
    await send({ type: 'show-run', runId: 'h1', title: 'curves.cjs', state: 'running', keepRunning: true, events: recorded.slice(0, third) });
    await page.locator('.run-header .facts').waitFor();
    assert.equal(await trainingFact(), 'Training (fit) · epoch 3/12', 'the third epoch ended, the fourth not begun');
    const inFourth = recorded.findIndex((e, i) => i >= third && e.type === 'batch');
    await send({ type: 'append-events', runId: 'h1', events: recorded.slice(third, inFourth + 1) });
    await page.waitForFunction(() => /epoch 4\/12/.test(document.querySelector('.run-header .facts')?.textContent ?? ''));
    const secondFit = recorded.findIndex((e) => e.type === 'batch' && e.fitCall === 2);
    await send({ type: 'append-events', runId: 'h1', events: recorded.slice(inFourth + 1, secondFit + 1) });
    await page.waitForFunction(() => /epoch 1\/4/.test(document.querySelector('.run-header .facts')?.textContent ?? ''));
    assert.equal(await trainingFact(), 'Training (fit) · epoch 1/4', 'the second fit call, by its own epochs');
    await page.screenshot({ path: path.join(RESULTS, 'header-training-running-dark.png') });
    // the host writes the exit event (the runtime's events end before it)
    const exit: ExitEvent = { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 4_200, time: recorded.at(-1)!.time + 1 };
    await send({ type: 'append-events', runId: 'h1', events: [...recorded.slice(secondFit + 1), exit] });
    await page.locator('.run-header .state-finished').waitFor();
    assert.equal(await trainingFact(), 'Trained 16 epochs (fit) · exited with code 0 after 4.2 s');
    assert.doesNotMatch(await page.locator('.run-header').innerText(), /began/, 'not "began" once it is over');
    await page.screenshot({ path: path.join(RESULTS, 'header-training-finished-dark.png') });
  });

  it('follows a live run at full resolution, every batch, and keeps its settings across a reload', async () => {
    await open();
    await send({ type: 'show-run', runId: 'r2', title: 'curves.cjs', state: 'running', keepRunning: true, events: recorded });
    await page.locator('button[data-view="training"]').click();
    await page.locator('.metric-chart canvas').first().waitFor();
    // a third fit call of 5,000 batches, far more than the run model keeps (about 1,500 a curve): loss = batch / 10,000
    const fit = { ...(recorded.find((e) => e.type === 'model') as ModelEvent), fitCall: 3, epochs: 50, samples: 1_600, batchSize: 16, time: 1e6 };
    const more: TraceEvent[] = [fit];
    for (let i = 0; i < 5_000; i++) more.push({ type: 'batch', modelId: 1, fitCall: 3, epoch: Math.floor(i / 100), batch: i % 100, size: 16, logs: { loss: (513 + i) / 10_000, acc: 0.5 }, durationMs: 1, time: 1e6 + i } satisfies BatchEvent);
    for (let i = 0; i < more.length; i += 500) {
      await send({ type: 'append-events', runId: 'r2', events: more.slice(i, i + 500) });
      await page.waitForFunction((step) => document.querySelector('section[aria-label="loss chart"] .readout-value')?.getAttribute('title') === `Batch ${step}`, (512 + Math.min(i + 499, 5_000)).toLocaleString('en-US'));
    }
    await smoothingOff('loss');
    const box = (await page.locator('section[aria-label="loss chart"] .u-over').boundingBox())!;
    for (const at of [0.31, 0.52, 0.77, 0.93]) {
      await page.mouse.move(box.x + box.width * at, box.y + box.height / 2);
      const step = Number((await nearest('loss'))!.replace(/\D/g, ''));
      assert.ok(step > 512, `hovered batch ${step}`);
      assert.match(await readout('loss'), new RegExp(`train\\s*${String(Number((step / 10_000).toPrecision(4))).replace('.', '\\.')}\\b`), `batch ${step}'s own value, not a neighbour's`);
    }
    // zoomed in to some 80 batches, moving the cursor a pixel at a time meets every batch: none was left out
    await page.mouse.move(box.x + box.width * 0.6, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6 + 6, box.y + 40, { steps: 3 });
    await page.mouse.up();
    await page.locator('section[aria-label="loss chart"] .reset-zoom').waitFor();
    const met = new Set<number>();
    for (let px = 100; px < 200; px++) {
      await page.mouse.move(box.x + px, box.y + box.height / 2);
      met.add(Number((await nearest('loss'))!.replace(/\D/g, '')));
    }
    const steps = [...met].sort((a, b) => a - b);
    assert.ok(steps.length >= 15 && steps.at(-1)! - steps[0] === steps.length - 1, `consecutive batches: ${steps.join(' ')}`);

    await page.locator('input[data-setting="logY"]').check();
    await page.locator('select[data-setting="xAxis"]').selectOption('epoch');
    await page.waitForFunction(() => (window as unknown as { __state?: { shell?: { views?: { training?: { xAxis?: string } } } } }).__state?.shell?.views?.training?.xAxis === 'epoch');
    await page.reload();
    await page.locator('.metric-chart canvas').first().waitFor();
    assert.equal(await page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-view'), 'training');
    assert.equal(await page.locator('input[data-setting="smoothing"]').inputValue(), '0');
    assert.ok(await page.locator('input[data-setting="logY"]').isChecked());
    assert.equal(await page.locator('select[data-setting="xAxis"]').inputValue(), 'epoch');
  });

  it('says so when there is no training yet, and is readable at 340 px', async () => {
    await open(340);
    await send({ type: 'show-run', runId: 'r3', title: 'curves.cjs', state: 'running', keepRunning: false, events: recorded.filter((e) => !['model', 'batch', 'epoch', 'memory', 'weights'].includes(e.type)) });
    await page.locator('button[data-view="training"]').click();
    await page.locator('.training-view .training-empty', { hasText: 'No training yet' }).waitFor();
    await send({ type: 'append-events', runId: 'r3', events: recorded.filter((e) => ['model', 'batch', 'epoch'].includes(e.type)) });
    await page.locator('.metric-chart canvas').first().waitFor();
    assert.ok(!(await page.locator('.training-view .training-empty').isVisible()));
    await page.screenshot({ path: path.join(RESULTS, 'training-view-dark-340.png'), fullPage: true });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing wider than the view');
  });

  it('after a reload of a finished run, says the curves show every k-th batch as saved for the panel', async () => {
    await open();
    await send({ type: 'show-run', runId: 'r4', title: 'curves.cjs', state: 'finished', keepRunning: true, events: recorded });
    await page.locator('button[data-view="training"]').click();
    await page.locator('.metric-chart canvas').first().waitFor();
    assert.ok(!(await page.locator('.training-note.left-out').isVisible()), 'every batch: no note');
    await page.waitForFunction(() => (window as unknown as { __state?: { shell?: { view?: string } } }).__state?.shell?.view === 'training');
    await page.reload(); // no host here to send the run again: the panel shows what it saved
    await page.locator('.metric-chart canvas').first().waitFor();
    // 512 batches; the panel saves at most 500 batch events: every 2nd past that
    assert.equal(await page.locator('.training-note.left-out').innerText(), 'Showing every 2nd batch up to batch 512, as saved for the panel; the trace file has every batch.');
    const box = (await page.locator('section[aria-label="loss chart"] .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    assert.equal(await nearest('loss'), 'Batch 511', 'batch numbers as in the run (the last saved is 511 of 512), not as the 256 saved ones count');
    await page.screenshot({ path: path.join(RESULTS, 'training-view-reloaded-dark.png'), fullPage: true });
  });

  it('draws a custom loop\'s curves from a real run: trainOnBatch\'s loss and metric per step and its tensor count, titled by the loop', async () => {
    const errors = await open();
    const steps = customLoop.trainOnBatch.filter((e): e is StepEvent => e.type === 'step');
    assert.equal(steps.length, 24);
    await send({ type: 'show-run', runId: 'r5', title: 'loop-steps.cjs', state: 'finished', keepRunning: false, events: customLoop.trainOnBatch });
    const tab = page.locator('button[data-view="training"]');
    assert.equal(await tab.locator('.badge').innerText(), '1', 'one custom loop');
    await tab.click();
    await page.locator('.metric-chart canvas').first().waitFor();
    assert.deepEqual(await page.locator('.metric-chart h4').allInnerTexts(), ['loss (steps.trainOnBatch)', 'mse (steps.trainOnBatch)', 'tensors (steps.trainOnBatch)']);
    assert.ok(!(await page.locator('.training-view .training-empty').isVisible()));
    assert.match(await page.locator('.run-header .facts').innerText(), /Trained\s+24 steps \(trainOnBatch\)/, 'the header counts the steps');
    const last = steps.at(-1)!;
    const number = (x: number) => String(Number(x.toPrecision(4))).replace('.', '\\.');
    // smoothed by default: the raw value is the last step's; at 0 the curve is the raw values
    assert.match(await readout('loss (steps.trainOnBatch)'), new RegExp(`^latest\\s+train\\s*\\S+\\s*raw ${number(last.logs.loss as number)}$`));
    await smoothingOff('loss (steps.trainOnBatch)');
    assert.match(await readout('loss (steps.trainOnBatch)'), new RegExp(`^latest\\s+train\\s*${number(last.logs.loss as number)}\\b`));
    assert.match(await readout('tensors (steps.trainOnBatch)'), new RegExp(`^latest\\s+tensors\\s*${last.numTensors}$`), 'memory drawn as it is');
    const box = (await page.locator('section[aria-label="loss (steps.trainOnBatch) chart"] .u-over').boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    assert.equal(await nearest('loss (steps.trainOnBatch)'), 'Batch 1', 'the first step');
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2);
    assert.equal(await nearest('loss (steps.trainOnBatch)'), 'Batch 24', 'one point per step');
    await page.locator('input[data-setting="logY"]').check();
    await page.locator('section[aria-label="tensors (steps.trainOnBatch) chart"] canvas').waitFor();
    await page.screenshot({ path: path.join(RESULTS, 'training-view-custom-loop-dark.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });

  it('says how to have a custom loop\'s loss plotted: minimize without returnCost draws memory only, minimize(f, true) its cost too', async () => {
    await open(340);
    await send({ type: 'show-run', runId: 'r6', title: 'loop-steps.cjs minimize-no-cost', state: 'finished', keepRunning: false, events: customLoop['minimize-no-cost'] });
    await page.locator('button[data-view="training"]').click();
    await page.locator('.metric-chart canvas').first().waitFor();
    assert.deepEqual(await page.locator('.metric-chart h4').allInnerTexts(), ['tensors (adam.minimize)']);
    const note = page.locator('.training-note.no-loss');
    assert.equal(await note.innerText(), 'adam.minimize returned no loss, so only its memory is plotted: call optimizer.minimize(f, true) to have the cost returned, and plotted here per step.');
    await page.screenshot({ path: path.join(RESULTS, 'training-view-custom-loop-no-loss-dark-340.png'), fullPage: true });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing wider than the view');

    await send({ type: 'show-run', runId: 'r7', title: 'custom-loop.cjs minimize', state: 'finished', keepRunning: false, events: customLoop.minimize });
    await page.locator('.metric-chart h4', { hasText: 'loss (sgd.minimize)' }).waitFor();
    assert.deepEqual(await page.locator('.metric-chart h4').allInnerTexts(), ['loss (sgd.minimize)', 'tensors (sgd.minimize)']);
    assert.ok(!(await note.isVisible()));
  });

  it('before a custom loop\'s first step, and for a run that did not train, says what it plots and how to have a value plotted', async () => {
    await open(340);
    const beforeSteps = customLoop.trainOnBatch.filter((e) => e.type !== 'step');
    await send({ type: 'show-run', runId: 'r8', title: 'loop-steps.cjs', state: 'running', keepRunning: false, events: beforeSteps });
    await page.locator('button[data-view="training"]').click();
    const empty = page.locator('.training-view .training-empty');
    await empty.waitFor();
    const text = await empty.innerText();
    assert.match(text, /This run trains with model\.trainOnBatch, a custom loop: its curves appear here as its steps end\./);
    assert.match(text, /A custom loop plots what its steps return, per step, with its tensor count: the loss and metrics model\.trainOnBatch resolves to, and the cost of optimizer\.minimize\(f, true\) \(without true, minimize returns no cost, and only memory is plotted\)\./);
    assert.match(text, /Curves come from model\.fit and model\.fitDataset by themselves/);
    assert.equal(await empty.locator('.codicon-graph-line').count(), 1);
    assert.equal(await page.locator('.metric-chart').count(), 0);
    await page.screenshot({ path: path.join(RESULTS, 'training-view-custom-loop-before-steps-dark-340.png'), fullPage: true });
    const { checked, problems } = await page.evaluate(unreadableTextScript({ selector: '.training-empty p, .training-empty code', minContrast: 4.5 })) as { checked: number; problems: string[] };
    assert.ok(checked >= 3, `checked ${checked}`);
    assert.deepEqual(problems, []);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing wider than the view');

    // The steps arrive: the curves replace the note.
    await send({ type: 'append-events', runId: 'r8', events: customLoop.trainOnBatch.filter((e) => e.type === 'step') });
    await page.locator('.metric-chart canvas').first().waitFor();
    assert.ok(!(await empty.isVisible()));

    const run = customLoop.trainOnBatch[0];
    const exit: ExitEvent = { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 100, time: 100 };
    await send({ type: 'show-run', runId: 'r9', title: 'nothing', state: 'finished', keepRunning: false, events: [run, exit] });
    assert.match(await empty.innerText(), /No curves: this run did not call model\.fit or model\.fitDataset, nor step a custom loop\.[\s\S]*optimizer\.minimize\(f, true\)/);
  });
});
