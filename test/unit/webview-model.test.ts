// The Model view in real chromium, from the events of a real run: the CLI traces a TF.js fixture
// (two models, three fit calls, seeded weights, a layer renamed to HTML, a NaN put into a kernel).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { ModelEvent, TraceEvent, WeightsEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { parseTrace } from '../../src/protocol/trace-format';
import { roundNumber } from '../../src/webview/value-text';
import { buildOnce, CLI } from '../runner/helpers';
import { appendEvents, showRun, startPanelPages, THEMES, type PanelPages, type ThemeName } from './webview-page';
// @ts-expect-error: a plain .mjs helper shared with the e2e test, run inside the page
import { unreadableTextScript } from '../e2e/readability.mjs';

interface Readability { checked: number; problems: string[] }

const ROOT = packageRoot();
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'training');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'model-view');
const HOSTILE = '<img src=x onerror=alert(1)>';
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

describe('webview: the Model view, from a real training run (headless chromium)', function () {
  this.timeout(90_000);
  let pages: PanelPages;
  let events: TraceEvent[];
  let stoppedAtLimit: TraceEvent[];
  let convolutional: TraceEvent[];
  let stoppedAsTrainingBegan: TraceEvent[];
  let tmp: string;
  const traced = (args: string[]): TraceEvent[] => {
    const out = path.join(tmp, 'trace.jsonl');
    const r = spawnSync(process.execPath, [CLI, 'run', '--quiet', '--out', out, ...args], { cwd: FIXTURES });
    assert.equal(r.status, 0, r.stderr.toString());
    return parseTrace(fs.readFileSync(out, 'utf8'));
  };
  const models = () => events.filter((e): e is ModelEvent => e.type === 'model');
  const lastWeights = (modelId: number) => events.filter((e): e is WeightsEvent => e.type === 'weights' && e.modelId === modelId).at(-1)!;

  before(async () => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-model-view-'));
    events = traced(['model-table.cjs']);
    stoppedAtLimit = traced(['--trace', 'labeller', 'labelled.cjs']);
    convolutional = traced(['conv-model.cjs']);
    stoppedAsTrainingBegan = traced(['--trace', 'labeller', '--max-calls', '10', path.join(ROOT, 'test', 'fixtures', 'runner', 'tfjs-train.js')]);
    pages = await startPanelPages();
  });
  after(async () => {
    await pages?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function modelView(theme: ThemeName = 'dark', viewport?: { width: number; height: number }, shown = events, state = 'finished'): Promise<Page> {
    const page = await pages.open(theme, viewport);
    await showRun(page, shown, state);
    await page.locator('[role="tab"][data-view="model"]').click();
    return page;
  }
  const rowTexts = (page: Page, selector: string) =>
    page.locator(selector).evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim())));

  it('shows each model\'s layer table: name, class, output shape, parameters with separators, trainable, and the totals', async () => {
    const page = await modelView();
    const sections = page.locator('section.trained-model');
    await sections.nth(1).waitFor();
    assert.equal(await sections.count(), 2, 'one section per model, though one model had two fit calls');
    assert.match(await page.locator('[data-view="model"] .badge').innerText(), /^2$/);
    const classifier = sections.first();
    assert.equal(await classifier.locator('.model-name').innerText(), 'classifier');
    assert.equal(await classifier.locator('.model-facts').innerText(), '4 layers · 3,203 parameters · 1 fit call · 3 epochs trained');
    assert.deepEqual(await rowTexts(page, 'section.trained-model >> nth=0 >> .layer-table tbody tr'), [
      [HOSTILE, 'Dense', '[null,64]', '2,112', 'yes'],
      ['scale', '<b>Scale</b>', '[null,64]', '0', 'yes'],
      ['frozen', 'Dense', '[null,16]', '1,040', 'no'],
      ['logits', 'Dense', '[null,3]', '51', 'yes'],
    ]);
    assert.deepEqual(await rowTexts(page, 'section.trained-model >> nth=0 >> .layer-table tfoot tr'), [
      ['Total params', '', '', '3,203', ''], ['Trainable params', '', '', '2,163', ''], ['Non-trainable params', '', '', '1,040', ''],
    ]);
    const fromTrace = models()[0];
    assert.equal(fromTrace.totalParams, 3203);
    assert.deepEqual(fromTrace.layers.map((l) => l.params), [2112, 0, 1040, 51]);
    assert.equal(await sections.nth(1).locator('.model-facts').innerText(), '1 layer · 6 parameters · 2 fit calls · 3 epochs trained');
  });

  it('shows each weight\'s statistics after the latest epoch, first → latest where training changed them', async () => {
    const page = await modelView();
    const table = page.locator('section.trained-model').first().locator('.weight-table');
    await table.waitFor();
    assert.equal(squash(await page.locator('section.trained-model').first().locator('.weights h4').innerText()), 'Weights after epoch 3');
    assert.equal(await page.locator('section.trained-model').first().locator('.weights-since').innerText(), 'A value that changed since epoch 1 shows that value above → the latest.');
    const latest = lastWeights(1).weights;
    const first = events.find((e): e is WeightsEvent => e.type === 'weights' && e.modelId === 1)!.weights;
    const rows = await rowTexts(page, 'section.trained-model >> nth=0 >> .weight-table tbody tr');
    assert.equal(rows.length, latest.length);
    // A row's cells: the layer (on its first weight's row only), weight, shape, min, max, mean, std, zeros, NaN, Inf.
    const cellsOf = (name: string) => rows[latest.findIndex((w) => w.name === name)].slice(-9);
    const stat = (a: number | null, b: number | null) => {
      const [x, y] = [a, b].map((v) => (v === null ? '—' : roundNumber(v)));
      return x === y ? y : `${x} → ${y}`;
    };
    for (const w of latest) {
      const f = first.find((x) => x.name === w.name)!;
      const short = w.name.split('/').at(-1);
      assert.deepEqual(cellsOf(w.name), [short, `[${w.shape.join(',')}]`, stat(f.min, w.min), stat(f.max, w.max), stat(f.mean, w.mean), stat(f.std, w.std), stat(f.zeros, w.zeros), '0', '0'], w.name);
    }
    // What training did, as a reader sees it: the frozen layer's weights did not move, the others did.
    assert.deepEqual(cellsOf('frozen/kernel').slice(2, 6).filter((t) => t.includes('→')), []);
    assert.ok(cellsOf('logits/kernel').slice(2, 4).every((t) => t.includes('→')), cellsOf('logits/kernel').join(' | '));
    assert.equal(cellsOf('frozen/bias')[6], '16', 'the frozen bias: its 16 zeros');
    assert.match(await table.locator('tr[data-weight="frozen/bias"] td.stat-zeros').getAttribute('title') ?? '', /every value is 0/);
    assert.deepEqual(rows.map((r) => r.length), [10, 9, 10, 9, 10, 9], 'the layer named once for its weights');
    assert.equal(rows[0][0], HOSTILE);
  });

  it('marks NaN and Infinity in the theme\'s error colour and names the weights that hold them', async () => {
    const page = await modelView();
    const exploding = page.locator('section.trained-model').nth(1);
    await exploding.locator('.weight-table').waitFor();
    assert.equal(squash(await exploding.locator('.weights h4').innerText()), 'Weights after epoch 3');
    assert.match(await exploding.locator('.weights-since').innerText(), /since epoch 1 /, 'epochs counted across the fit calls');
    const w = lastWeights(2).weights;
    assert.deepEqual(w.map((x) => [x.name, x.nan]), [['dense_Dense2/kernel', 2], ['dense_Dense2/bias', 1]], 'the fixture\'s NaN spread through the update');
    assert.equal(squash(await exploding.locator('.weights-bad').innerText()), '2 weights hold NaN or Infinity after epoch 3: dense_Dense2/kernel, dense_Dense2/bias');
    const nan = exploding.locator('tr[data-weight="dense_Dense2/kernel"] td.stat-nan');
    assert.equal(squash(await nan.innerText()), '0 → 2');
    assert.match(await nan.getAttribute('class') ?? '', /\bbad\b/);
    const colour = await nan.locator('.stat-latest').evaluate((el) => getComputedStyle(el).color);
    assert.equal(colour, 'rgb(248, 81, 73)', 'var(--vscode-errorForeground) of the dark theme');
    assert.equal(await exploding.locator('td.bad').count(), 2, 'only the NaN counts above 0 are marked');
    const minColour = await exploding.locator('tr[data-weight="dense_Dense2/kernel"] td.stat-min .stat-latest').evaluate((el) => getComputedStyle(el).color);
    assert.notEqual(minColour, colour, 'the rest of the row in its usual colour');
    assert.equal(await page.locator('section.trained-model').first().locator('.bad, .weights-bad').count(), 0);
  });

  it('shows layer and class names the script chose as text, never as markup', async () => {
    const page = await modelView();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.locator('.layer-table').first().waitFor();
    await page.getByText(HOSTILE, { exact: true }).first().waitFor();
    assert.equal(await page.locator('.model-view img, .model-view b').count(), 0);
    await page.waitForTimeout(100);
    assert.deepEqual(dialogs, []);
  });

  it('follows a live run: waits for training, shows the table at train begin, the statistics after the first epoch', async () => {
    const atModel = events.findIndex((e) => e.type === 'model');
    const atWeights = events.findIndex((e) => e.type === 'weights');
    const page = await modelView('dark', undefined, events.slice(0, atModel), 'running');
    await page.locator('.model-view .empty', { hasText: 'Waiting for a model to train' }).waitFor();
    await appendEvents(page, events.slice(atModel, atWeights));
    await page.locator('.trained-model .layer-table').waitFor();
    assert.match(await page.locator('.trained-model').innerText(), /Weight statistics come after the first epoch/);
    await appendEvents(page, events.slice(atWeights, atWeights + 1));
    await page.locator('.trained-model .weights h4', { hasText: /^\s*Weights after epoch 1$/ }).waitFor();
    assert.equal(await page.locator('.trained-model .stat-arrow, .trained-model .weights-since').count(), 0, 'one epoch: nothing to compare with');
    await appendEvents(page, events.slice(atWeights + 1));
    await page.locator('section.trained-model >> nth=1').waitFor();
    assert.equal(await page.locator('section.trained-model').count(), 2);
  });

  it('says why there is no model when the run stopped at the call limit before training', async () => {
    const page = await modelView('dark', undefined, stoppedAtLimit);
    assert.equal(await page.locator('.model-view .empty').innerText(), 'The run stopped at the call limit before a model trained: Run again, keep running trains it with Trainspect watching.');
    assert.equal(await page.locator('[data-view="model"] .badge').isVisible(), false);
  });

  it('says in the header that training began, no more, when the call limit stopped the run there', async () => {
    const page = await modelView('dark', undefined, stoppedAsTrainingBegan);
    await page.locator('.run-header .state-finished').waitFor();
    assert.match(await page.locator('.run-header .facts').innerText(), /Training\s+began \(fit\)\s+Call limit\s+training began — labeller ×4/);
  });

  it('stays readable at a narrow width: the tables scroll sideways, the layer names stay in view', async () => {
    const page = await modelView('dark', { width: 360, height: 900 });
    const scroller = page.locator('section.trained-model').first().locator('.weights .table-scroll');
    await scroller.waitFor();
    const widths = await scroller.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, page: document.documentElement.scrollWidth, view: window.innerWidth }));
    assert.ok(widths.scroll > widths.client, `the table scrolls: ${JSON.stringify(widths)}`);
    assert.ok(widths.page <= widths.view, `the page itself does not: ${JSON.stringify(widths)}`);
    await scroller.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    const [box, name] = await Promise.all([scroller.boundingBox(), scroller.locator('tbody th.name').first().boundingBox()]);
    assert.ok(box && name && Math.abs(name.x - box.x) < 1, `the layer column sticks: ${JSON.stringify({ box, name })}`);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'narrow-dark.png'), fullPage: true });
  });

  for (const width of [520, 340]) {
    it(`keeps TF.js's layer names whole at ${width} px: the class and "not trainable" under the name, the shape and parameters beside it`, async () => {
      const page = await modelView('dark', { width, height: 700 }, convolutional);
      const table = page.locator('.layer-table');
      await table.waitFor();
      // A string, not a function: tsx would name the inner arrow functions with a helper the page lacks.
      const layout = await page.evaluate(`(() => {
        const t = document.querySelector('.layer-table');
        const lines = (el) => { const r = document.createRange(); r.selectNodeContents(el); return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size; };
        const scroller = t.parentElement;
        const box = scroller.getBoundingClientRect();
        const visible = (el) => { const b = el.getBoundingClientRect(); return b.width > 0 && b.left >= box.left - 1 && b.right <= box.right + 1; };
        return {
          names: [...t.querySelectorAll('tbody .layer-name')].map((n) => ({ text: n.textContent, lines: lines(n), cut: n.scrollWidth > n.clientWidth })),
          details: [...t.querySelectorAll('tbody .layer-detail')].map((d) => d.innerText.replace(/\\s+/g, ' ')),
          headers: [...t.querySelectorAll('thead th')].filter(visible).map((h) => h.innerText),
          scrolls: scroller.scrollWidth > scroller.clientWidth,
          page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        };
      })()`) as { names: { text: string; lines: number; cut: boolean }[]; details: string[]; headers: string[]; scrolls: boolean; page: number };
      assert.deepEqual(layout.names.filter((n) => n.lines !== 1), [], 'each name on one line');
      assert.deepEqual(layout.names.filter((n) => n.cut).map((n) => n.text), ['batch_normalization_BatchNormalization1', 'global_average_pooling2d_GlobalAveragePooling2D1'], 'names up to 28 characters shown whole, longer ones cut');
      const shapes = width === 340 ? [' · [null,26,26,32]', ' · [null,26,26,32]', ' · [null,13,13,32]', ' · [null,11,11,64]', ' · [null,64]', ' · [null,10]'] : ['', '', '', '', '', ''];
      const details = ['Conv2D', 'BatchNormalization', 'MaxPooling2D', 'Conv2D', 'GlobalAveragePooling2D', 'Dense'].map((c, i) => `${c}${shapes[i]}${i === 1 ? ' · not trainable' : ''}`);
      assert.deepEqual(layout.details, details);
      assert.deepEqual(layout.headers, width === 340 ? ['Layer', 'Params'] : ['Layer', 'Output shape', 'Params'], 'every column shown in view');
      assert.equal(layout.scrolls, false, 'nothing to scroll sideways');
      assert.equal(layout.page, 0, 'the page itself does not scroll sideways');
      const cut = page.locator('tbody th.name', { hasText: 'global_average_pooling2d' });
      assert.equal(await cut.getAttribute('title'), 'global_average_pooling2d_GlobalAveragePooling2D1', 'a name cut short in full on hover');
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `conv-layers-dark-${width}.png`), fullPage: true });
    });
  }

  for (const theme of Object.keys(THEMES) as ThemeName[]) {
    it(`is readable in the ${theme} theme (contrast, nothing cut off), with a screenshot`, async () => {
      const page = await modelView(theme);
      await page.locator('section.trained-model >> nth=1 >> .weight-table').waitFor();
      const { checked, problems } = await page.evaluate(unreadableTextScript({
        selector: '.model-view th, .model-view td, .model-view .stat-first, .model-view .stat-latest, .model-facts, .model-name, .weights h4, .weights-since, .weights-bad',
        minContrast: 4.5,
      })) as Readability;
      assert.ok(checked >= 150, `checked ${checked}`);
      assert.deepEqual(problems, []);
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${theme}.png`), fullPage: true });
      assert.ok(await page.evaluate(async () => { await document.fonts.ready; return document.fonts.check('16px codicon'); }), 'the codicons load');
    });
  }
});
