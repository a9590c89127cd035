// The panel's browser bundle in a real headless chromium: the same bundle esbuild builds for VS Code,
// under the same kind of CSP, fed host messages through window.postMessage (webview-page.ts: its stub
// acquireVsCodeApi records what the panel posts and keeps what it saves across a reload).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { CallEvent, SplitLabelsEvent, TraceEvent } from '../../src/protocol/events';
import type { Preview } from '../../src/protocol/preview';
// @ts-expect-error: a plain .mjs helper shared with the e2e test, run inside the page
import { unreadableTextScript } from '../e2e/readability.mjs';
import { startPanelPages, type PanelPages } from './webview-page';

interface Readability { checked: number; problems: string[] }

const ROOT = path.resolve(__dirname, '../..');
const SCREENSHOT = path.join(ROOT, 'out', 'test', 'webview-panel.png');

const HOSTILE = '<img src=x onerror=window.__xss=1>';

const str = (value: string, length = value.length): Preview => ({ kind: 'string', value, length, truncated: length > value.length || undefined });
const site = (line: number) => ({ file: '/work/pets/train.js', line, column: 3 });

function call(seq: number, callable: string, line: number, callNumber: number, args: Preview[], result: Preview): CallEvent {
  return {
    type: 'call', seq, callableId: `c${line}`, callable, site: site(line), callNumber, args, result, async: false, durationMs: 1.25, time: 10 + seq,
    stack: [
      { function: 'buildDataset', file: '/work/pets/train.js', line: 40, column: 5, user: true },
      { function: 'Dataset.map', file: '/work/pets/node_modules/@tensorflow/tfjs-data/dist/index.js', line: 900, column: 12, user: false },
      { function: 'Module._compile', file: 'node:internal/modules/cjs/loader', line: 1554, column: 14, user: false },
    ],
  };
}

const paths: Preview = {
  kind: 'array', className: 'Array', length: 7390, elements: { types: ['string'] },
  items: [str('images/Abyssinian_1.png'), str(HOSTILE), str('images/beagle_3.png')], truncated: true,
};
const tensor: Preview = {
  kind: 'tensor', className: 'Tensor', shape: [32, 64, 64, 3], dtype: 'float32', size: 393216, values: [0.5, 0.25, 'NaN'],
  stats: { min: 0, max: 1, mean: 0.4812, std: 0.2, nanCount: 1, infCount: 0, zeroCount: 12 }, truncated: true,
};
const labels: Preview = {
  kind: 'map', className: 'Map', size: 2, keyTypes: { types: ['string'] }, valueTypes: { types: ['number'] },
  entries: [{ key: str('Abyssinian'), value: { kind: 'number', value: 0 } }, { key: str('beagle'), value: { kind: 'number', value: 1 } }],
};

const RUN: TraceEvent[] = [
  { type: 'run', version: 1, script: '/work/pets/train.js', args: [], cwd: '/work/pets', node: 'v20.20.0', platform: 'linux', pid: 4242, startTime: '2025-01-01T00:00:00.000Z', targets: ['splitter', 'getLabel'], maxCalls: 3, time: 0 },
  { type: 'callable', id: 'c12', name: 'splitter', kind: 'variable', site: site(12), traced: true, time: 1 },
  { type: 'callable', id: 'c20', name: 'getLabel', kind: 'property', site: site(20), traced: true, time: 2 },
  call(1, 'splitter', 12, 1, [paths], { kind: 'object', className: 'Object', keyCount: 2, entries: [{ key: 'train', value: paths }, { key: 'valid', value: tensor }] }),
];

interface Posted { type: string; runId?: string; calls?: number; site?: { file: string; line: number } }

describe('webview panel (headless chromium)', function () {
  this.timeout(60_000);
  let pages: PanelPages;
  let page: Page;

  before(async () => {
    pages = await startPanelPages('src/webview/main.ts', { probe: 'test/unit/webview-probe-panel.ts' });
  });
  after(async () => pages?.close());

  beforeEach(async () => {
    page = await pages.open('dark');
  });
  afterEach(async () => page?.close());

  const send = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);
  const posted = () => page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);
  const lastRendered = async () => (await posted()).filter((m) => m.type === 'rendered').at(-1);
  const showRun = (events: TraceEvent[], state = 'running') => send({ type: 'show-run', runId: 'r1', title: 'train.js', state, keepRunning: false, events });

  it('says it is ready, then renders a run with previews that say what each value is', async () => {
    assert.equal((await posted())[0]?.type, 'ready');
    await showRun(RUN);
    await page.waitForSelector('article.call');
    assert.deepEqual(await lastRendered(), { type: 'rendered', runId: 'r1', calls: 1 });
    const text = await page.locator('article.call').innerText();
    assert.match(text, /splitter/);
    assert.match(text, /#1/);
    assert.match(text, /train\.js:12:3/);
    assert.match(text, /an Array of 7,390 strings/);
    assert.match(text, /1\.25 ms/);
    assert.match(await page.locator('.run-header').innerText(), /Running/);
  });

  it('shows a captured HTML string as text, never as markup', async () => {
    await showRun(RUN);
    await page.locator('article.call details.value').first().locator('summary').first().click();
    await page.getByText(HOSTILE, { exact: false }).first().waitFor();
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  });

  it('expands tensors, maps and the caller stack; a site click asks the host to reveal it', async () => {
    await showRun(RUN);
    await send({ type: 'append-events', runId: 'r1', events: [call(2, 'getLabel', 20, 1, [labels], str('beagle'))] });
    await page.waitForSelector('article.call >> nth=1');
    assert.deepEqual(await lastRendered(), { type: 'rendered', runId: 'r1', calls: 2 });

    const first = page.locator('article.call').first();
    await first.locator('.outcome summary').first().click(); // the returned object
    await first.locator('.outcome details.value details.value').nth(1).locator('summary').click(); // its tensor
    await page.locator('article.call .outcome', { hasText: /shape\s*\[32, 64, 64, 3\]/ }).first().waitFor(); // children render on first open
    const outcome = await first.locator('.outcome').innerText();
    assert.match(outcome, /a Tensor float32 \[32,64,64,3\]/);
    assert.match(outcome, /shape\s*\[32, 64, 64, 3\]/);
    assert.match(outcome, /x∈\[0, 1\] μ=0\.4812/);
    assert.match(outcome, /NaN 1/);

    const second = page.locator('article.call').nth(1);
    await second.locator('.args summary').first().click();
    await second.locator('.args', { hasText: /"beagle"\s*→\s*1/ }).waitFor();
    assert.match(await second.locator('.args').innerText(), /a Map of string → number \(2 entries\)[\s\S]*"beagle" →\s*1/);

    assert.equal(await first.locator('.stack .frame.user').count(), 1);
    assert.equal(await first.locator('.library-frames').getAttribute('open'), null);
    await first.locator('.library-frames summary').click();
    await first.locator('.library-frames', { hasText: 'loader:1554:14' }).waitFor();
    assert.match(await first.locator('.library-frames').innerText(), /node:internal\/modules\/cjs\/loader:1554:14/);

    await first.locator('.call-header .site').click();
    await first.locator('.stack .frame.user .site').press('Enter');
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === 'reveal-site').length >= 2);
    const reveals = (await posted()).filter((m) => m.type === 'reveal-site');
    assert.deepEqual(reveals.map((m) => m.site?.line), [12, 40]);
  });

  it('filters calls by callable', async () => {
    await showRun([...RUN, call(2, 'getLabel', 20, 1, [str('a.png')], str('Abyssinian')), call(3, 'splitter', 12, 2, [paths], str('x'))]);
    await page.waitForSelector('article.call >> nth=2');
    await page.locator('.filters button', { hasText: 'getLabel' }).click();
    assert.equal(await page.locator('article.call:visible').count(), 1);
    assert.equal(await page.locator('.filters button', { hasText: 'getLabel' }).getAttribute('aria-pressed'), 'true');
    await page.locator('.filters button', { hasText: 'All' }).click();
    assert.equal(await page.locator('article.call:visible').count(), 3);
  });

  it('shows calls in the order they started, a caller that ended after its inner call before it', async () => {
    await showRun(RUN);
    await send({ type: 'append-events', runId: 'r1', events: [call(3, 'getLabel', 20, 1, [str('inner')], str('beagle'))] });
    await page.waitForSelector('article.call >> nth=1');
    await send({ type: 'append-events', runId: 'r1', events: [call(2, 'splitter', 12, 2, [str('outer')], str('x'))] });
    await page.waitForSelector('article.call >> nth=2');
    assert.deepEqual(await page.locator('article.call').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))), ['splitter call 1', 'splitter call 2', 'getLabel call 1']);
    assert.deepEqual(await lastRendered(), { type: 'rendered', runId: 'r1', calls: 3 });
  });

  it('Break here on a recorded call asks the host to debug that call, by its number in the run', async () => {
    await showRun([...RUN, call(2, 'splitter', 12, 2, [paths], str('x'))]);
    const button = page.locator('article.call').nth(1).locator('.call-header button.break-here');
    assert.equal(await button.getAttribute('aria-label'), 'Break in splitter at call 2');
    assert.match((await button.getAttribute('title')) ?? '', /inside splitter when it is called for the 2nd time/);
    await button.click();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'break-at-call'));
    assert.deepEqual((await posted()).filter((m) => m.type === 'break-at-call').at(-1), { type: 'break-at-call', runId: 'r1', seq: 2 });
  });

  it('Stop and Keep running post to the host; the finished run shows how it ended', async () => {
    await showRun(RUN);
    await page.locator('button[data-action="keep-running"]').click();
    await page.locator('button[data-action="stop"]').click();
    const actions = (await posted()).filter((m) => m.type === 'stop-run' || m.type === 'keep-running');
    assert.deepEqual(actions, [{ type: 'keep-running', runId: 'r1' }, { type: 'stop-run', runId: 'r1' }]);

    await send({ type: 'run-state', runId: 'r1', state: 'running', keepRunning: true });
    await page.waitForSelector('button[data-action="keep-running"]', { state: 'detached' });
    await send({
      type: 'append-events', runId: 'r1', events: [
        { type: 'uncaught', origin: 'uncaughtException', error: { kind: 'error', className: 'TypeError', message: 'x is not a function', stack: 'TypeError: x is not a function\n    at train.js:50:3' }, time: 30 },
        { type: 'notice', level: 'warning', code: 'target-not-called', message: 'getLabel was found but never called', time: 31 },
        { type: 'exit', code: 1, signal: null, stoppedBy: null, durationMs: 1500, time: 32 },
      ],
    });
    await page.waitForSelector('.state-finished');
    const header = await page.locator('.run-header').innerText();
    assert.match(header, /Exited with code 1 after 1\.5 s/);
    assert.match(await page.locator('.state').innerText(), /Failed/);
    assert.match(header, /Uncaught exception[\s\S]*TypeError: x is not a function/);
    assert.match(header, /getLabel was found but never called/);
    assert.equal(await page.locator('button[data-action="stop"]').count(), 0);
  });

  it('a run killed by a signal, or that never ran, failed; one stopped at the limit was stopped', async () => {
    const ended = async (exit: TraceEvent) => {
      await showRun([...RUN, exit], 'finished');
      await page.waitForSelector('.state-finished');
      return { badge: (await page.locator('.state').innerText()).trim(), result: await page.locator('.facts').innerText(), cls: await page.locator('.state').getAttribute('class') };
    };
    const killed = await ended({ type: 'exit', code: null, signal: 'SIGKILL', stoppedBy: null, durationMs: 2000, time: 50 });
    assert.equal(killed.badge, 'Failed');
    assert.match(killed.cls ?? '', /outcome-failed/);
    assert.match(killed.result, /Killed by SIGKILL after 2\.0 s/);
    const never = await ended({ type: 'exit', code: null, signal: null, stoppedBy: null, durationMs: 5, time: 50 });
    assert.equal(never.badge, 'Failed');
    assert.match(never.result, /The script did not run/);
    const limit = await ended({ type: 'exit', code: null, signal: 'SIGTERM', stoppedBy: 'limit', durationMs: 812, time: 50 });
    assert.equal(limit.badge, 'Stopped');
    assert.match(limit.result, /Stopped at the call limit \(signal SIGTERM\) after 812 ms/);
    const ok = await ended({ type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 812, time: 50 });
    assert.equal(ok.badge, 'Finished');
    assert.match(ok.cls ?? '', /outcome-succeeded/);
  });

  it('ignores messages that fail the protocol guards or belong to another run', async () => {
    await showRun(RUN);
    await send({ type: 'append-events', runId: 'other', events: [call(2, 'getLabel', 20, 1, [], str('x'))] });
    await send({ type: 'append-events', runId: 'r1', events: [{ type: 'call', seq: 'not a number' }] });
    await send({ type: 'show-run', runId: 'r2', title: '<b>t</b>' });
    await page.waitForTimeout(100);
    assert.equal(await page.locator('article.call').count(), 1);
  });

  it('comes back from its saved state after a reload, then asks the host again', async () => {
    await showRun(RUN);
    await page.waitForSelector('article.call');
    await page.reload();
    await page.waitForSelector('article.call');
    assert.match(await page.locator('article.call').innerText(), /an Array of 7,390 strings/);
    const after = await posted();
    assert.deepEqual(after.map((m) => m.type), ['rendered', 'ready']);
  });

  it('saves a bounded state: output without its text, the first 200 calls', async () => {
    await showRun(RUN);
    const many = Array.from({ length: 300 }, (_, i) => call(i + 2, 'getLabel', 20, i + 1, [str(`p${i}.png`)], str('beagle')));
    await send({ type: 'append-events', runId: 'r1', events: [{ type: 'output', stream: 'stdout', text: 'x'.repeat(100_000), time: 20 }, ...many] });
    await send({ type: 'append-events', runId: 'r1', events: [{ type: 'output', stream: 'stdout', text: 'more', time: 21 }, { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 900, time: 22 }] });
    await page.waitForSelector('.state-finished');
    assert.equal(await page.locator('article.call').count(), 301, 'the panel shows every call');
    assert.match(await page.locator('.facts').innerText(), /Output\s*in the “Trainspect” output channel/);
    const saved = await page.evaluate(() => (window as unknown as { __state: { run: { events: TraceEvent[] } } }).__state.run.events);
    assert.equal(saved.filter((e) => e.type === 'call').length, 200);
    assert.deepEqual(saved.filter((e) => e.type === 'output').map((e) => e.type === 'output' && e.text), ['']);
    assert.equal(saved.at(-1)?.type, 'exit');
    assert.ok(JSON.stringify(saved).length < 200_000);

    await page.reload();
    await page.waitForSelector('.state-finished');
    assert.equal(await page.locator('article.call').count(), 200);
    assert.match(await page.locator('.facts').innerText(), /Output\s*in the “Trainspect” output channel/);
  });

  it('saves a bounded state with per-batch streams: every k-th batch and memory event, the first and latest weights', async () => {
    await showRun(RUN);
    const training: TraceEvent[] = [{
      type: 'model', modelId: 1, model: 'sequential_1', fitCall: 1, api: 'fit', epochs: 30, initialEpoch: 0, batchSize: 32, samples: 3200, steps: null,
      metrics: ['loss'], layers: [], totalParams: 0, trainableParams: 0, time: 1,
    }];
    for (let i = 0; i < 3000; i++) {
      const at = { modelId: 1, fitCall: 1, epoch: Math.floor(i / 100), batch: i % 100, time: 2 + i };
      training.push({ type: 'batch', ...at, size: 32, logs: { loss: 1 / (i + 1) }, durationMs: 1 }, { type: 'memory', ...at, numTensors: 10, numDataBuffers: 10, numBytes: 400 });
      if (i % 100 === 99) {
        training.push({ type: 'epoch', modelId: 1, fitCall: 1, epoch: at.epoch, logs: { loss: 0.1 }, durationMs: 5, time: at.time });
        training.push({ type: 'weights', modelId: 1, fitCall: 1, epoch: at.epoch, weights: [], durationMs: 0.1, time: at.time });
      }
    }
    for (let i = 0; i < training.length; i += 1000) await send({ type: 'append-events', runId: 'r1', events: training.slice(i, i + 1000) });
    await send({ type: 'append-events', runId: 'r1', events: [{ type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 900, time: 9000 }] });
    await page.waitForSelector('.state-finished');
    const saved = await page.evaluate(() => (window as unknown as { __state: { run: { events: TraceEvent[] } } }).__state.run.events);
    const batches = saved.filter((e): e is TraceEvent & { type: 'batch' } => e.type === 'batch');
    assert.ok(batches.length <= 500 && batches.length >= 250, `${batches.length} batch events saved`);
    const stride = batches[1].time - batches[0].time;
    assert.ok(batches.every((b, i) => b.time === 2 + i * stride), 'every k-th batch');
    assert.equal(saved.filter((e) => e.type === 'memory').length, batches.length);
    assert.equal(saved.filter((e) => e.type === 'epoch').length, 30);
    assert.deepEqual(saved.filter((e) => e.type === 'weights').map((e) => e.type === 'weights' && e.epoch), [0, 29]);
    assert.ok(JSON.stringify(saved).length < 200_000);
  });

  it('is a shell of views: a tab per registered view, only the selected one rendered, each catching up when shown', async () => {
    await page.close();
    page = await pages.open('dark', undefined, 'probe');
    await showRun(RUN);
    await page.waitForSelector('article.call');
    const tabs = page.locator('[role="tablist"] [role="tab"]');
    assert.deepEqual((await tabs.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()), ['CALLS 1', 'TRAINING', 'PIPELINE', 'MODEL', 'SHAPES', 'POST-MORTEM', 'PROBE 4'], 'no count on Training, Pipeline, Model or Shapes: nothing trained or recorded; no warning on Post-mortem: nothing failed');
    const probeTab = page.locator('[role="tab"][data-view="probe"]');
    assert.equal(await tabs.first().getAttribute('aria-selected'), 'true');
    await send({ type: 'append-events', runId: 'r1', events: [call(2, 'getLabel', 20, 1, [str('a.png')], str('beagle'))] });
    await page.waitForSelector('article.call >> nth=1');
    assert.equal(await page.locator('.probe').count(), 0, 'a view never shown is not even built');

    await probeTab.click();
    assert.match(await page.locator('.probe').innerText(), /^train\.js: 5 events, 2 calls, render 1, saved null$/);
    assert.equal(await page.locator('article.call:visible').count(), 0, 'the Calls view is hidden');
    assert.equal(await probeTab.getAttribute('aria-selected'), 'true');
    const renderedBefore = (await posted()).filter((m) => m.type === 'rendered').length;
    await send({ type: 'append-events', runId: 'r1', events: [call(3, 'splitter', 12, 2, [paths], str('x'))] });
    await page.locator('.probe', { hasText: '6 events, 3 calls, render 2' }).waitFor();
    assert.equal((await posted()).filter((m) => m.type === 'rendered').length, renderedBefore, 'the hidden Calls view did not render');
    assert.match(await tabs.first().innerText(), /3/, 'its tab still counts the calls');

    await probeTab.press('Home'); // back to Calls from the keyboard
    await page.waitForSelector('article.call >> nth=2');
    assert.equal(await page.locator('.probe:visible').count(), 0);
    assert.deepEqual(await lastRendered(), { type: 'rendered', runId: 'r1', calls: 3 });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-view')), 'calls');

    await probeTab.click();
    // The save after this click, not an earlier one that had the probe selected too (saves wait up to 250 ms).
    await page.waitForFunction(() => {
      const shell = (window as unknown as { __state?: { shell?: { view?: string; views?: { probe?: { renders?: number } } } } }).__state?.shell;
      return shell?.view === 'probe' && shell.views?.probe?.renders === 3;
    });
    await page.reload();
    await page.locator('.probe', { hasText: 'saved {"renders":3}' }).waitFor();
    assert.equal(await page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-view'), 'probe', 'the selected view comes back after a reload');
  });

  it('takes a screenshot of a run with an expanded call', async () => {
    await showRun([...RUN, call(2, 'getLabel', 20, 1, [labels], str('beagle')), { type: 'limit', reason: 'max-calls', counts: { splitter: 1, getLabel: 1 }, time: 40 }, { type: 'exit', code: null, signal: 'SIGTERM', stoppedBy: 'limit', durationMs: 812, time: 41 }], 'finished');
    await page.waitForSelector('article.call >> nth=1');
    await page.locator('article.call').first().locator('.args summary').first().click();
    await page.locator('article.call').first().locator('.outcome summary').first().click();
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.ok(fs.statSync(SCREENSHOT).size > 10_000);
    const fontsReady = await page.evaluate(async () => { await document.fonts.ready; return document.fonts.check('16px codicon'); });
    assert.ok(fontsReady, 'the codicon font loads under the CSP');
  });

  // ---- what the panel says: parameter names, paths, numbers, splits; Run again; themes

  const ROOT_DIR = '/home/me/projects/pets';
  const imagePath = (name: string) => `${ROOT_DIR}/data/images/${name}`;
  const petsRun = (call: CallEvent): TraceEvent[] => [
    { type: 'run', version: 1, script: `${ROOT_DIR}/train.js`, args: ['--epochs', '1'], cwd: ROOT_DIR, node: 'v20.20.0', platform: 'linux', pid: 7, startTime: '2025-01-01T00:00:00.000Z', targets: ['splitter'], maxCalls: 3, time: 0 },
    call,
  ];
  const splitCall = (): CallEvent => ({
    ...call(1, 'splitter', 18, 1, [{
      kind: 'array', className: 'Array', length: 300, elements: { types: ['string'] }, truncated: true,
      items: [str(imagePath('Abyssinian_1.png')), str(imagePath('Abyssinian_10.png')), str(imagePath('great_pyrenees_117.png'))],
    }], {
      kind: 'array', className: 'Array', length: 2, elements: { types: ['Array'] }, items: [
        { kind: 'array', className: 'Array', length: 240, elements: { types: ['number'] }, items: [{ kind: 'number', value: 87 }], truncated: true },
        { kind: 'array', className: 'Array', length: 60, elements: { types: ['number'] }, items: [{ kind: 'number', value: 154 }], truncated: true },
      ],
    }),
    site: { file: `${ROOT_DIR}/train.js`, line: 18, column: 3 },
    params: [{ name: 'items' }, { name: 'validPct', default: '0.2' }, { name: 'opts', rest: true }],
    split: { items: 300, sizes: [240, 60], overlap: 0, missing: 0, outOfRange: 0 },
  });

  it('names arguments by the callee\'s parameters and shows a default that was not passed', async () => {
    const c = splitCall();
    await showRun(petsRun(c));
    const args = page.locator('article.call .args');
    await args.waitFor();
    assert.deepEqual(await args.locator(':scope > .value .value-label, :scope > .value > summary .value-label').allInnerTexts(), ['items', 'validPct']);
    assert.match(await args.innerText(), /validPct\s*= 0\.2\s*not passed: the default/);
    assert.doesNotMatch(await args.innerText(), /arg 0/);
    // rest parameters take the remaining arguments; without params an argument is known by its position
    await showRun(petsRun({ ...c, args: [str('a'), { kind: 'number', value: 0.1 }, str('x'), str('y')] }));
    await page.locator('article.call .args').waitFor();
    assert.deepEqual(await page.locator('article.call .args .value-label').allInnerTexts(), ['items', 'validPct', 'opts[0]', 'opts[1]']);
    await showRun(petsRun({ ...c, params: undefined, args: [str('a')] }));
    await page.locator('article.call .args', { hasText: 'arg 0' }).waitFor();
  });

  it('shows paths under the run\'s folder relative to it, cuts long strings in the middle, and nothing is cut off by its box', async () => {
    await page.setViewportSize({ width: 460, height: 900 });
    const long = `${ROOT_DIR}/data/${'very-long-folder-name/'.repeat(6)}beagle_42.png`;
    const c = splitCall();
    (c.args[0] as { items: unknown[] }).items.push(str(long), { kind: 'string', value: `${ROOT_DIR}/data/aaaaaaaa`, tail: 'zzzz/pug_7.png', length: 500, truncated: true });
    await showRun(petsRun(c));
    const items = page.locator('article.call .args > details.value').first();
    await items.locator('summary').first().click();
    const rows = items.locator('.value-children .value-inline');
    await rows.first().waitFor();
    const texts = await rows.allInnerTexts();
    assert.deepEqual(texts.slice(0, 3), ['"./data/images/Abyssinian_1.png"', '"./data/images/Abyssinian_10.png"', '"./data/images/great_pyrenees_117.png"']);
    assert.match(texts[3], /^"\.\/data\/very-.*….*beagle_42\.png"$/, 'cut in the middle, the file name kept');
    assert.ok(texts[3].length <= 74, texts[3]);
    assert.match(texts[4], /^"\.\/data\/aaaaaaaa…zzzz\/pug_7\.png"$/, 'a capture that kept the head and the tail');
    assert.equal(await rows.nth(0).getAttribute('title'), imagePath('Abyssinian_1.png'), 'the full value on hover');
    const { checked, problems } = await page.evaluate(unreadableTextScript({ selector: 'article.call .kind-string, article.call .value-label, article.call .site, .split span', minContrast: 3 })) as Readability;
    assert.ok(checked >= 8, `checked ${checked}`);
    assert.deepEqual(problems, []);
  });

  it('rounds numbers for reading, with the full value on hover, and does not say "a number" under every value', async () => {
    const c = splitCall();
    await showRun(petsRun({ ...c, params: [{ name: 'lr' }, { name: 'big' }], args: [{ kind: 'number', value: 0.30000000000000004 }, { kind: 'number', value: 1234567.891 }], result: { kind: 'number', value: -0.000123456789 }, split: undefined }));
    const values = page.locator('article.call .value-inline.kind-number');
    await values.first().waitFor();
    assert.deepEqual(await values.allInnerTexts(), ['0.3', '1234567.89', '-0.0001235']);
    assert.equal(await values.first().getAttribute('title'), '0.30000000000000004');
    assert.doesNotMatch(await page.locator('article.call').innerText(), /a number/);
  });

  it('says what a splitter\'s index arrays mean: the sizes of the parts, and any overlap or item left out', async () => {
    await showRun(petsRun(splitCall()));
    const split = page.locator('article.call .split');
    await split.waitFor();
    assert.match(await split.innerText(), /Splits its 300 items into\s*\[0\] 240 \(80%\)\s*\[1\] 60 \(20%\)\s*— no overlap, none left out/);
    assert.equal(await split.getAttribute('class'), 'split');
    await showRun(petsRun({ ...splitCall(), split: { items: 300, sizes: [240, 70], overlap: 10, missing: 0, outOfRange: 1 } }));
    await page.locator('article.call .split.warn', { hasText: '10 items in more than one part, 1 index out of range' }).waitFor();
  });

  it('adds the labeller\'s counts per part to the split\'s card when they arrive, the latest replacing the earlier', async () => {
    const c = splitCall();
    await showRun(petsRun(c));
    await page.locator('article.call .split').waitFor();
    assert.equal(await page.locator('article.call .split-labels').count(), 0);
    const labels = (counted: number, parts: SplitLabelsEvent['parts']): SplitLabelsEvent =>
      ({ type: 'split-labels', splitSeq: c.seq, callableId: 'c20', callable: 'labelFromFilename', items: 300, counted, parts, time: 30 });
    await send({ type: 'append-events', runId: 'r1', events: [labels(1, [[['Abyssinian', 1]], []])] });
    await page.locator('article.call .split-labels', { hasText: 'labelled 1 item' }).waitFor();
    await send({ type: 'append-events', runId: 'r1', events: [labels(300, [[['Bengal', 44], ['beagle', 40], ['<b>pug</b>', 37]], [['pug', 13], ['Bengal', 6]]])] });
    const box = page.locator('article.call .split-labels');
    await box.filter({ hasText: 'labelled 300 items' }).waitFor();
    assert.equal(await box.count(), 1);
    assert.match(await box.innerText(), /\[0\] Bengal 44, beagle 40, <b>pug<\/b> 37\s*\[1\] pug 13, Bengal 6/);
    assert.equal(await page.locator('article.call .split-labels b').count(), 0, 'a label is text, never HTML');
  });

  it('offers Run again and Run again, keep running once a run has ended, and posts them to the host', async () => {
    await showRun(petsRun(splitCall()));
    await page.locator('article.call').waitFor();
    assert.equal(await page.locator('button[data-action="run-again"]').count(), 0, 'not while it runs');
    await send({ type: 'append-events', runId: 'r1', events: [{ type: 'exit', code: null, signal: 'SIGTERM', stoppedBy: 'limit', durationMs: 800, time: 9 }] });
    await page.locator('button[data-action="run-again"]').click();
    await page.locator('button[data-action="run-again-keep-running"]').click();
    assert.deepEqual((await posted()).filter((m) => m.type === 'run-again'), [{ type: 'run-again', runId: 'r1', keepRunning: false }, { type: 'run-again', runId: 'r1', keepRunning: true }]);
  });

  it('stays readable in High Contrast Light, under VS Code\'s own default style for <code>', async () => {
    await page.close();
    page = await pages.open('high-contrast-light');
    await showRun([...petsRun(splitCall()), { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 800, time: 9 }], 'finished');
    await page.locator('article.call .args summary').first().click();
    await page.locator('article.call .value-children .kind-string').first().waitFor();
    const bg = await page.locator('article.call .value-children .kind-string').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(bg, 'rgba(0, 0, 0, 0)', 'the textPreformat navy must not show behind values');
    const { checked, problems } = await page.evaluate(unreadableTextScript({ selector: 'code, .value-label, .value-kind, .site, .button, .badge, h4, .split span, .facts dd', minContrast: 4.5, cutByDesign: 'summary .value-inline:not(.kind-string)' })) as Readability;
    assert.ok(checked >= 15, `checked ${checked}`);
    assert.deepEqual(problems, []);
  });
});
