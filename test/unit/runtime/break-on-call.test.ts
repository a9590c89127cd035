// Break mode (Break in Callable) in real child processes: with no debugger attached the script runs
// exactly as without Trainspect; with a real V8 inspector session attached (test/fixtures/runtime/
// pause-watch.cjs, from a worker thread) it pauses once, inside the chosen callable's body at the
// chosen call, with the call's arguments as locals.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NO_EVENT_PIPE } from '../../../src/protocol/runtime-config';
import { buildRuntime, FIXTURES, ROOT, runTraced } from './run-traced';

interface Pause {
  reason: string;
  function: string;
  file: string; // the script's URL
  line: number; // in the code V8 ran
  original: number | null; // through the script's source map
  locals: Record<string, string>;
}

const lineOf = (fixture: string, text: string): number => {
  const index = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `${text} is not in ${fixture}`);
  return index + 1;
};
const fileUrl = (fixture: string): string => pathToFileURL(path.join(FIXTURES, fixture)).href;
const breakConfig = (target: string, callNumber: number) => ({ targets: [target], maxCalls: callNumber, extraConfig: { eventFd: NO_EVENT_PIPE, break: { callNumber } } });

/** Runs a fixture in break mode under the pause watcher; returns its pauses and output. */
async function pausesOf(fixture: string, target: string, callNumber = 1): Promise<{ pauses: Pause[]; stdout: string }> {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-break-')), 'pauses.jsonl');
  const run = await runTraced(fixture, { ...breakConfig(target, callNumber), env: { PAUSE_LOG: log } });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const pauses = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Pause) : [];
  return { pauses, stdout: run.stdout };
}

describe('break mode (Break in Callable)', function () {
  this.timeout(60_000);
  before(() => buildRuntime());

  for (const fixture of ['break-main.cjs', 'break-main.ts', 'break-main.mts']) {
    it(`changes nothing with no debugger attached: ${fixture}`, async () => {
      const plain = await runTraced(fixture, { runtime: false });
      const broken = await runTraced(fixture, breakConfig('splitter', 1));
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal(broken.code, plain.code);
      assert.equal(broken.stdout, plain.stdout);
      assert.equal(broken.stderr, plain.stderr);
      assert.deepEqual(broken.events, [], 'no event pipe in break mode, nothing written to fd 3');
    });
  }

  it('pauses inside a factory-made callable whose body is in another file, at the chosen call only', async () => {
    const { pauses, stdout } = await pausesOf('break-main.cjs', 'splitter', 2);
    assert.equal(pauses.length, 1, JSON.stringify(pauses));
    const [pause] = pauses;
    assert.equal(pause.file, fileUrl('break-pipeline.cjs'));
    assert.equal(pause.line, lineOf('break-pipeline.cjs', 'const order = items.map'));
    // Call 2 gets 29 names; the default parameter's helper (cutFor) ran, and did not pause.
    assert.deepEqual([pause.locals.items, pause.locals.cut], ['Array(29)', '6']);
    assert.match(stdout, /split 3: 22 train \/ 6 valid/, 'the script ran on to its end after the pause');
  });

  it('pauses inside a declared function after its "use strict" directive, and in an expression-bodied arrow', async () => {
    const declared = await pausesOf('break-main.cjs', 'declared');
    assert.deepEqual(declared.pauses.map((p) => [p.function, p.line, p.locals.items]), [['declared', lineOf('break-main.cjs', 'return items.length;'), 'Array(30)']]);
    const arrow = await pausesOf('break-main.cjs', 'getLabel');
    assert.deepEqual(arrow.pauses.map((p) => [p.function, p.line, p.locals.name]), [['getLabel', lineOf('break-main.cjs', "getLabel: (name) =>"), 'cat_1.png']]);
  });

  it('pauses inside a callable from a file the transform left alone (called through a Proxy), not in its default parameter\'s helper', async () => {
    const { pauses } = await pausesOf('break-main.cjs', 'tag');
    assert.deepEqual(pauses.map((p) => [p.file, p.line, p.locals.name, p.locals.suffix]), [[fileUrl('break-namer.cjs'), lineOf('break-namer.cjs', 'const upper = name.toUpperCase();'), 'cat', '!']]);
  });

  it('pauses just before the call, in the runtime, when the callee is not a user function', async () => {
    const { pauses } = await pausesOf('break-main.cjs', 'pick');
    assert.equal(pauses.length, 1, JSON.stringify(pauses));
    assert.equal(pauses[0].function, 'pauseBeforeCall');
    assert.equal(pauses[0].file, pathToFileURL(path.join(ROOT, 'dist/runtime/preload.js')).href);
    assert.deepEqual(pauses[0].locals, { callee: 'function max() { [native code] }', args: 'Array(2)' });
  });

  it('does not pause without break mode, with the watcher attached', async () => {
    const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-break-')), 'pauses.jsonl');
    const run = await runTraced('break-main.cjs', { targets: ['splitter'], maxCalls: 3, env: { PAUSE_LOG: log } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fs.existsSync(log), false, 'a pause was logged');
  });

  for (const [fixture, bodyFile] of [['break-main.ts', 'break-pipeline.ts'], ['break-main.mts', 'break-pipeline.mts']]) {
    it(`pauses on the TypeScript line through the source map: ${fixture}`, async () => {
      const { pauses } = await pausesOf(fixture, 'splitter');
      assert.equal(pauses.length, 1, JSON.stringify(pauses));
      assert.equal(pauses[0].file, fileUrl(bodyFile));
      assert.equal(pauses[0].original, lineOf(bodyFile, 'const order: number[] = items.map'));
      assert.equal(pauses[0].locals.items, 'Array(30)');
    });
  }
});
