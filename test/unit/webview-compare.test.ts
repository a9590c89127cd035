// The comparison panel in real chromium, showing the comparison of two real traces: the CLI runs
// compare/fit-lr.cjs twice (learning rate and epochs 0.1 3, then 2 5), the host's reader and the
// protocol's comparison make what the extension sends, and the panel's own bundle shows it under the
// panel's kind of CSP. Checks the legend, what differed, a curve per run in its colour on the canvas,
// the read-out, the toolbar, and the final table against the traces' last epoch events.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { EpochEvent, TraceEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { readComparedRun } from '../../src/host/run-comparison-read';
import { comparisonView, type ComparisonView } from '../../src/protocol/comparison-view';
import { metricText } from '../../src/protocol/metric-text';
import { compareRuns } from '../../src/protocol/run-comparison';
import { buildOnce, CLI } from '../runner/helpers';
import { startPanelPages, type PanelPages } from './webview-page';
// @ts-expect-error: a plain .mjs helper shared with the e2e test, run inside the page
import { unreadableTextScript } from '../e2e/readability.mjs';

const ROOT = packageRoot();
const SCRIPT = path.join(ROOT, 'test', 'fixtures', 'compare', 'fit-lr.cjs');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'compare-view');

/** The chart colours VS Code sets (Dark Modern's and Light+'s), set as VS Code sets them: on <html>'s style. */
const CHART_COLORS: Record<'dark' | 'light' | 'high-contrast', { body: string; vars: Record<string, string> }> = {
  dark: { body: 'vscode-dark', vars: { blue: '#3794ff', orange: '#d18616', green: '#89d185', purple: '#b180d7', red: '#f14c4c', yellow: '#cca700', foreground: '#cccccc', lines: '#cccccc80' } },
  light: { body: 'vscode-light', vars: { blue: '#1a85ff', orange: '#d18616', green: '#388a34', purple: '#652d90', red: '#e51400', yellow: '#bf8803', foreground: '#616161', lines: '#61616180' } },
  'high-contrast': { body: 'vscode-high-contrast', vars: { blue: '#3794ff', orange: '#d18616', green: '#89d185', purple: '#b180d7', red: '#f48771', yellow: '#ffd370', foreground: '#ffffff', lines: '#ffffff80' } },
};

const hex = (color: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];

const epochsOf = (file: string): EpochEvent[] =>
  fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceEvent).filter((e): e is EpochEvent => e.type === 'epoch');

describe('webview: the comparison panel, of two real runs (headless chromium)', function () {
  this.timeout(120_000);
  let pages: PanelPages;
  let tmp: string;
  let traces: string[];
  let view: ComparisonView;

  before(async () => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-compare-view-'));
    traces = [['0.1', '3'], ['2', '5']].map((args, i) => {
      const out = path.join(tmp, `run-${i}.jsonl`);
      const r = spawnSync(process.execPath, [CLI, 'run', '--quiet', '--out', out, SCRIPT, '--', ...args], { cwd: path.dirname(SCRIPT), encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return out;
    });
    view = comparisonView(compareRuns(await Promise.all(traces.map((t) => readComparedRun(t)))), traces);
    pages = await startPanelPages('src/webview/compare/main.ts');
  });
  after(async () => {
    await pages?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function comparison(theme: keyof typeof CHART_COLORS, viewport = { width: 900, height: 1400 }): Promise<Page> {
    const page = await pages.open(theme, viewport);
    const { body, vars } = CHART_COLORS[theme];
    await page.evaluate(({ body, vars }) => {
      document.body.classList.add(body);
      for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-charts-${name}`, value);
    }, { body, vars });
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'show-comparison', comparison: view });
    await page.locator('.finals tbody tr').nth(1).waitFor();
    return page;
  }
  const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
  /** Pixels of the chart's canvas within a tolerance of a colour. */
  const pixels = (page: Page, title: string, rgb: [number, number, number]) => page.locator(`.metric-chart[aria-label="${title} chart"] canvas`).evaluate((canvas: HTMLCanvasElement, [r, g, b]) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= 24) n++;
    return n;
  }, rgb);
  const canvasHash = (page: Page, title: string) => page.locator(`.metric-chart[aria-label="${title} chart"] canvas`).evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0;
    for (let i = 0; i < data.length; i++) h = (h * 31 + data[i]) >>> 0;
    return h;
  });

  it('names each run in the legend with its colour, says the arguments differed, and says what it rendered', async () => {
    const page = await comparison('dark');
    const labels = await page.locator('.legend-run .run-label').allInnerTexts();
    assert.deepEqual(labels, view.runs.map((r) => r.label));
    for (const label of labels) assert.match(label, /^fit-lr\.cjs \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    assert.notEqual(labels[0], labels[1]);
    assert.match(await page.locator('.legend-run').first().innerText(), /finished · .* · args 0\.1 3/);
    const swatches = await page.locator('.legend-run .run-swatch').evaluateAll((els) => els.map((el) => getComputedStyle(el).backgroundColor));
    assert.deepEqual(swatches, ['rgb(55, 148, 255)', 'rgb(209, 134, 22)'], 'blue, then orange: the theme\'s chart colours');
    const argsRow = page.locator('.differences tr[data-field="arguments"]');
    assert.equal(await argsRow.locator('th').innerText(), 'Arguments');
    assert.deepEqual(await argsRow.locator('.difference-value').allInnerTexts(), ['0.1 3', '2 5']);
    const fields = await page.locator('.differences tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')));
    assert.deepEqual(fields, view.differences.map((d) => d.field));
    assert.ok(!fields.includes('script') && !fields.includes('cwd'), fields.join());
    const shown = (await posted(page)).find((m) => (m as { type: string }).type === 'comparison-shown');
    assert.deepEqual(shown, { type: 'comparison-shown', labels: view.runs.map((r) => r.label), charts: view.charts.length, rows: 2 });
    assert.deepEqual((await posted(page))[0], { type: 'ready' });
  });

  it('draws one chart per metric and kind with one curve per run, in the run\'s colour', async () => {
    const page = await comparison('dark');
    const titles = await page.locator('.metric-chart h4').allInnerTexts();
    assert.deepEqual(titles, view.charts.map((c) => c.title));
    assert.deepEqual(titles.slice(0, 3), ['loss · per batch', 'loss · per epoch', 'val_loss · per epoch']);
    assert.ok(titles.includes('acc · per epoch') && titles.includes('val_acc · per epoch'), titles.join(', '));
    await page.waitForFunction(() => document.querySelectorAll('.metric-chart canvas').length >= 5);
    const { blue, orange, green } = CHART_COLORS.dark.vars;
    for (const title of ['loss · per batch', 'loss · per epoch', 'val_loss · per epoch', 'acc · per epoch']) {
      const [first, second, neither] = [await pixels(page, title, hex(blue)), await pixels(page, title, hex(orange)), await pixels(page, title, hex(green))];
      assert.ok(first >= 30, `${title}: ${first} pixels of the first run's blue`);
      assert.ok(second >= 30, `${title}: ${second} pixels of the second run's orange`);
      assert.equal(neither, 0, `${title}: no third colour (${neither} green pixels)`);
    }
  });

  it('reads out each run\'s value under the cursor, and follows the toolbar', async () => {
    const page = await comparison('dark');
    const chart = page.locator('.metric-chart[aria-label="loss · per epoch chart"]');
    assert.deepEqual(await chart.locator('.readout-label').allInnerTexts(), view.runs.map((r) => r.label));
    const latest = await chart.locator('.readout-value').allInnerTexts();
    assert.deepEqual(latest, traces.map((t) => metricText(epochsOf(t).at(-1)!.logs.loss)), 'away from the chart: each run\'s last epoch loss');
    assert.equal(await chart.locator('.readout-x').innerText(), 'latest');
    const box = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.waitForFunction(() => document.querySelector('.metric-chart[aria-label="loss · per epoch chart"] .readout-x')?.textContent !== 'latest');
    assert.match(await chart.locator('.readout-x').innerText(), /^Batch \d+$/);
    assert.deepEqual(await chart.locator('.readout-value').allInnerTexts(), traces.map((t) => metricText(epochsOf(t)[0].logs.loss)), 'at the left edge: each run\'s first epoch');
    await page.mouse.move(0, 0);

    const before = await canvasHash(page, 'loss · per batch');
    await page.locator('[data-setting="smoothing"]').fill('0');
    await page.waitForFunction((h) => {
      const canvas = document.querySelector<HTMLCanvasElement>('.metric-chart[aria-label="loss · per batch chart"] canvas')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let x = 0;
      for (let i = 0; i < data.length; i++) x = (x * 31 + data[i]) >>> 0;
      return x !== h;
    }, before);
    await page.locator('[data-setting="xAxis"]').selectOption('epoch');
    // The charts are drawn again for the new axis: a pointer that arrived before that is not seen, so it moves until the read-out follows.
    const epochReadout = () => page.evaluate(() => /^Epoch /.test(document.querySelector('.metric-chart[aria-label="loss · per epoch chart"] .readout-x')?.textContent ?? ''));
    const until = Date.now() + 30_000;
    for (let i = 0; !(await epochReadout()); i++) {
      assert.ok(Date.now() < until, 'the read-out says Epoch once the x axis is by epoch');
      const now = (await chart.locator('.u-over').boundingBox())!;
      await page.mouse.move(now.x + now.width - 2 - (i % 2), now.y + now.height / 2);
      await page.waitForTimeout(100);
    }
    await page.locator('[data-setting="logY"]').check();
    assert.ok(await page.locator('[data-setting="logY"]').isChecked());
  });

  it('tables each run\'s last epoch, best val_loss and its epoch, epochs, batches and duration, as the traces have them', async () => {
    const page = await comparison('dark');
    const columns = await page.locator('.finals thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-column') ?? (th as HTMLElement).innerText));
    assert.equal(columns[0], 'Run');
    assert.deepEqual(columns.slice(1, 5).sort(), [...view.finalColumns].sort());
    assert.deepEqual(columns.slice(1, 5).map((c) => c.startsWith('val_')), [false, false, true, true], 'the validation columns after the others');
    assert.deepEqual(columns.slice(5), ['best val_loss', 'best epoch', 'epochs', 'batches', 'duration']);
    for (const [r, trace] of traces.entries()) {
      const epochs = epochsOf(trace);
      const last = epochs.at(-1)!.logs;
      const row = page.locator(`.finals tbody tr[data-run="${r}"]`);
      assert.equal(await row.locator('.run-label').innerText(), view.runs[r].label);
      const cells = await row.locator('td').evaluateAll((tds) => tds.map((td) => ({ text: (td as HTMLElement).innerText, value: td.getAttribute('data-value') })));
      const byColumn = Object.fromEntries(columns.slice(1).map((c, i) => [c, cells[i]]));
      for (const name of Object.keys(last)) {
        assert.equal(byColumn[name].value, String(last[name]), `run ${r} ${name}: the trace's last epoch`);
        assert.equal(byColumn[name].text, metricText(last[name]));
      }
      const valLosses = epochs.map((e) => e.logs.val_loss as number);
      const best = Math.min(...valLosses);
      assert.equal(byColumn['best val_loss'].value, String(best));
      assert.equal(byColumn['best epoch'].value, String(valLosses.indexOf(best) + 1));
      assert.equal(byColumn.epochs.value, String(epochs.length));
      assert.equal(byColumn.batches.value, String(epochs.length * 3), 'six samples in batches of two');
      const exit = fs.readFileSync(trace, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceEvent).find((e) => e.type === 'exit')!;
      assert.equal(byColumn.duration.value, String(exit.type === 'exit' && exit.durationMs));
    }
  });

  it('comes back after a reload from its saved state, with the charts\' settings, and no message from the host', async () => {
    const page = await pages.browser.newPage({ viewport: { width: 900, height: 1400 } });
    // VS Code's getState/setState, kept across the reload (the page's own stub cannot replace this one).
    // As text: tsx would add helpers to a function that the page does not have.
    await page.addInitScript(`{
      const api = {
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null'),
        setState: (state) => sessionStorage.setItem('state', JSON.stringify(state)),
      };
      Object.defineProperty(window, 'acquireVsCodeApi', { value: () => api, writable: false });
    }`);
    const first = await pages.open('dark');
    const url = first.url();
    await first.close();
    await page.goto(url);
    await page.evaluate((m) => window.postMessage(m, '*'), { type: 'show-comparison', comparison: view });
    await page.locator('.finals tbody tr').nth(1).waitFor();
    await page.locator('[data-setting="xAxis"]').selectOption('epoch');
    await page.reload();
    await page.locator('.finals tbody tr').nth(1).waitFor({ timeout: 10_000 });
    assert.deepEqual(await page.locator('.legend-run .run-label').allInnerTexts(), view.runs.map((r) => r.label));
    assert.equal(await page.locator('[data-setting="xAxis"]').inputValue(), 'epoch');
    const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted.map((m) => m.type));
    assert.deepEqual(posted, ['comparison-shown', 'ready'], 'shown from the saved state before asking the host');
    await page.close();
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as const) {
    it(`is readable in ${theme} (contrast ≥ 4.5, nothing cut off), at 900 and 420 px; screenshots`, async () => {
      for (const width of [900, 420]) {
        const page = await comparison(theme, { width, height: 1400 });
        await page.waitForFunction(() => document.querySelectorAll('.metric-chart canvas').length >= 5);
        const { checked, problems } = await page.evaluate(unreadableTextScript({
          selector: '.comparison h2, .legend-run span, .differences th, .differences td, .finals th, .finals td, .metric-chart h4, .chart-readout span, .chart-toolbar label',
          minContrast: 4.5,
          // Narrow, the table scrolls sideways in its own box, its run column staying in view (checked below).
          cutByDesign: width < 900 ? '.finals td, .finals thead th:not(:first-child)' : undefined,
        })) as { checked: number; problems: string[] };
        assert.ok(checked >= 40, `checked ${checked}`);
        assert.deepEqual(problems, [], `at ${width} px`);
        const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(sideways <= 0, `the page scrolls ${sideways} px sideways at ${width} px`);
        const overlaps = await page.locator('.finals tbody .run-cell').evaluateAll((cells) => cells.filter((cell) => {
          const label = cell.querySelector('.run-label')!.getBoundingClientRect();
          return label.right > (cell.nextElementSibling as HTMLElement).getBoundingClientRect().left;
        }).length);
        assert.equal(overlaps, 0, 'a run\'s label runs into the cell beside it');
        if (width < 900) {
          const table = await page.locator('.finals-scroll').evaluate((el) => {
            el.scrollLeft = el.scrollWidth;
            const box = el.getBoundingClientRect();
            const runCell = el.querySelector('tbody .run-cell')!.getBoundingClientRect();
            return { scrolls: el.scrollWidth > el.clientWidth, runCellInView: runCell.left >= box.left - 1 && runCell.right <= box.right };
          });
          assert.deepEqual(table, { scrolls: true, runCellInView: true }, 'scrolled to its end, the table still shows which run a row is');
        }
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `${theme}-${width}.png`), fullPage: true });
        await page.close();
      }
    });
  }
});
