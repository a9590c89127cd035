// The training recorder in real child processes with real TF.js: every fit/fitDataset call's events,
// equal to what the model's own callbacks and History saw, and training exactly as without Trainspect.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { BatchEvent, EpochEvent, MetricValue, TraceEvent } from '../../../src/protocol/events';
import { isTraceEvent } from '../../../src/protocol/trace-format';
import { valueStats } from '../../../src/runtime/recorders/weight-stats';
import { buildRuntime, ofType, ROOT, runTraced } from './run-traced';

const FIXTURES = path.join(ROOT, 'test/fixtures/training');
const fixture = (name: string): string => path.join(FIXTURES, name);

type Logs = Record<string, number>;
interface FitOutput {
  seen: string[];
  order: string[];
  batchLogs: Logs[];
  histories: { epoch: number[]; history: Record<string, number[]> }[];
  weights: { name: string; values: number[] }[][];
  params: number[];
}

const withoutBatchKeys = ({ batch: _b, size: _s, ...metrics }: Logs): Logs => metrics;
const numbers = (logs: Record<string, MetricValue>): Logs => Object.fromEntries(Object.entries(logs).map(([k, v]) => [k, Number(v)]));
const trainingEvents = (events: TraceEvent[]): TraceEvent[] => events.filter((e) => ['model', 'batch', 'epoch', 'weights', 'memory'].includes(e.type));
const ofFit = <T extends BatchEvent | EpochEvent>(events: T[], modelId: number, fitCall: number): T[] => events.filter((e) => e.modelId === modelId && e.fitCall === fitCall);

/** Each epoch's logs as History holds them (key → values per epoch), from the trace's epoch events. */
function historyOf(epochs: EpochEvent[]): Record<string, number[]> {
  const history: Record<string, number[]> = {};
  for (const e of epochs) for (const [k, v] of Object.entries(e.logs)) (history[k] ??= []).push(Number(v));
  return history;
}

describe('training recorder', function () {
  this.timeout(60_000);
  before(() => buildRuntime());

  it('records every fit and fitDataset call of two models: logs equal to the callbacks\' and History, callbacks and EarlyStopping as without Trainspect', async () => {
    const plain = await runTraced(fixture('fit.cjs'), { runtime: false });
    const traced = await runTraced(fixture('fit.cjs'));
    assert.equal(traced.code, 0, traced.stderr);
    // Same output: the callbacks ran as often and in the same order, History and final weights are the same.
    assert.equal(traced.stdout, plain.stdout);
    assert.equal(traced.stderr, plain.stderr);
    const out = JSON.parse(traced.stdout) as FitOutput;
    assert.deepEqual(out.order.slice(0, 4), ['counter', 'last', 'counter', 'last']);
    assert.equal(out.histories[1].epoch.length, 2, 'EarlyStopping stopped the diverging model after its second epoch');

    for (const e of trainingEvents(traced.events)) assert.ok(isTraceEvent(e), JSON.stringify(e));
    const models = ofType(traced.events, 'model');
    assert.deepEqual(models.map((m) => [m.modelId, m.model, m.fitCall, m.api, m.epochs, m.batchSize, m.samples]), [
      [1, 'xor', 1, 'fit', 3, 3, 7], [2, 'diverges', 1, 'fitDataset', 6, null, null], [1, 'xor', 2, 'fit', 1, 7, 7],
    ]);
    // The model table: Dense(2→3) has 2·3+3 parameters, Dense(3→1) 3+1.
    assert.deepEqual(models[0].layers, [
      { name: 'dense_Dense1', className: 'Dense', outputShape: [null, 3], params: 9, trainable: true },
      { name: 'dense_Dense2', className: 'Dense', outputShape: [null, 1], params: 4, trainable: true },
    ]);
    assert.deepEqual([models[0].totalParams, models[0].trainableParams, models[1].totalParams], [13, 13, 3]);
    assert.deepEqual(models[0].metrics, ['loss', 'acc', 'val_loss', 'val_acc']);

    const batches = ofType(traced.events, 'batch');
    const epochs = ofType(traced.events, 'epoch');
    // Per batch: exactly what the user's onBatchEnd got, in order, and the batch sizes TF.js made.
    const firstFit = ofFit(batches, 1, 1);
    assert.deepEqual(firstFit.map((b) => numbers(b.logs)), out.batchLogs.map(withoutBatchKeys));
    assert.deepEqual(firstFit.map((b) => `${b.epoch}.${b.batch}:${b.size}`), ['0.0:3', '0.1:3', '0.2:1', '1.0:3', '1.1:3', '1.2:1', '2.0:3', '2.1:3', '2.2:1']);
    // Per epoch: exactly what History holds, validation metrics included, for each fit call.
    assert.deepEqual(historyOf(ofFit(epochs, 1, 1)), out.histories[0].history);
    assert.deepEqual(historyOf(ofFit(epochs, 2, 1)), out.histories[1].history);
    assert.deepEqual(historyOf(ofFit(epochs, 1, 2)), out.histories[2].history);
    assert.deepEqual(ofFit(batches, 2, 1).map((b) => `${b.epoch}.${b.batch}:${b.size}`), ['0.0:4', '0.1:3', '1.0:4', '1.1:3']);

    // tf.memory() after each batch.
    const memory = ofType(traced.events, 'memory');
    assert.equal(memory.length, batches.length);
    assert.ok(memory.every((m) => m.numTensors > 0 && m.numBytes > 0));

    // Weights after each epoch; the last ones against a direct computation over the final weights.
    const weights = ofType(traced.events, 'weights');
    assert.equal(weights.length, epochs.length);
    const last = weights.at(-1)!;
    assert.deepEqual([last.modelId, last.fitCall, last.epoch], [1, 2, 0]);
    const expected = out.weights.flat().map((w) => ({ name: w.name, size: w.values.length, ...valueStats(Float32Array.from(w.values)) }));
    assert.deepEqual(last.weights.map(({ name, size, min, max, mean, std, zeros, nan, inf }) => ({ name, size, min, max, mean, std, zeros, nan, inf })), expected);
    assert.deepEqual(last.weights.map((w) => [w.layer, w.shape]), [['dense_Dense1', [2, 3]], ['dense_Dense1', [3]], ['dense_Dense2', [3, 1]], ['dense_Dense2', [1]]]);
  });

  it('leaves the weight statistics out when the config says weights: false, and records the rest as before', async () => {
    const all = await runTraced(fixture('fit.cjs'));
    const traced = await runTraced(fixture('fit.cjs'), { extraConfig: { weights: false } });
    assert.equal(traced.code, 0, traced.stderr);
    assert.equal(traced.stdout, all.stdout);
    assert.equal(ofType(traced.events, 'weights').length, 0);
    assert.ok(ofType(all.events, 'weights').length > 0);
    const kinds = (events: TraceEvent[]) => trainingEvents(events).filter((e) => e.type !== 'weights').map((e) => e.type).join(' ');
    assert.equal(kinds(traced.events), kinds(all.events));
  });

  for (const name of ['small.mjs', 'small.ts']) {
    it(`records fit in ${name === 'small.mjs' ? 'an ES module' : 'TypeScript'} (${name})`, async () => {
      const traced = await runTraced(fixture(name));
      assert.equal(traced.code, 0, traced.stderr);
      const out = JSON.parse(traced.stdout) as { batchLogs: Logs[]; history: Record<string, number[]>; params: number };
      const [model] = ofType(traced.events, 'model');
      assert.equal(model.totalParams, out.params);
      assert.deepEqual(model.layers.map((l) => l.params), [8, 3]);
      assert.deepEqual(ofType(traced.events, 'batch').map((b) => numbers(b.logs)), out.batchLogs.map(withoutBatchKeys));
      assert.deepEqual(historyOf(ofType(traced.events, 'epoch')), out.history);
    });
  }

  it('keeps every form of callbacks working as without Trainspect: one object, one config, arrays of either', async () => {
    const plain = await runTraced(fixture('forms.cjs'), { runtime: false });
    const traced = await runTraced(fixture('forms.cjs'));
    assert.equal(traced.code, 0, traced.stderr);
    assert.equal(traced.stdout, plain.stdout);
    const out = JSON.parse(traced.stdout) as { epochs: number[]; log: string[] };
    assert.deepEqual(out.epochs, [2, 5, 5, 5]);
    assert.deepEqual(out.log.slice(10, 14), ['first 0', 'second 0', 'first 1', 'second 1']);
    assert.deepEqual(ofType(traced.events, 'epoch').map((e) => e.fitCall), [1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4]);
    assert.equal(ofType(traced.events, 'batch').length, 2 * 17);
  });

  it('leaves an error a callback throws as it was, and records on the wasm backend', async () => {
    const plain = await runTraced(fixture('throws.cjs'), { runtime: false });
    const traced = await runTraced(fixture('throws.cjs'));
    assert.equal(traced.code, 0, traced.stderr);
    assert.match(traced.stdout, /^Error: stop at 1\n/);
    // The same stack and weights. (The user frame's column is left out: the callable recorder's
    // instrumentation of the one-line callback moves it, which is not the training recorder's doing.)
    const userColumn = (text: string): string => text.replace(/throws\.cjs:(\d+):\d+/g, 'throws.cjs:$1');
    assert.equal(userColumn(traced.stdout), userColumn(plain.stdout));
    assert.deepEqual(ofType(traced.events, 'epoch').map((e) => e.epoch), [0]); // epoch 1's callbacks did not finish
    const [weights] = ofType(traced.events, 'weights');
    assert.deepEqual(weights.weights.map((w) => w.size), [4, 2]);
  });

  it('writes a value JSON cannot carry as text', async () => {
    const traced = await runTraced(fixture('nan.cjs'));
    assert.equal(traced.code, 0, traced.stderr);
    const [epoch] = ofType(traced.events, 'epoch');
    assert.equal(epoch.logs.loss, 'NaN');
    const [weights] = ofType(traced.events, 'weights');
    assert.deepEqual(weights.weights.map((w) => [w.name.split('/')[1], w.nan, w.inf, w.zeros, w.min]), [['kernel', 2, 0, 0, null], ['bias', 1, 0, 0, null]]);
  });
});

describe('valueStats', () => {
  it('gives min, max, mean and population std over the finite values, and counts zeros, NaN and ±Infinity', () => {
    assert.deepEqual(valueStats(Float32Array.from([0, 2, NaN, Infinity, -Infinity, 4])), { min: 0, max: 4, mean: 2, std: Math.sqrt(8 / 3), zeros: 1, nan: 1, inf: 2 });
    assert.deepEqual(valueStats([NaN]), { min: null, max: null, mean: null, std: null, zeros: 0, nan: 1, inf: 0 });
    assert.equal(valueStats(new Float32Array(0)).mean, null);
  });
});
