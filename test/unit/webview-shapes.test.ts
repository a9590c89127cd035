// The Shapes view in real chromium, from the events of a real run: the CLI traces a TypeScript TF.js
// fixture (test/fixtures/shapes/chained.ts: three sites on one line, a last partial batch, a layer,
// predict) and the panel shows them as the extension host sends them; then the host's show-shapes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { ShapeSiteEvent, TraceEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { parseTrace } from '../../src/protocol/trace-format';
import { buildOnce, CLI } from '../runner/helpers';
import { showRun, startPanelPages, type PanelPages, type ThemeName } from './webview-page';
// @ts-expect-error: a plain .mjs helper shared with the e2e test, run inside the page
import { unreadableTextScript } from '../e2e/readability.mjs';

interface Readability { checked: number; problems: string[] }

const ROOT = packageRoot();
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'shapes');
const SCRIPT = path.join(FIXTURES, 'chained.ts');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'shapes-view');
const HOSTILE = '<img src=x onerror=alert(1)>';
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const SOURCE = fs.readFileSync(SCRIPT, 'utf8').split('\n');
const lineOf = (text: string): number => SOURCE.findIndex((l) => l.includes(text)) + 1;
/** The 1-based column of `callee` on the line that has `lineText`: a site is at its callee's name. */
const colOf = (lineText: string, callee: string): number => SOURCE[lineOf(lineText) - 1].indexOf(callee) + 1;
const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
const showShapes = (page: Page, file: string, line: number): Promise<void> =>
  page.evaluate((m) => window.postMessage(m, '*'), { type: 'show-shapes', file, line });

describe('webview: the Shapes view, from a real run (headless chromium)', function () {
  this.timeout(90_000);
  let pages: PanelPages;
  let events: TraceEvent[];
  let tmp: string;

  before(async () => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-shapes-view-'));
    const out = path.join(tmp, 'trace.jsonl');
    const r = spawnSync(process.execPath, [CLI, 'run', '--quiet', '--out', out, 'chained.ts'], { cwd: FIXTURES });
    assert.equal(r.status, 3, r.stderr.toString()); // the fixture's own exit code
    events = parseTrace(fs.readFileSync(out, 'utf8'));
    pages = await startPanelPages();
  });
  after(async () => {
    await pages?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function shapesView(theme: ThemeName = 'dark', viewport?: { width: number; height: number }, shown = events): Promise<Page> {
    const page = await pages.open(theme, viewport);
    await showRun(page, shown);
    await page.locator('[role="tab"][data-view="shapes"]').click();
    return page;
  }
  const lineTexts = (page: Page, line: number) =>
    page.locator(`.shape-line[data-line="${line}"] .shape-site`).evaluateAll((sites) => sites.map((s) => (s as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));

  it('lists the sites by file and line, each distinct shape with its count in order of first appearance', async () => {
    const page = await shapesView();
    const sites = events.filter((e): e is ShapeSiteEvent => e.type === 'shape-site').length;
    assert.equal(await page.locator('[data-view="shapes"] .badge').innerText(), String(sites));
    assert.equal(squash(await page.locator('.shape-file-name').innerText()), `chained.ts ${new Set(events.filter((e): e is ShapeSiteEvent => e.type === 'shape-site').map((e) => e.site.line)).size} lines`);
    const lines = await page.locator('.shape-line-link').allInnerTexts();
    const numbers = lines.map((l) => Number(l.split(':')[1]));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'in line order');
    // tf.relu(batch.matMul(w).add(b)): three sites on one line, by column; 5 full batches then the last partial one.
    assert.deepEqual(await lineTexts(page, lineOf('tf.relu(batch.matMul')), [
      `tf.relu op · col ${colOf('tf.relu(batch', 'relu')} · 6 calls float32 [32,10]×5 float32 [16,10]×1`,
      `batch.matMul op · col ${colOf('tf.relu(batch', 'matMul')} · 6 calls float32 [32,10]×5 float32 [16,10]×1`,
      `batch.matMul(…).add op · col ${colOf('tf.relu(batch', 'add')} · 6 calls float32 [32,10]×5 float32 [16,10]×1`,
    ]);
    assert.deepEqual(await lineTexts(page, lineOf('xs.slice(')), [`xs.slice op · col ${colOf('xs.slice(', 'slice')} · 6 calls float32 [32,4]×5 float32 [16,4]×1`]);
    const layer = squash(await page.locator(`.shape-line[data-line="${lineOf('tf.layers.dense(')}"] .shape-site`, { hasText: 'tf.layers.dense' }).locator('.shape-layer').innerText());
    assert.equal(layer, 'dense_Dense1 (Dense) [null,4] → [null,10] · 50 params');
    assert.equal(await page.locator(`.shape-line[data-line="${lineOf('xs.slice(')}"] .shape-sample`).first().getAttribute('title'), '5 of 6 calls (83%)');
  });

  it('show-shapes selects the view and marks the line; a line without shapes says so', async () => {
    const page = await pages.open('dark');
    await showRun(page, events);
    assert.equal(await page.locator('[role="tab"][data-view="shapes"]').getAttribute('aria-selected'), 'false');
    const line = lineOf('model.predict(');
    await showShapes(page, SCRIPT, line);
    assert.equal(await page.locator('[role="tab"][data-view="shapes"]').getAttribute('aria-selected'), 'true');
    const selected = page.locator('.shape-line[aria-current="true"]');
    assert.equal(await selected.count(), 1);
    assert.equal(await selected.getAttribute('data-line'), String(line));
    assert.equal(squash(await selected.locator('.shape-site').innerText()), `model.predict apply · col ${colOf('model.predict(', 'predict(')} · 1 call float32 [176,10]×1`);
    assert.equal(await page.locator('.shape-selection-note').isVisible(), false);
    await showShapes(page, SCRIPT, 1);
    assert.equal(await page.locator('.shape-line[aria-current="true"]').count(), 0);
    assert.equal(await page.locator('.shape-selection-note').innerText(), 'No tensor shapes recorded at chained.ts:1.');
  });

  it("clicking a line posts reveal-site for its first site; hostile text stays text", async () => {
    const hostile: TraceEvent[] = [
      ...events.filter((e) => e.type !== 'exit'),
      { type: 'shape-site', id: 9999, site: { file: SCRIPT, line: 99, column: 3 }, callee: HOSTILE, kind: 'op', time: 1 },
      { type: 'shapes', sites: [{ id: 9999, calls: 2, shapes: [{ shape: [2], dtype: HOSTILE, count: 2 }], otherShapes: 0, stats: null, layer: { name: HOSTILE, className: HOSTILE, inputShape: null, outputShape: null, params: null } }], time: 2 },
      ...events.filter((e) => e.type === 'exit'),
    ];
    const page = await shapesView('dark', undefined, hostile);
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    assert.deepEqual(await lineTexts(page, 99), [`${HOSTILE} op · col 3 · 2 calls ${HOSTILE} [2]×2 ${HOSTILE} (${HOSTILE})`]);
    assert.equal(await page.locator('.shapes-view img').count(), 0);
    await page.locator(`.shape-line[data-line="${lineOf('xs.slice(')}"] .shape-line-link`).click();
    const reveals = (await posted(page)).filter((m) => m.type === 'reveal-site');
    assert.deepEqual(reveals, [{ type: 'reveal-site', site: { file: SCRIPT, line: lineOf('xs.slice('), column: colOf('xs.slice(', 'slice') } }]);
    await page.waitForTimeout(100);
    assert.deepEqual(dialogs, []);
  });

  it('says what it shows when the run recorded no shapes', async () => {
    const page = await shapesView('dark', undefined, events.filter((e) => e.type !== 'shape-site' && e.type !== 'shapes'));
    assert.match(squash(await page.locator('.shapes-view > .empty').first().innerText()), /^No tensor shapes were recorded in this run\./);
    assert.equal(await page.locator('[data-view="shapes"] .badge').isVisible(), false);
  });

  const looks: [ThemeName, number][] = [['dark', 900], ['dark', 340], ['light', 900], ['light', 340], ['high-contrast', 900]];
  for (const [theme, width] of looks) {
    it(`is readable in the ${theme} theme at ${width} px (contrast, nothing cut off, no sideways scroll), with a screenshot`, async () => {
      const page = await shapesView(theme, { width, height: 1000 });
      await showShapes(page, SCRIPT, lineOf('tf.relu(batch.matMul'));
      await page.locator('.shape-line.selected').waitFor();
      const { checked, problems } = await page.evaluate(unreadableTextScript({
        selector: '.shapes-view .shape-file-name, .shapes-view .shape-line-link, .shapes-view .shape-callee, .shapes-view .shape-site-facts, .shapes-view .shape-dtype, .shapes-view .shape-dims, .shapes-view .shape-count, .shapes-view .shape-layer',
        minContrast: 4.5,
      })) as Readability;
      assert.ok(checked >= 30, `checked ${checked}`);
      assert.deepEqual(problems, []);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, 'the page does not scroll sideways');
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${theme}-${width}.png`), fullPage: true });
    });
  }
});
