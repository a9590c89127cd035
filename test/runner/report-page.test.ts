// The HTML report in real chromium, every request but the report file's own aborted: a real run with
// something for every view (test/fixtures/report/everything.cjs), its report written by the CLI, and the
// same trace (--shapes all: the Shapes view has lines too) shown in the panel (test/unit/webview-page.ts) as a panel that saved the run (its catch-up) shows it. Each
// view's text must be the panel's; the report must ask for nothing, follow the system's light or dark
// scheme and its switch, keep a hostile captured string as text, and stay interactive.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { packageRoot } from '../../src/host/paths';
import { showRun, startPanelPages, type PanelPages } from '../unit/webview-page';
import { buildOnce, catchUpOfTrace, CLI } from './helpers';
// @ts-expect-error: a plain .mjs helper shared with the e2e test, run inside the page
import { unreadableTextScript } from '../e2e/readability.mjs';

const ROOT = packageRoot();
const SCREENSHOTS = path.join(ROOT, 'test-results');
const VIEWPORT = { width: 1000, height: 1200 };
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const viewText = (page: Page, id: string): Promise<string> => page.locator(`#view-${id}`).innerText().then(squash);

describe('report: the HTML report in chromium, offline, beside the panel', function () {
  this.timeout(120_000);
  let tmp: string;
  let reportUrl: string;
  let pages: PanelPages;
  let panelEvents: Awaited<ReturnType<typeof catchUpOfTrace>>;

  before(async () => {
    buildOnce();
    execFileSync(process.execPath, ['esbuild.js', 'webview'], { cwd: ROOT, stdio: 'inherit' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-report-page-'));
    const trace = path.join(tmp, 'everything.jsonl');
    const report = path.join(tmp, 'everything.html');
    const r = spawnSync(process.execPath, [CLI, 'run', '--quiet', '--shapes', 'all', '--out', trace, '--report', report, 'everything.cjs'], { cwd: path.join(ROOT, 'test', 'fixtures', 'report') });
    assert.equal(r.status, 1, r.stderr.toString());
    reportUrl = pathToFileURL(report).href;
    panelEvents = await catchUpOfTrace(trace);
    pages = await startPanelPages();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  after(async () => {
    await pages?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The report with every request but its own file's aborted; `requests` collects every URL asked for. */
  async function openReport(colorScheme: 'light' | 'dark'): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const page = await pages.browser.newPage({ viewport: VIEWPORT, colorScheme });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.route('**/*', (route) => (route.request().url() === reportUrl ? route.continue() : route.abort()));
    await page.goto(reportUrl);
    await page.locator('.view-tabs [role="tab"]').first().waitFor();
    return { page, requests, errors };
  }

  async function openPanel(): Promise<Page> {
    const page = await pages.open('dark', VIEWPORT);
    await showRun(page, panelEvents);
    await page.locator('.view-tabs [role="tab"]').first().waitFor();
    return page;
  }

  /** Selects a view and waits until it has drawn (the charts' read-outs are filled once they have). */
  async function select(page: Page, id: string): Promise<void> {
    await page.locator(`[role="tab"][data-view="${id}"]`).click();
    await page.locator(`#view-${id}`).waitFor();
    if (id === 'training') await page.waitForFunction(() => [...document.querySelectorAll('.chart-readout .readout-value')].every((v) => v.textContent !== ''));
  }

  it('shows every view with the text the panel shows for the same trace, having asked for nothing but its own file', async () => {
    const { page: report, requests, errors } = await openReport('light');
    const panel = await openPanel();
    const ids = await panel.locator('.view-tabs [role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-view')!));
    assert.deepEqual(await report.locator('.view-tabs [role="tab"]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-view'))), ids);
    assert.deepEqual(ids, ['calls', 'training', 'pipeline', 'model', 'shapes', 'postmortem']);
    assert.equal(await report.locator('[role="tab"][aria-selected="true"]').getAttribute('data-view'), 'postmortem', 'a failed run opens on its post-mortem, as in VS Code');
    assert.equal(squash(await report.locator('.view-tabs').innerText()), squash(await panel.locator('.view-tabs').innerText()), 'the tabs\' counts and warnings');
    const all: string[] = [];
    for (const id of ids) {
      await select(report, id);
      await select(panel, id);
      const text = await viewText(report, id);
      assert.equal(text, await viewText(panel, id), `the ${id} view`);
      all.push(text);
    }
    // Each view had something to show.
    for (const [i, expected] of [/getItems/, /loss \(logtarget\)/, /decode #1 took the item/, /classifier[\s\S]*dense/, /everything\.cjs:25 tf\.tensor3d op · col 13 · 36 calls float32 \[8,8,1\]×36/, /matMul at everything\.cjs:34:\d+ got a float32 \[4,2\] and a float32 \[3,2\]/].entries()) assert.match(all[i], expected, ids[i]);
    // The batch grid: its thumbnails drawn, as many as the panel's, with their images' white pixels.
    const thumbs = await report.locator('#view-pipeline .image-grid canvas').count();
    assert.ok(thumbs > 0 && thumbs === (await panel.locator('#view-pipeline .image-grid canvas').count()), `${thumbs} thumbnails`);
    const white = await report.locator('#view-pipeline .image-grid canvas').first().evaluate((c) => {
      const { data } = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height);
      return data.filter((v, i) => i % 4 === 0 && v === 255).length;
    });
    assert.ok(white > 0, 'drawn');
    assert.deepEqual(requests, [reportUrl], 'no request but the file itself');
    assert.deepEqual(errors, []);
    await Promise.all([report.close(), panel.close()]);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`follows the system's ${scheme} scheme with VS Code's Default ${scheme === 'light' ? 'Light+' : 'Dark+'} colours (screenshots test-results/report-${scheme}-*.png)`, async () => {
      const { page } = await openReport(scheme);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
      assert.equal(await page.evaluate(() => document.body.classList.contains(`vscode-${document.documentElement.dataset.theme}`)), true);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(30, 30, 30)');
      // The report's bar, the header and the post-mortem readable in these colours (contrast 4.5:1, nothing cut off).
      const { checked, problems } = await page.evaluate(unreadableTextScript({
        selector: '.report-bar span, .report-bar code, .report-bar option, .run-header dt, .run-header dd, .view-tab-title, #view-postmortem .pm-message, #view-postmortem .frame-fn, #view-postmortem .value-label, #view-postmortem dt, #view-postmortem dd',
        minContrast: 4.5,
        cutByDesign: 'summary .value-inline:not(.kind-string)',
      })) as { checked: number; problems: string[] };
      assert.ok(checked >= 30, `checked ${checked}`);
      assert.deepEqual(problems, []);
      await page.screenshot({ path: path.join(SCREENSHOTS, `report-${scheme}-postmortem.png`) });
      await select(page, 'training');
      await page.screenshot({ path: path.join(SCREENSHOTS, `report-${scheme}-training.png`), fullPage: true });
      await select(page, 'pipeline');
      await page.screenshot({ path: path.join(SCREENSHOTS, `report-${scheme}-pipeline.png`), fullPage: true });
      // The switch overrides the system's scheme, and the charts follow it.
      const other = scheme === 'light' ? 'dark' : 'light';
      await page.locator('select.report-theme').selectOption(other);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), other);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), other === 'light' ? 'rgb(255, 255, 255)' : 'rgb(30, 30, 30)');
      await page.close();
    });
  }

  it('keeps a hostile captured string as text: no element made of it, no script run', async () => {
    const { page } = await openReport('dark');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.match(await viewText(page, 'postmortem'), /HOSTILE "<\/script><img src=x onerror=\\"window\.__pwned=1\\">"/);
    await select(page, 'calls');
    assert.match(await viewText(page, 'calls'), /"<\/script><img src=…ror=\\"windo…/, 'cut in the middle, as long strings are');
    await page.close();
  });

  it('is interactive: smoothing, zoom, expanding previews; what needs the editor is said as text', async () => {
    const { page } = await openReport('light');
    // Post-mortem: a file:line says where it is, Re-run in Debugger says what it would do.
    await page.locator('#view-postmortem .link.site', { hasText: 'everything.cjs:34:' }).first().click();
    assert.match(await page.locator('.report-note').innerText(), /everything\.cjs:34:\d+\. In VS Code this opens the line; a report cannot open files\./);
    await page.locator('[data-action="debug-exception"]').click();
    assert.match(await page.locator('.report-note').innerText(), /Re-run in Debugger debugs the script again/);
    // Calls: a captured value opens to its items.
    await select(page, 'calls');
    const value = page.locator('#view-calls details.value').first();
    await value.locator('summary').first().click();
    assert.equal(await value.evaluate((d) => (d as HTMLDetailsElement).open), true);
    // Training: smoothing off makes the smoothed read-out the raw value; a drag zooms in.
    await select(page, 'training');
    const readout = page.locator('section[aria-label="loss chart"] .chart-readout');
    const smoothed = /train ([\d.]+) raw ([\d.]+)/.exec(squash(await readout.innerText()));
    assert.ok(smoothed && smoothed[1] !== smoothed[2], `smoothed at 0.6: ${await readout.innerText()}`);
    await page.locator('input[data-setting="smoothing"]').fill('0');
    await page.waitForFunction((raw) => /^latest train (\S+) train \(epoch\)/.exec((document.querySelector('section[aria-label="loss chart"] .chart-readout') as HTMLElement).innerText.replace(/\s+/g, ' '))?.[1] === raw, smoothed[2]);
    const box = (await page.locator('section[aria-label="loss chart"] .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + 40, { steps: 4 });
    await page.mouse.up();
    await page.locator('section[aria-label="loss chart"] .reset-zoom').waitFor();
    await page.close();
  });
});
