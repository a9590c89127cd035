// The runtime in real child processes: what it records, and that the script behaves as without it.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildRuntime, FIXTURES, ofType, runTraced } from './run-traced';

const SHAPE_NAMES = ['splitter', 'getLabel', 'viaMember', 'prop', 'method', 'made', 'makeDoubler', 'ds.map', 'later'];

describe('runtime in a child process', function () {
  this.timeout(60_000);
  before(() => buildRuntime());

  for (const fixture of ['shapes.cjs', 'shapes.mjs', 'shapes.ts', 'shapes.mts']) {
    it(`records every callable shape in ${fixture}, output unchanged`, async () => {
      const plain = await runTraced(fixture, { runtime: false });
      const traced = await runTraced(fixture, { targets: [] });
      assert.equal(traced.code, 0, traced.stderr);
      assert.equal(traced.stdout, plain.stdout);
      assert.equal(traced.stderr, plain.stderr);
      const run = ofType(traced.events, 'run')[0];
      assert.equal(traced.events[0].type, 'run');
      assert.equal(run.script, path.join(FIXTURES, fixture));
      const callables = ofType(traced.events, 'callable');
      for (const name of SHAPE_NAMES) assert.ok(callables.some((c) => c.name === name), `callable ${name} in ${fixture}`);
      const exported = fixture.endsWith('ts') ? 'viaExport' : 'viaExports';
      assert.ok(callables.some((c) => c.name === exported));
      const calls = ofType(traced.events, 'call');
      const called = new Set(calls.map((c) => c.callable));
      for (const name of [...SHAPE_NAMES, exported]) assert.ok(called.has(name), `call of ${name} in ${fixture}`);
      // Sites are at the original source positions, TypeScript included.
      const splitter = callables.find((c) => c.name === 'splitter')!;
      assert.deepEqual(splitter.site, { file: path.join(FIXTURES, fixture), line: fixture.endsWith('ts') ? 1 : 2, column: 10 });
      const label = calls.find((c) => c.callable === 'getLabel')!;
      assert.deepEqual(label.args, [{ kind: 'string', value: 'cat_1', length: 5 }]);
      assert.deepEqual(label.result, { kind: 'string', value: 'cat', length: 3 });
      assert.ok(label.stack.length > 0 && label.stack[0].user && label.stack[0].file === path.join(FIXTURES, fixture), JSON.stringify(label.stack[0]));
      const ds = calls.filter((c) => c.callable === 'ds.map');
      assert.deepEqual(ds.map((c) => c.args[0]), [{ kind: 'number', value: 1 }, { kind: 'number', value: 2 }]);
    });
  }

  it('keeps name, length, this and new behaviour of wrapped functions', async () => {
    const plain = await runTraced('names.cjs', { runtime: false });
    const traced = await runTraced('names.cjs', { targets: [] });
    assert.equal(traced.stderr, '');
    assert.equal(traced.stdout, plain.stdout);
    const out = JSON.parse(traced.stdout);
    assert.deepEqual(out.names, ['Point', 'add', 'anon', 'read', 'short', '', 'later', 'makeBox']);
    assert.equal(out.stackName, 'named');
    assert.ok(ofType(traced.events, 'call').some((c) => c.callable === 'Point'));
  });

  it('records only targets, and a name@line target only at that line', async () => {
    const traced = await runTraced('shapes.cjs', { targets: ['getLabel', 'prop@7', 'made@8'] });
    const callables = ofType(traced.events, 'callable');
    assert.deepEqual(callables.filter((c) => c.traced).map((c) => `${c.name}@${c.site.line}`), ['getLabel@3', 'prop@7']);
    // `made: makeDoubler()` on line 7 is a factory's binding no target names: left as it is, so its
    // value is never seen to be a function, and it is not reported.
    assert.ok(!callables.some((c) => c.name === 'made'));
    // On line 15, `prop: block.prop(5)` and the like are method calls (data); `later: later()` calls a
    // plain function (a factory?) that returns a string, so it is never reported as a callable.
    assert.deepEqual(callables.filter((c) => c.site.line === 15).map((c) => c.name), []);
    assert.deepEqual([...new Set(ofType(traced.events, 'call').map((c) => c.callable))].sort(), ['getLabel', 'prop']);
  });

  it('records maxCalls calls per callable, then emits one max-calls limit', async () => {
    const traced = await runTraced('limits.cjs', { targets: ['splitter', 'getLabel'], maxCalls: 3 });
    const calls = ofType(traced.events, 'call');
    assert.deepEqual(calls.map((c) => `${c.callable}#${c.callNumber}`), ['splitter#1', 'splitter#2', 'splitter#3', 'getLabel#1', 'getLabel#2', 'getLabel#3']);
    const limits = ofType(traced.events, 'limit');
    assert.equal(limits.length, 1);
    assert.equal(limits[0].reason, 'max-calls');
    assert.deepEqual(limits[0].counts, { splitter: 3, getLabel: 3 });
    const last = traced.events.findIndex((e) => e.type === 'call' && e.callable === 'getLabel' && e.callNumber === 3);
    assert.ok(traced.events.indexOf(limits[0]) > last);
    assert.equal(traced.stdout, 'done\n');
  });

  it('emits phase when training begins and a training-started limit once each target was called', async () => {
    const traced = await runTraced('train.cjs', { targets: ['getLabel'], maxCalls: 3 });
    assert.equal(traced.code, 0, traced.stderr);
    assert.match(traced.stdout, /epochs 2/);
    const phases = ofType(traced.events, 'phase');
    assert.equal(phases.length, 1);
    assert.equal(phases[0].api, 'fit');
    const limits = ofType(traced.events, 'limit');
    assert.deepEqual(limits.map((l) => [l.reason, l.counts]), [['training-started', { getLabel: 2 }]]);
  });

  it('records async results, and an unhandled rejection stays unhandled (same exit code and message)', async () => {
    const plain = await runTraced('async.mjs', { runtime: false });
    const traced = await runTraced('async.mjs', { targets: [] });
    assert.equal(traced.code, plain.code);
    assert.notEqual(traced.code, 0);
    assert.equal(traced.stdout, plain.stdout);
    // Known exception (plain JavaScript, no source maps): on a line Trainspect rewrote (here the first
    // line of a traced function's body) Node's excerpt shows that line as rewritten, and columns after
    // the insertion are shifted. Lines and text agree.
    const withoutColumns = (text: string): string[] => text.split('\n').filter((l) => !/^\s*(?:const fail|\^)/.test(l)).map((l) => l.replace(/:(\d+):\d+\)/, ':$1)'));
    assert.deepEqual(withoutColumns(traced.stderr), withoutColumns(plain.stderr));
    const calls = ofType(traced.events, 'call');
    const load = calls.find((c) => c.callable === 'load')!;
    assert.equal(load.async, true);
    assert.deepEqual(load.result, { kind: 'number', value: 42 });
    const fail = calls.find((c) => c.callable === 'fail')!;
    assert.equal(fail.error?.kind, 'error');
    assert.equal(fail.error?.kind === 'error' && fail.error.message, 'nobody handles this');
    const uncaught = ofType(traced.events, 'uncaught');
    assert.equal(uncaught.length, 1);
    assert.equal(uncaught[0].origin, 'unhandledRejection');
  });

  it('runs a file it cannot parse as is: the same SyntaxError, and a transform-failed notice', async () => {
    const plain = await runTraced('syntax-error.cjs', { runtime: false });
    const traced = await runTraced('syntax-error.cjs', { targets: [] });
    assert.equal(traced.code, plain.code);
    assert.equal(traced.stderr, plain.stderr);
    const notices = ofType(traced.events, 'notice');
    assert.equal(notices.length, 1);
    assert.equal(notices[0].code, 'transform-failed');
    assert.ok(ofType(traced.events, 'uncaught').length === 1);
  });

  it('previews hostile, circular, huge and tensor arguments safely, without calling getters or traps', async () => {
    const traced = await runTraced('hostile.cjs', { targets: ['inspect'], maxCalls: 10 });
    assert.equal(traced.code, 0, traced.stderr);
    assert.equal(traced.stdout, 'getterCalls 0\n');
    const args = ofType(traced.events, 'call').map((c) => c.args[0]);
    assert.equal(args.length, 6);
    const [circ, getter, proxy, huge, tensor, html] = args;
    assert.ok(circ.kind === 'object' && circ.entries[1].value.kind === 'circular' && circ.entries[1].value.path === 'args[0]');
    assert.ok(getter.kind === 'object' && getter.entries[0].value.kind === 'getter');
    assert.deepEqual(proxy, { kind: 'proxy' });
    assert.ok(huge.kind === 'array' && huge.length === 1_000_000 && huge.items.length === 10 && huge.elements.types[0] === 'string');
    assert.ok(tensor.kind === 'tensor', JSON.stringify(tensor));
    assert.deepEqual([tensor.shape, tensor.dtype, tensor.values], [[2, 2], 'float32', [1, 2, 3, 4]]);
    assert.equal(tensor.stats?.mean, 2.5);
    assert.deepEqual(html, { kind: 'string', value: '<b>html</b>', length: 11 });
  });

  it('does nothing in worker threads', async () => {
    const traced = await runTraced('worker.cjs', { targets: [] });
    assert.equal(traced.stdout, 'worker exit 0\n');
    assert.equal(ofType(traced.events, 'run').length, 1);
    assert.deepEqual(ofType(traced.events, 'call').map((c) => c.args[0]), [{ kind: 'number', value: 2 }]);
  });

  it('leaves the stack trace of a throwing ES module in TypeScript identical, pointing at the .mts lines', async () => {
    const plain = await runTraced('throws.mts', { runtime: false });
    const traced = await runTraced('throws.mts', { targets: ['getLabel'], maxCalls: 1 });
    assert.equal(traced.code, 1);
    assert.equal(traced.stderr, plain.stderr);
    assert.match(traced.stderr, /throws\.mts:4:17\)/);
  });

  it('keeps the TypeScript (CommonJS) stack trace lines at the original .ts lines', async () => {
    const plain = await runTraced('throws.ts', { runtime: false });
    const traced = await runTraced('throws.ts', { targets: ['getLabel'], maxCalls: 1 });
    assert.equal(traced.code, plain.code);
    const frames = (text: string): string[] => text.split('\n').filter((l) => l.includes('throws.ts'));
    assert.deepEqual(frames(traced.stderr), frames(plain.stderr));
    assert.ok(frames(plain.stderr).some((l) => l.includes('throws.ts:4:17')));
    // tsx compiles the .ts file itself, and no frame of ours is below its top level: all ten as plain tsx.
    assert.equal(traced.stderr, plain.stderr);
  });

  for (const fixture of ['top-throws.cjs', 'top-throws.mjs', 'late-throws.cjs']) {
    it(`leaves stdout, stderr and the exit code of ${fixture} byte for byte as plain node has them`, async () => {
      const plain = await runTraced(fixture, { runtime: false });
      const traced = await runTraced(fixture, { targets: [], maxCalls: 3 });
      assert.equal(traced.code, 1);
      assert.equal(traced.code, plain.code);
      assert.equal(traced.stdout, plain.stdout);
      assert.equal(traced.stderr, plain.stderr);
      assert.match(traced.stderr, /^\s+at /m);
      const calls = ofType(traced.events, 'call');
      assert.ok(calls.length >= 1 && calls.every((c) => c.result && !c.error), JSON.stringify(calls));
      assert.equal(ofType(traced.events, 'uncaught').length, 1);
    });
  }

  it('leaves Node\'s printed error of a throw inside a recorded call byte for byte as it is, and records the error', async () => {
    const plain = await runTraced('first-throws.cjs', { runtime: false });
    const traced = await runTraced('first-throws.cjs', { targets: ['splitter'] });
    assert.equal(traced.code, 1);
    assert.equal(traced.code, plain.code);
    assert.equal(traced.stdout, plain.stdout);
    // The source excerpt (file:line, the line, the caret) and every frame are Node's own: the call is
    // recorded by the function's own body, no function of Trainspect's is on the stack.
    assert.equal(traced.stderr, plain.stderr);
    assert.match(traced.stderr, /first-throws\.cjs:3\n/);
    assert.doesNotMatch(traced.stderr, /dist[\\/]runtime/);
    const [call] = ofType(traced.events, 'call');
    assert.equal(call.callable, 'splitter');
    assert.equal(call.unfinished, undefined);
    assert.equal(call.result, undefined);
    assert.ok(call.error?.kind === 'error', JSON.stringify(call.error));
    assert.deepEqual([call.error.className, call.error.message], ['RangeError', 'need at least 3 items, got 2']);
    const uncaught = ofType(traced.events, 'uncaught');
    assert.equal(uncaught.length, 1);
    assert.ok(traced.events.indexOf(call) < traced.events.indexOf(uncaught[0]), 'the call is written before the uncaught event');
  });

  it('records a throw the script caught as thrown and caught, and the calls after it', async () => {
    const plain = await runTraced('caught-throws.cjs', { runtime: false });
    const traced = await runTraced('caught-throws.cjs', { targets: ['getLabel'] });
    assert.equal(traced.code, 0, traced.stderr);
    assert.equal(traced.stdout, plain.stdout);
    assert.equal(traced.stderr, '');
    const calls = ofType(traced.events, 'call').sort((a, b) => a.seq - b.seq);
    assert.deepEqual(calls.map((c) => c.args[0]), [{ kind: 'string', value: 'nolabel', length: 7 }, { kind: 'string', value: 'cat_1', length: 5 }]);
    assert.deepEqual(calls[0].error, { kind: 'unreadable', message: 'thrown, and caught by the script (the value is not captured)' });
    assert.equal(calls[0].result, undefined);
    assert.deepEqual(calls[1].result, { kind: 'string', value: 'cat', length: 3 });
    assert.equal(ofType(traced.events, 'uncaught').length, 0);
  });

  it('traces an ES module that a CommonJS script loads with import()', async () => {
    const plain = await runTraced('dynamic-import.cjs', { runtime: false });
    const traced = await runTraced('dynamic-import.cjs', { targets: [] });
    assert.equal(traced.code, 0, traced.stderr);
    assert.equal(traced.stdout, plain.stdout);
    assert.equal(traced.stdout, 'cat dog\n');
    const calls = ofType(traced.events, 'call').filter((c) => c.callable === 'labeller');
    assert.deepEqual(calls.map((c) => c.result), [{ kind: 'string', value: 'cat', length: 3 }, { kind: 'string', value: 'dog', length: 3 }]);
    assert.equal(calls[0].site.file, path.join(FIXTURES, 'esm-lib.mjs'));
  });

  it('traces a .js file that Node detects as an ES module, without a transform-failed notice', async () => {
    const plain = await runTraced('detected-esm.js', { runtime: false });
    const traced = await runTraced('detected-esm.js', { targets: [] });
    assert.equal(traced.code, plain.code);
    assert.equal(traced.stdout, '2\n');
    const withoutPid = (text: string): string => text.replace(/^\(node:\d+\)/gm, '(node:PID)');
    assert.equal(withoutPid(traced.stderr), withoutPid(plain.stderr)); // Node's warning about the detection
    assert.deepEqual(ofType(traced.events, 'notice'), []);
    assert.deepEqual(ofType(traced.events, 'call').map((c) => c.callable), ['splitter']);
  });

  it('records a call the process never returned from (process.exit inside it) as unfinished', async () => {
    const traced = await runTraced('exit-inside.cjs', { targets: ['splitter'] });
    assert.equal(traced.code, 3);
    assert.equal(traced.stdout, 'splitting 2\n');
    const calls = ofType(traced.events, 'call');
    assert.equal(calls.length, 1);
    const [call] = calls;
    assert.equal(call.unfinished, true);
    assert.equal(call.callable, 'splitter');
    assert.equal(call.result, undefined);
    assert.equal(call.error, undefined);
    assert.ok(call.args[0].kind === 'array' && call.args[0].length === 2);
    assert.deepEqual(call.args[1], { kind: 'number', value: 0.2 });
    assert.ok(call.durationMs >= 0);
    assert.equal(call.stack[0].file, path.join(FIXTURES, 'exit-inside.cjs'));
  });

  it('hands back the function itself, at a non-target site and at a traced one, which records its own calls', async () => {
    // Speed is measured by `npm run bench`; this checks what makes it fast: nothing wraps a call.
    const traced = await runTraced('identity.cjs', { targets: ['step', 'makeAdder'], maxCalls: 3 });
    const out = JSON.parse(traced.stdout) as { other: boolean; steps: [number, boolean][]; made: number };
    assert.equal(out.other, true, 'a non-target site returns the function itself');
    assert.deepEqual(out.steps.map(([, original]) => original), [true, true, true, true, true]);
    assert.deepEqual(out.steps.map(([value]) => value), [1, 2, 3, 4, 5]);
    assert.equal(out.made, 2);
    assert.equal(ofType(traced.events, 'call').filter((c) => c.callable === 'step').length, 3);
  });

  it('leaves a file that holds no target as it is, and instruments the one that does', async () => {
    const traced = await runTraced('mentions-main.cjs', { targets: ['splitter'] });
    assert.equal(traced.stdout, '[[2,4],[]]\n');
    const files = new Set(ofType(traced.events, 'callable').map((c) => path.basename(c.site.file)));
    assert.deepEqual([...files], ['mentions-main.cjs']);
    assert.equal(ofType(traced.events, 'call').length, 1);
    const all = await runTraced('mentions-main.cjs', { targets: [] });
    assert.ok(ofType(all.events, 'callable').some((c) => c.name === 'helper'), 'with no targets every user file is instrumented');
  });

  it('traces callables that factories make and bind to names, and reports no callable for data', async () => {
    const plain = await runTraced('factories.cjs', { runtime: false });
    const traced = await runTraced('factories.cjs', { targets: ['splitter', 'labeller'], maxCalls: 2 });
    assert.equal(traced.stdout, plain.stdout);
    assert.equal(traced.stdout, '4 1 cat,dog,cat,dog,cat\n');
    const callables = ofType(traced.events, 'callable');
    assert.deepEqual(callables.filter((c) => c.traced).map((c) => `${c.name}:${c.kind}@${c.site.line}`), ['splitter:variable@11', 'labeller:assignment@13']);
    assert.ok(!callables.some((c) => c.name === 'files'), 'files holds data, not a callable');
    const calls = ofType(traced.events, 'call');
    const split = calls.find((c) => c.callable === 'splitter')!;
    assert.deepEqual(split.args[0], { kind: 'array', className: 'Array', length: 5, elements: { types: ['string'] }, items: ['cat_1.png', 'dog_2.png', 'cat_3.png', 'dog_4.png', 'cat_5.png'].map((value) => ({ kind: 'string', value, length: value.length })) });
    assert.deepEqual(calls.filter((c) => c.callable === 'labeller').map((c) => c.result), [{ kind: 'string', value: 'cat', length: 3 }, { kind: 'string', value: 'dog', length: 3 }]);
  });
});
