// The Post-mortem view in real chromium: a failing run's trace (test/unit/postmortem-trace.ts) shown as
// the extension host shows it; what a reader sees of the error, its cause, the stack and the variables.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { TraceEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { failingRun, HOSTILE, TRAIN } from './postmortem-trace';
import { showRun, startPanelPages, type PanelPages, type ThemeName } from './webview-page';
// @ts-expect-error: a plain .mjs helper shared with the e2e test, run inside the page
import { unreadableTextScript } from '../e2e/readability.mjs';

interface Readability { checked: number; problems: string[] }

const SCREENSHOTS = path.join(packageRoot(), 'test-results', 'postmortem-view');
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const posted = (page: Page) => page.evaluate(() => (window as unknown as { __posted: { type: string }[] }).__posted);

describe('webview: the Post-mortem view (headless chromium)', function () {
  this.timeout(60_000);
  let pages: PanelPages;
  const events: TraceEvent[] = failingRun();

  before(async () => { pages = await startPanelPages(); });
  after(async () => { await pages?.close(); });

  async function postmortemView(theme: ThemeName = 'dark', viewport?: { width: number; height: number }, shown = events): Promise<Page> {
    const page = await pages.open(theme, viewport);
    await showRun(page, shown);
    await page.locator('[role="tab"][data-view="postmortem"]').click();
    return page;
  }
  const frameRows = (page: Page) => page.locator('.pm-frames > li:visible').evaluateAll((rows) => rows.map((r) => (r.firstElementChild as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));

  it('puts the error and its cause first: the class, the message as text, the cause\'s sentence and its operands\' shapes', async () => {
    const page = await postmortemView();
    await page.locator('.pm-error').waitFor();
    assert.equal(await page.locator('.pm-origin').innerText(), 'Unhandled rejection');
    assert.equal(await page.locator('.pm-error-class').innerText(), 'Error');
    assert.equal(await page.locator('.pm-message').innerText(), `Error in matMul: inner shapes (2) and (3) of Tensors with shapes 4,2 and 3,5 must match. ${HOSTILE}`);
    assert.equal(squash(await page.locator('.pm-cause-line').innerText()), 'Cause: matMul at train.js:6 got a [4,2] and a [3,5] float32: inner dimensions 2 and 3 differ');
    assert.deepEqual(await page.locator('.pm-operands li').allInnerTexts(), ['a [4,2] float32', 'b [3,5] float32']);
    assert.equal(squash(await page.locator('.pm-cause-site').innerText()), 'MatMul at train.js:6:21');
    assert.equal(await page.locator('[data-view="postmortem"] .tab-warnings').isVisible(), true, 'the tab says there is a post-mortem');
    assert.equal(await page.locator('[data-view="postmortem"] .tab-warnings').getAttribute('title'), 'The run ended in an exception: its post-mortem');
  });

  it('lists the frames innermost first, each run of library frames folded in its place, async callers marked', async () => {
    const page = await postmortemView();
    await page.locator('.pm-frames').waitFor();
    assert.deepEqual(await frameRows(page), ['3 library frames', 'badLoss train.js:6', '2 library frames', 'main async train.js:14']);
    assert.equal(squash(await page.locator('.pm-stack h4').innerText()), 'Stack (9 frames, innermost first)');
    assert.equal(await page.locator('.pm-stack > .value-note').innerText(), '… 2 more frames not recorded');
    await page.locator('.pm-library-toggle').first().click();
    assert.equal(await page.locator('.pm-library-toggle').first().getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await frameRows(page), ['3 library frames', 'assert tf-core.node.js:454', 'batchMatMul tf-core.node.js:3858', 'matMul_ tf-core.node.js:10043', 'badLoss train.js:6', '2 library frames', 'main async train.js:14']);
    await page.locator('.pm-library-toggle').first().click();
    assert.equal((await frameRows(page)).length, 4, 'folded again');
  });

  it('opens the first user frame on its scopes: tensors on one line, shape first, NaN!/Inf! flagged', async () => {
    const page = await postmortemView();
    const frame = page.locator('.pm-frame.user[data-index="3"]');
    await frame.locator('.pm-scopes').waitFor();
    assert.deepEqual(await frame.locator('.pm-scope-title').allInnerTexts(), ['Local', 'Closure']);
    const tensors = await frame.locator('.pm-tensor').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(tensors, ['yPred Tensor float32 [4,2] x∈[-1.5, 3.25] μ=0.77 σ=1.32', 'weights Variable float32 [3,5] x∈[NaN, Infinity] μ=NaN σ=NaN NaN! Inf!']);
    const flag = frame.locator('.pm-flag').first();
    assert.equal(await flag.evaluate((el) => getComputedStyle(el).color), 'rgb(248, 81, 73)', 'var(--vscode-errorForeground) of the dark theme');
    assert.match(await frame.locator('.pm-tensor code').first().getAttribute('title') ?? '', /^first values: \[0\.12, -1\.5, 3\.25, 0, 0\.5, 1, 2, 0\.75\] of 8$/);
    assert.equal(await page.locator('.pm-frame.library .pm-scopes:visible').count(), 0, 'library frames stay closed');
  });

  it('expands a variable as the other views do, and a frame\'s scopes open and close from the keyboard', async () => {
    const page = await postmortemView();
    const frame = page.locator('.pm-frame.user[data-index="3"]');
    const settings = frame.locator('details.value', { hasText: 'settings' });
    await settings.locator('summary').click();
    assert.deepEqual(await settings.locator('.value-children .value-line').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.replace(/\s+/g, ' ').trim())), ['units 5', 'label "cat"']);
    const toggle = frame.locator('.pm-frame-toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await frame.locator('.pm-scopes').isVisible(), false);
    await page.keyboard.press('Space');
    assert.equal(await frame.locator('.pm-scopes').isVisible(), true);
    assert.equal(await page.locator('.pm-frame.async .pm-frame-toggle').getAttribute('title'), 'An async caller: its variables are not on the stack');
  });

  it('clicking a frame\'s location posts reveal-site for its line; Re-run in Debugger posts debug-exception', async () => {
    const page = await postmortemView();
    const where = page.locator('.pm-frame[data-index="3"] .pm-frame-where');
    assert.equal(await where.getAttribute('title'), `Open ${TRAIN} at line 6`);
    await where.click();
    await page.locator('.pm-debug').click();
    const messages = (await posted(page)).filter((m) => m.type === 'reveal-site' || m.type === 'debug-exception');
    assert.deepEqual(messages, [{ type: 'reveal-site', site: { file: TRAIN, line: 6, column: 21 } }, { type: 'debug-exception', runId: 'r1' }]);
    assert.equal(await page.locator('.pm-frame[data-index="3"] .pm-scopes').isVisible(), true, 'the click did not fold the frame');
  });

  it('says what was going on: training, tensor memory, the last calls, what the snapshot is worth', async () => {
    const page = await postmortemView();
    const facts = await page.locator('.pm-facts').evaluate((dl) => Array.from(dl.children, (c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
    assert.deepEqual(facts, [
      'Training', 'sequential_1 fit #1 · epoch 1/3 · batch 2/3 loss 0.8123 acc 0.5',
      'Tensor memory', '42 tensors · 11,264 B after batch 2',
      'Last calls', 'badLoss #2 train.js:4:1 badLoss #3 train.js:4:1 badLoss #4 train.js:4:1',
      'Variables', 'variables read in 12.5 ms, as the error was thrown',
    ]);
  });

  it('shows a hostile variable name and value as text, never as markup', async () => {
    const page = await postmortemView();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    const row = page.locator('.pm-frame[data-index="3"] .value-line', { has: page.locator('.value-label', { hasText: HOSTILE }) });
    assert.equal(squash(await row.innerText()), `${HOSTILE} "${HOSTILE}"`);
    assert.equal(await page.locator('.postmortem-view img').count(), 0);
    await page.waitForTimeout(100);
    assert.deepEqual(dialogs, []);
  });

  it('says what it would show for a run that did not fail, with no warning on the tab', async () => {
    const page = await postmortemView('dark', undefined, events.filter((e) => e.type !== 'postmortem').map((e) => (e.type === 'exit' ? { ...e, code: 0 } : e)));
    assert.match(squash(await page.locator('.pm-empty').innerText()), /^The run did not fail\. When a run ends in an uncaught exception, an unhandled rejection or process\.exit with a non-zero code, this view shows the error and its cause/);
    assert.equal(await page.locator('[data-view="postmortem"] .tab-warnings').isVisible(), false);
    const failed = await postmortemView('dark', undefined, events.filter((e) => e.type !== 'postmortem'));
    assert.match(squash(await failed.locator('.pm-empty').innerText()), /^The run failed \(exited with code 1 after 1(\.0)? s\) but left no post-mortem/);
  });

  for (const theme of ['dark', 'light'] as ThemeName[]) {
    for (const width of [900, 340]) {
      it(`is readable in the ${theme} theme at ${width} px (contrast, nothing cut off, no sideways scroll), with a screenshot`, async () => {
        const page = await postmortemView(theme, { width, height: 1000 });
        await page.locator('.pm-library-toggle').first().click();
        await page.locator('.pm-frame.library >> nth=0').waitFor();
        const { checked, problems } = await page.evaluate(unreadableTextScript({
          selector: '.postmortem-view .pm-origin, .postmortem-view .pm-error-class, .postmortem-view .pm-message, .postmortem-view .pm-cause-line > span, .postmortem-view .pm-operands code, .postmortem-view .frame-fn, .postmortem-view .pm-frame-where, .postmortem-view .pm-library-toggle, .postmortem-view .value-label, .postmortem-view .value-inline, .postmortem-view .pm-flag, .postmortem-view dt, .postmortem-view dd',
          minContrast: 4.5,
          cutByDesign: 'summary .value-inline:not(.kind-string)',
        })) as Readability;
        assert.ok(checked >= 30, `checked ${checked}`);
        assert.deepEqual(problems, []);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0, 'the page does not scroll sideways');
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `${theme}-${width}.png`), fullPage: true });
      });
    }
  }
});
