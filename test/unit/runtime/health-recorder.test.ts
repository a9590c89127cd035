// The health recorder in real child processes with real TF.js: a non-finite loss at the batch it first
// happens, the kernel that made it with the user's line, a leak with its growth per batch, nothing for
// a clean run, custom loops (optimizer.minimize, trainOnBatch); and the scripts' output as without Trainspect.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HealthEvent, LeakAlert, NonFiniteKernelAlert, NonFiniteLossAlert, TraceEvent } from '../../../src/protocol/events';
import { isTraceEvent } from '../../../src/protocol/trace-format';
import { LEAK_WINDOW, LeakWatch, theilSenSlope } from '../../../src/runtime/recorders/leak-watch';
import { buildRuntime, ROOT, runTraced, type Traced } from './run-traced';

const FIXTURES = path.join(ROOT, 'test/fixtures/health');
const fixture = (name: string): string => path.join(FIXTURES, name);
const lineOf = (name: string, text: string): number => fs.readFileSync(fixture(name), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
const columnOf = (name: string, text: string, at: string): number => fs.readFileSync(fixture(name), 'utf8').split('\n')[lineOf(name, text) - 1].indexOf(at) + 1;

const healthOf = (events: TraceEvent[]): HealthEvent[] => events.filter((e): e is HealthEvent => e.type === 'health');
const ofKind = <K extends HealthEvent['kind']>(events: TraceEvent[], kind: K): Extract<HealthEvent, { kind: K }>[] =>
  healthOf(events).filter((e): e is Extract<HealthEvent, { kind: K }> => e.kind === kind);

/** Runs the fixture with and without Trainspect: the script's output must be the same. */
async function tracedAsPlain(name: string, args: string[] = []): Promise<Traced> {
  const plain = await runTraced(fixture(name), { runtime: false, args });
  const traced = await runTraced(fixture(name), { args });
  assert.equal(traced.code, 0, traced.stderr);
  assert.equal(traced.stdout, plain.stdout);
  assert.equal(traced.stderr, plain.stderr);
  for (const e of healthOf(traced.events)) assert.ok(isTraceEvent(e), JSON.stringify(e));
  return traced;
}

describe('health recorder', function () {
  this.timeout(60_000);
  before(() => buildRuntime());

  it('flags a NaN loss at the batch it first happens, then names the kernel of the next batch that made it and the user\'s line', async () => {
    const traced = await tracedAsPlain('nan-loss.cjs');
    const [loss, ...moreLosses] = ofKind(traced.events, 'non-finite-loss');
    assert.deepEqual(moreLosses, [], 'told once per fit call');
    const lossAt = (e: NonFiniteLossAlert): unknown[] => [e.loop, e.model, e.modelId, e.fitCall, e.epoch, e.batch, e.metric, e.value, e.kernelCheck];
    // Batch size 2, the first negative target is sample 6: batch index 3.
    assert.deepEqual(lossAt(loss), ['fit', 'logtarget', 1, 1, 0, 3, 'loss', 'NaN', true]);
    const batch3 = traced.events.find((e) => e.type === 'batch' && e.batch === 3);
    assert.ok(batch3 && traced.events.indexOf(loss) > traced.events.indexOf(batch3), 'after the batch event it is about');

    const [kernel] = ofKind(traced.events, 'non-finite-kernel');
    assert.deepEqual([kernel.batch, kernel.lossBatch], [4, 3]);
    const f = kernel.finding!;
    assert.deepEqual([f.kernel, f.origin, f.backward, f.gradientOf], ['Log', 'kernel', false, null]);
    assert.deepEqual(f.inputs, [{ name: 'x', shape: [2, 1], dtype: 'float32', nonFinite: 0 }]);
    assert.deepEqual(f.outputs, [{ name: '0', shape: [2, 1], dtype: 'float32', nonFinite: 2 }]);
    assert.deepEqual(f.site, { file: fixture('nan-loss.cjs'), line: lineOf('nan-loss.cjs', 'tf.log(yTrue)'), column: columnOf('nan-loss.cjs', 'tf.log(yTrue)', 'log(') });
    assert.equal(f.siteFrom, 'kernel-stack');
    assert.ok(kernel.kernelsChecked > 1 && kernel.checkMs >= 0);
    assert.deepEqual(ofKind(traced.events, 'leak'), []);
  });

  it('names the first kernel that overflowed, and the fit call when no line of the user\'s is on its stack', async () => {
    const traced = await tracedAsPlain('nan-weights.cjs');
    const [loss] = ofKind(traced.events, 'non-finite-loss');
    const history = JSON.parse(traced.stdout) as string[];
    assert.equal(loss.value, history[0] === 'Infinity' ? 'Infinity' : 'NaN');
    const [kernel] = ofKind(traced.events, 'non-finite-kernel');
    assert.equal(kernel.batch, loss.batch + 1);
    const f = kernel.finding!;
    assert.equal(f.origin, 'kernel');
    assert.ok(f.inputs.every((t) => t.nonFinite === 0));
    assert.ok(f.outputs.some((t) => t.nonFinite > 0));
    assert.equal(f.siteFrom, 'training-call');
    assert.equal(f.site?.line, lineOf('nan-weights.cjs', 'await model.fit('));
  });

  it('flags a leak of exactly 3 tensors (48 bytes) per batch once, and nothing for the same run that disposes them', async () => {
    const leaky = await tracedAsPlain('leak.cjs');
    const leaks = ofKind(leaky.events, 'leak');
    assert.equal(leaks.length, 1, 'once per fit call');
    const leak: LeakAlert = leaks[0];
    assert.deepEqual([leak.loop, leak.fitCall, leak.tensorsPerBatch, leak.bytesPerBatch, leak.overBatches, leak.rising], ['fit', 1, 3, 48, LEAK_WINDOW, LEAK_WINDOW]);
    assert.equal(leak.batch, LEAK_WINDOW, 'as soon as the window is full');
    const memory = leaky.events.find((e) => e.type === 'memory' && e.batch === leak.batch);
    assert.ok(memory && memory.type === 'memory');
    assert.deepEqual([leak.numTensors, leak.numBytes], [memory.numTensors, memory.numBytes]);

    const clean = await tracedAsPlain('leak.cjs', ['clean']);
    assert.ok(clean.events.filter((e) => e.type === 'memory').length >= 30);
    assert.deepEqual(healthOf(clean.events), []);
  });

  it('custom loops: minimize (a NaN first made in the backward pass, named with its forward line; a leaked cost per step) and trainOnBatch', async () => {
    const traced = await tracedAsPlain('custom-loop.cjs');
    const out = JSON.parse(traced.stdout) as { costs: string[]; losses: string[] };
    const losses = ofKind(traced.events, 'non-finite-loss');
    assert.deepEqual(losses.map((e) => [e.loop, e.model, e.batch, e.value]), [['minimize', null, 3, '-Infinity'], ['trainOnBatch', 'batches', 5, 'NaN']]);
    assert.equal(out.costs[3], '-Infinity');
    assert.equal(out.losses[5], 'NaN');

    const [minimize, trainOnBatch] = ofKind(traced.events, 'non-finite-kernel') as NonFiniteKernelAlert[];
    assert.deepEqual([minimize.loop, minimize.batch, minimize.lossBatch], ['minimize', 4, 3]);
    const m = minimize.finding!;
    // sqrt(|w·0|) is 0: its gradient divides by 0 in the backward pass.
    assert.deepEqual([m.kernel, m.origin, m.backward, m.gradientOf, m.siteFrom], ['RealDiv', 'kernel', true, 'Sqrt', 'forward-kernel']);
    assert.equal(m.site?.line, lineOf('custom-loop.cjs', 'tf.sqrt('));

    assert.deepEqual([trainOnBatch.loop, trainOnBatch.batch, trainOnBatch.lossBatch], ['trainOnBatch', 6, 5]);
    const t = trainOnBatch.finding!;
    // The update after the NaN input made the weights NaN: the next call's first kernel reads them.
    assert.equal(t.origin, 'input');
    assert.ok(t.inputs.some((i) => i.variable?.startsWith('dense_Dense1/') && i.nonFinite > 0), JSON.stringify(t.inputs));
    assert.deepEqual([t.siteFrom, t.site?.line], ['training-call', lineOf('custom-loop.cjs', 'model.trainOnBatch(')]);

    const [leak, ...more] = ofKind(traced.events, 'leak');
    assert.deepEqual(more, []);
    assert.deepEqual([leak.loop, leak.tensorsPerBatch, leak.bytesPerBatch, leak.batch], ['minimize', 1, 4, LEAK_WINDOW]);
  });
});

describe('leak watch', () => {
  it('fits the growth robustly and needs a climb on nearly every batch', () => {
    assert.equal(theilSenSlope([0, 2, 4, 100, 8, 10]), 2);
    const watch = new LeakWatch();
    // A one-off rise (an optimizer's slots at the first step) and noise that goes up and down: no leak.
    const noisy = Array.from({ length: 60 }, (_, i) => ({ numTensors: 50 + (i === 0 ? 0 : 10) + (i % 2), numBytes: 1000 }));
    assert.ok(noisy.every((r) => watch.add(r) === undefined));
    const leaking = new LeakWatch();
    const verdicts = Array.from({ length: 40 }, (_, i) => leaking.add({ numTensors: 10 + 2 * i + (i === 7 ? -1 : 0), numBytes: 100 + 8 * i })).filter(Boolean);
    assert.deepEqual(verdicts, [{ tensorsPerBatch: 2, bytesPerBatch: 8, overBatches: LEAK_WINDOW, rising: LEAK_WINDOW }]);
  });
});
