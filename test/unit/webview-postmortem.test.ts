// The Post-mortem view in real chromium, shown as the extension host shows a run: mostly from a real
// failing run (the CLI runs a TF.js fit whose custom loss multiplies shapes that do not fit on its third
// batch), and from a hand-written trace (test/unit/postmortem-trace.ts) for what no real program has,
// such as a variable named in HTML.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { CallEvent, MemoryEvent, PostmortemEvent, PostmortemFrame, TraceEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { parseTrace } from '../../src/protocol/trace-format';
import { buildOnce, CLI } from '../runner/helpers';
import { failingRun, HOSTILE } from './postmortem-trace';
import { showRun, startPanelPages, type PanelPages, type ThemeName } from './webview-page';
// @ts-expect-error: a plain .mjs helper shared with the e2e test, run inside the page
import { unreadableTextScript } from '../e2e/readability.mjs';

interface Readability { checked: number; problems: string[] }

const ROOT = packageRoot();
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'postmortem-view');
const SCRIPT = path.join(FIXTURES, 'shape-error.cjs');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'postmortem-view');
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);
const texts = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
const frameText = (f: PostmortemFrame): string => `${f.function ?? '(anonymous)'}${f.async ? ' async' : ''} ${path.basename(f.file!)}:${f.line}`;

describe('webview: the Post-mortem view (headless chromium)', function () {
  this.timeout(90_000);
  let pages: PanelPages;
  let events: TraceEvent[];
  let pm: PostmortemEvent;
  let tmp: string;

  before(async () => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-postmortem-view-'));
    const out = path.join(tmp, 'trace.jsonl');
    const r = spawnSync(process.execPath, [CLI, 'run', '--quiet', '--out', out, SCRIPT], { cwd: FIXTURES });
    assert.equal(r.status, 1, r.stderr.toString());
    events = parseTrace(fs.readFileSync(out, 'utf8'));
    pm = events.find((e): e is PostmortemEvent => e.type === 'postmortem')!;
    assert.ok(pm, 'the run wrote its post-mortem');
    pages = await startPanelPages();
  });
  after(async () => {
    await pages?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function postmortemView(theme: ThemeName = 'dark', viewport?: { width: number; height: number }, shown = events): Promise<Page> {
    const page = await pages.open(theme, viewport);
    await showRun(page, shown);
    await page.locator('[role="tab"][data-view="postmortem"]').click();
    await page.locator('.postmortem-view').waitFor();
    return page;
  }
  const frameRows = (page: Page) => page.locator('.pm-frames > li:visible').evaluateAll((rows) => rows.map((r) => (r.firstElementChild as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
  /** The stack as the view should fold it, from the trace: each run of library frames counted. */
  const foldedStack = (): string[] => pm.frames.reduce<string[]>((rows, f, i) => {
    if (f.user) return [...rows, frameText(f)];
    if (i > 0 && !pm.frames[i - 1].user) return [...rows.slice(0, -1), `${Number(rows.at(-1)!.split(' ')[0]) + 1} library frames`];
    return [...rows, '1 library frames'];
  }, []).map((row) => row.replace(/^1 library frames$/, '1 library frame'));

  it('puts the error and its cause first: the class, the message as text, the cause\'s sentence and its operands\' shapes', async () => {
    const page = await postmortemView();
    await page.locator('.pm-error').waitFor();
    assert.equal(await page.locator('.pm-origin').innerText(), 'Unhandled rejection', 'model.fit rejects');
    assert.equal(await page.locator('.pm-error-class').innerText(), 'Error');
    assert.equal(await page.locator('.pm-message').innerText(), 'Error in matMul: inner shapes (2) and (3) of Tensors with shapes 4,2 and 3,1 and transposeA=false and transposeB=false must match.');
    assert.equal(squash(await page.locator('.pm-cause-line').innerText()), 'Cause: matMul at shape-error.cjs:14:21 got a float32 [4,2] and a float32 [3,1]: inner dimensions 2 and 3 differ');
    assert.deepEqual(await page.locator('.pm-operands li').allInnerTexts(), ['a [4,2] float32', 'b [3,1] float32']);
    assert.equal(squash(await page.locator('.pm-cause-site').innerText()), 'matMul at shape-error.cjs:14:21');
    const warning = page.locator('[data-view="postmortem"] .tab-warnings');
    assert.equal(await warning.isVisible(), true, 'the tab says there is a post-mortem');
    assert.equal(await warning.getAttribute('title'), 'The run ended in an exception: its post-mortem');
  });

  it('lists the frames innermost first, each run of library frames one toggle in its place', async () => {
    const page = await postmortemView();
    await page.locator('.pm-frames').waitFor();
    const rows = await frameRows(page);
    assert.deepEqual(rows, foldedStack());
    // main awaited model.fit, but TF.js's own awaits are compiled to generators, so V8 knows no async
    // caller below fit (the recorder reads V8's async frames only: 2093b17); the marker of one is
    // checked on the hand-made trace below.
    assert.deepEqual(rows.filter((r) => !r.endsWith('library frames')), ['weightedLoss shape-error.cjs:14']);
    assert.match(rows[0], /^9 library frames$/, 'TF.js\'s kernel frames above the loss');
    assert.equal(squash(await page.locator('.pm-stack h4').innerText()), `Stack (${pm.frames.length} frames, innermost first)`);
    await page.locator('.pm-library-toggle').first().click();
    assert.equal(await page.locator('.pm-library-toggle').first().getAttribute('aria-expanded'), 'true');
    const opened = await frameRows(page);
    assert.deepEqual(opened.slice(1, 11), [...pm.frames.slice(0, 9).map(frameText), 'weightedLoss shape-error.cjs:14'], 'in their place, in their order');
    assert.equal(opened[1], 'assert tf-core.node.js:454');
    await page.locator('.pm-library-toggle').first().click();
    assert.deepEqual(await frameRows(page), rows, 'folded again');
  });

  it('opens the user\'s failing frame on its scopes: each tensor on one line, shape first, NaN!/Inf! flagged', async () => {
    const page = await postmortemView();
    const frame = page.locator('.pm-frame.user').first();
    await frame.locator('.pm-scopes').waitFor();
    assert.deepEqual(await frame.locator('.pm-scope-title').allInnerTexts(), ['Local', 'Closure']);
    const tensors = await texts(page, '.pm-frame.user >> nth=0 >> .pm-tensor');
    assert.equal(tensors.length, 4);
    assert.equal(tensors[0], 'yTrue Tensor float32 [4,2] x∈[0, 0] μ=0 σ=0');
    assert.match(tensors[1], /^yPred Tensor float32 \[4,2\] x∈\[-?[\d.]+, -?[\d.]+\] μ=-?[\d.]+ σ=[\d.]+$/);
    assert.equal(tensors[2], 'weights Tensor float32 [3,1] x∈[1, 1] μ=1 σ=0', 'the [3,1] of the third batch');
    assert.equal(tensors[3], 'scale Tensor float32 [3] x∈[1, 1] μ=1 σ=0 NaN! Inf!');
    const flag = frame.locator('.pm-flag').first();
    assert.equal(await flag.getAttribute('title'), '1 NaN values');
    assert.equal(await flag.evaluate((el) => getComputedStyle(el).color), 'rgb(248, 81, 73)', 'var(--vscode-errorForeground) of the dark theme');
    assert.equal(await frame.locator('.pm-tensor code').nth(3).getAttribute('title'), 'first values: [1, NaN, Infinity] of 3');
    assert.equal(await page.locator('.pm-frame.library .pm-scopes:visible').count(), 0, 'library frames stay closed');
    assert.equal(await page.locator('.pm-scopes:visible').count(), 1, 'only the failing frame is open');
  });

  it('expands a variable as the other views do, HTML in its keys and values as text; a frame opens and closes from the keyboard', async () => {
    const page = await postmortemView();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    const frame = page.locator('.pm-frame.user').first();
    const labels = frame.locator('details.value', { has: page.locator('summary .value-label', { hasText: /^labels$/ }) });
    await labels.locator('summary').click();
    assert.deepEqual(await texts(page, '.pm-frame.user >> nth=0 >> details.value[open] .value-children .value-line'), [`${HOSTILE} "${HOSTILE}"`, 'calls 3']);
    assert.equal(await page.locator('.postmortem-view img').count(), 0);
    const toggle = frame.locator('.pm-frame-toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await frame.locator('.pm-scopes').isVisible(), false);
    await page.keyboard.press('Space');
    assert.equal(await frame.locator('.pm-scopes').isVisible(), true);
    await page.waitForTimeout(100);
    assert.deepEqual(dialogs, []);
  });

  it('clicking a frame\'s location posts reveal-site for its line; Re-run in Debugger posts debug-exception', async () => {
    const page = await postmortemView();
    const where = page.locator('.pm-frame.user').first().locator('.pm-frame-where');
    assert.equal(await where.getAttribute('title'), `Open ${SCRIPT} at line 14`);
    await where.click();
    await page.locator('.pm-debug').click();
    const messages = (await posted(page)).filter((m) => m.type === 'reveal-site' || m.type === 'debug-exception');
    assert.deepEqual(messages, [{ type: 'reveal-site', site: { file: SCRIPT, line: 14, column: 21 } }, { type: 'debug-exception', runId: 'r1' }]);
    assert.equal(await page.locator('.pm-frame.user').first().locator('.pm-scopes').isVisible(), true, 'the click did not fold the frame');
  });

  it('says what was going on: where training was, tensor memory, the last calls, what the snapshot is worth', async () => {
    const page = await postmortemView();
    const memory = events.filter((e): e is MemoryEvent => e.type === 'memory').at(-1)!;
    const calls = events.filter((e): e is CallEvent => e.type === 'call').sort((a, b) => a.seq - b.seq).slice(-3); // the last to start
    const facts = await page.locator('.pm-facts').evaluate((dl) => Array.from(dl.children, (c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    assert.equal(facts.length, 8);
    assert.match(facts[1], /^sequential_1 fit #1 · epoch 1\/2 · batch 2\/3 loss -?[\d.]+$/, 'two batches ended before the third failed');
    assert.deepEqual(facts.slice(2), [
      'Tensor memory', `${memory.numTensors} tensors · ${memory.numBytes.toLocaleString('en-US')} B after batch 2`,
      'Last calls', calls.map((c) => `${c.callable} #${c.callNumber} shape-error.cjs:${c.site.line}:${c.site.column}${c.error ? ' threw' : ''}`).join(' '),
      'Variables', `variables read in ${String(Number(pm.snapshotMs.toPrecision(4)))} ms, as the error was thrown`,
    ]);
    assert.deepEqual(calls.map((c) => [c.callable, c.callNumber, c.error !== undefined]), [['weightedLoss', 1, false], ['weightedLoss', 2, false], ['weightedLoss', 3, true]]);
  });

  it('shows a variable named in HTML as text; says so for frames whose variables were not read, and frames not recorded', async () => {
    const page = await postmortemView('dark', undefined, failingRun());
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    const row = page.locator('.pm-frame[data-index="3"] .value-line', { has: page.locator('.value-label', { hasText: HOSTILE }) });
    assert.equal(squash(await row.innerText()), `${HOSTILE} "${HOSTILE}"`);
    assert.equal(await page.locator('.pm-message').innerText(), `Error in matMul: inner shapes (2) and (3) of Tensors with shapes 4,2 and 3,5 must match. ${HOSTILE}`);
    assert.equal(await page.locator('.postmortem-view img').count(), 0);
    assert.equal(await page.locator('.pm-frame.async .pm-frame-toggle').getAttribute('title'), 'An async caller: its variables are not on the stack');
    assert.equal(await page.locator('.pm-stack > .value-note').innerText(), '… 2 more frames not recorded');
    await page.waitForTimeout(100);
    assert.deepEqual(dialogs, []);
  });

  it('leaves the uncaught error to the Post-mortem view while it is shown, and shows it above every other view', async () => {
    assert.ok(events.some((e) => e.type === 'uncaught'), 'the real run has its uncaught event');
    const page = await postmortemView();
    assert.equal(await page.locator('.uncaught').count(), 1);
    assert.equal(await page.locator('.uncaught').isVisible(), false, 'said once, by the view');
    await page.locator('[role="tab"][data-view="calls"]').click();
    assert.equal(await page.locator('.uncaught').isVisible(), true, 'above the Calls view');
    assert.match(squash(await page.locator('.uncaught').innerText()), /^Unhandled promise rejection .*Error in matMul: inner shapes \(2\) and \(3\)/);
    // an uncaught error the post-mortem is not about (it describes the exit call) stays in the header
    const exited = events.map((e) => (e.type === 'postmortem' ? { ...e, origin: 'exit' as const } : e));
    const other = await postmortemView('dark', undefined, exited);
    assert.equal(await other.locator('.uncaught').isVisible(), true);
  });

  it('says process.exit(code) as it was called, with no message', async () => {
    const exited = failingRun().map((e) => (e.type === 'postmortem' ? { ...e, origin: 'exit' as const, error: { kind: 'number' as const, value: 1 }, cause: null } : e));
    const page = await postmortemView('dark', undefined, exited);
    assert.equal(await page.locator('.pm-origin').innerText(), 'Exited');
    assert.equal(await page.locator('.pm-error-class').innerText(), 'process.exit(1)');
    assert.equal(await page.locator('.pm-message, .pm-cause').count(), 0);
  });

  it('says what it would show for a run that did not fail, and for one that failed without a post-mortem; no warning on the tab', async () => {
    const page = await postmortemView('dark', undefined, failingRun().filter((e) => e.type !== 'postmortem').map((e) => (e.type === 'exit' ? { ...e, code: 0 } : e)));
    assert.match(squash(await page.locator('.pm-empty').innerText()), /^The run did not fail\. When a run ends in an uncaught exception, an unhandled rejection or process\.exit with a non-zero code, this view shows the error and its cause/);
    assert.equal(await page.locator('[data-view="postmortem"] .tab-warnings').isVisible(), false);
    const failed = await postmortemView('dark', undefined, failingRun().filter((e) => e.type !== 'postmortem'));
    assert.match(squash(await failed.locator('.pm-empty').innerText()), /^The run failed \(exited with code 1 after 1(\.0)? s\) but left no post-mortem/);
  });

  for (const theme of ['dark', 'light', 'high-contrast'] as ThemeName[]) {
    for (const width of theme === 'high-contrast' ? [900] : [900, 340]) {
      it(`is readable in the ${theme} theme at ${width} px (contrast, nothing cut off, no sideways scroll), with a screenshot`, async () => {
        const page = await postmortemView(theme, { width, height: 1000 });
        await page.locator('.pm-library-toggle').first().click();
        await page.locator('.pm-frame.library >> nth=0').waitFor();
        const { checked, problems } = await page.evaluate(unreadableTextScript({
          selector: ['.pm-origin', '.pm-error-class', '.pm-message', '.pm-cause-line > span', '.pm-operands code', '.frame-fn', '.pm-frame-where', '.pm-library-toggle', '.value-label', '.value-inline', '.pm-flag', 'dt', 'dd']
            .map((s) => `.postmortem-view ${s}`).join(', '),
          minContrast: 4.5,
          cutByDesign: 'summary .value-inline:not(.kind-string)',
        })) as Readability;
        assert.ok(checked >= 40, `checked ${checked}`);
        assert.deepEqual(problems, []);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, 'the page does not scroll sideways');
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `${theme}-${width}.png`), fullPage: true });
      });
    }
  }
});
