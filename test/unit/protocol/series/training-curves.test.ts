import * as assert from 'node:assert/strict';
import type { BatchEvent, EpochEvent, ModelEvent, StepEvent, TraceEvent } from '../../../../src/protocol/events';
import { applyEvent, createRunModel, MAX_CUSTOM_LOOPS } from '../../../../src/protocol/run-model';
import { TrainingCurves } from '../../../../src/protocol/series/training-curves';
import { buildRuntime, ROOT, runTraced } from '../../runtime/run-traced';

const model = (modelId: number, fitCall: number, over: Partial<ModelEvent> = {}): ModelEvent => ({
  type: 'model', modelId, model: `sequential_${modelId}`, fitCall, api: 'fit', epochs: 2, initialEpoch: 0, batchSize: 32, samples: 128, steps: null,
  metrics: ['loss', 'acc', 'val_loss', 'val_acc'], layers: [], totalParams: 1, trainableParams: 1, time: 1, ...over,
});
const batch = (modelId: number, fitCall: number, epoch: number, b: number, loss: BatchEvent['logs']['loss'], time: number): BatchEvent =>
  ({ type: 'batch', modelId, fitCall, epoch, batch: b, size: 32, logs: { loss, acc: 0.5 }, durationMs: 1, time });
const epoch = (modelId: number, fitCall: number, e: number, time: number): EpochEvent =>
  ({ type: 'epoch', modelId, fitCall, epoch: e, logs: { val_loss: 0.6, loss: 0.5, acc: 0.7, val_acc: 0.65 }, durationMs: 5, time });

function curvesOf(events: TraceEvent[]): TrainingCurves {
  const run = createRunModel();
  const curves = new TrainingCurves();
  for (const event of events) {
    applyEvent(run, event);
    curves.apply(run, event);
  }
  return curves;
}

const points = (curves: TrainingCurves, key: string) => {
  const curve = curves.list.find((c) => `${c.modelId}/${c.metric}/${c.kind}` === key)!;
  const p = curve.points;
  return Array.from({ length: p.length }, (_, i) => [p.x('step')[i], p.x('epoch')[i], p.x('time')[i], p.values()[i]]);
};

describe('training curves', () => {
  it('keeps every batch and epoch value, per model, metric and kind, placed where the run model places them', () => {
    const events: TraceEvent[] = [model(1, 1)];
    let time = 10;
    for (let i = 0; i < 2_000; i++) events.push(batch(1, 1, Math.floor(i / 4), i % 4, i === 7 ? 'NaN' : 1 / (i + 1), time++), ...(i % 4 === 3 ? [epoch(1, 1, Math.floor(i / 4), time++)] : []));
    const curves = curvesOf(events);
    assert.deepEqual(curves.list.map((c) => `${c.modelId}/${c.metric}/${c.kind}`), ['1/loss/batch', '1/acc/batch', '1/loss/validation', '1/loss/epoch', '1/acc/epoch', '1/acc/validation']);
    const loss = points(curves, '1/loss/batch');
    assert.equal(loss.length, 2_000, 'every batch, where the run model keeps about 1,500');
    assert.deepEqual(loss[0], [1, 0.25, 10, 1]);
    assert.ok(Number.isNaN(loss[7][3]));
    assert.deepEqual(loss[1_999].slice(0, 2), [2_000, 500]);
    const val = points(curves, '1/loss/validation');
    assert.equal(val.length, 500);
    assert.deepEqual(val[0], [4, 1, 14, 0.6]);
    assert.equal(curves.list[0].model, 'sequential_1');
  });

  it('carries on across fit calls; the next call after one that threw mid-epoch carries on from where it stopped', () => {
    const curves = curvesOf([
      model(1, 1), batch(1, 1, 0, 0, 1, 10), batch(1, 1, 0, 1, 0.9, 11), batch(1, 1, 0, 2, 0.8, 12), batch(1, 1, 0, 3, 0.7, 13), epoch(1, 1, 0, 14),
      batch(1, 1, 1, 0, 0.6, 15), batch(1, 1, 1, 1, 0.5, 16), // stopped halfway through epoch 1: at epoch 1.5
      model(1, 2), batch(1, 2, 0, 0, 0.4, 20), // the next call's first batch is at 1 + 0.25
      model(2, 1), batch(2, 1, 0, 0, 3, 30),
    ]);
    const loss = points(curves, '1/loss/batch');
    assert.deepEqual(loss.map((p) => p[0]), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(loss.map((p) => p[1]), [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75]);
    assert.deepEqual(points(curves, '2/loss/batch'), [[1, 0.25, 30, 3]], 'another model: its own curves');
  });

  it('draws a real fit call that threw mid-epoch and the next call on: x on every axis goes on, never back', async function () {
    this.timeout(60_000);
    buildRuntime();
    const traced = await runTraced(`${ROOT}/test/fixtures/training/stopped.cjs`);
    assert.equal(traced.code, 0, traced.stderr);
    assert.match(traced.stdout, /first fit: stopped/);
    const curves = curvesOf(traced.events);
    const loss = points(curves, '1/loss/batch');
    // 4 batches of epoch 0, 1 of epoch 1 (its second batch threw before its batch event), then 2 epochs of 4
    assert.deepEqual(loss.map((p) => p[0]), Array.from({ length: 13 }, (_, i) => i + 1));
    assert.deepEqual(loss.map((p) => p[1]), [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25]);
    for (let i = 1; i < loss.length; i++) assert.ok(loss[i][2] > loss[i - 1][2], 'time goes on');
    assert.deepEqual(points(curves, '1/loss/epoch').map((p) => p.slice(0, 2)), [[4, 1], [9, 2.25], [13, 3.25]], 'epoch ends where their last batch is');
  });

  it('counts the batches a panel was not sent (every k-th kept) and says how many', () => {
    const events: TraceEvent[] = [model(1, 1, { epochs: 100 })];
    for (let i = 0; i < 400; i++) events.push(batch(1, 1, Math.floor(i / 4), i % 4, 1 / (i + 1), 10 + i));
    assert.equal(curvesOf(events).leftOut, undefined, 'every batch: nothing left out');
    const everyEighth = events.filter((e, i) => e.type !== 'batch' || (i - 1) % 8 === 0);
    const curves = curvesOf(everyEighth);
    const loss = points(curves, '1/loss/batch');
    assert.equal(loss.length, 50);
    assert.deepEqual(loss.slice(0, 3).map((p) => p[0]), [1, 9, 17], 'batch numbers as in the run');
    assert.deepEqual(loss.slice(0, 3).map((p) => p[1]), [0.25, 2.25, 4.25]);
    assert.deepEqual(curves.leftOut, { stride: 8, upTo: 393, count: 393 - 50 });
  });
});

describe('training curves: custom loops', () => {
  const step = (loopId: number, i: number, logs: StepEvent['logs']): StepEvent => ({
    type: 'step', loop: 'minimize', loopId, model: null, optimizer: 'Adam', step: i, logs, numTensors: 10 + i, numBytes: 40 + 4 * i, time: 100 + i,
  });
  const loopPoints = (curves: TrainingCurves, loopId: number, metric: string) => {
    const p = curves.list.find((c) => c.loopId === loopId && c.metric === metric)!.points;
    return Array.from({ length: p.length }, (_, i) => [p.x('step')[i], p.values()[i]]);
  };

  it('a curve per loop and value, and one of its tensor count, at each step\'s own index (steps left out leave a gap)', () => {
    const curves = curvesOf([step(1, 0, { loss: 2 }), step(1, 1, { loss: 'NaN' }), step(1, 4, { loss: 0.5 }), step(2, 0, {})]);
    assert.deepEqual(curves.list.map((c) => [c.loopId, c.modelId, c.model, c.metric, c.kind]), [
      [1, null, 'adam.minimize', 'loss', 'batch'], [1, null, 'adam.minimize', 'tensors', 'memory'], [2, null, 'adam.minimize', 'tensors', 'memory'],
    ]);
    assert.deepEqual(loopPoints(curves, 1, 'loss'), [[1, 2], [2, NaN], [5, 0.5]]);
    assert.deepEqual(loopPoints(curves, 1, 'tensors'), [[1, 10], [2, 11], [5, 14]]);
    assert.deepEqual(loopPoints(curves, 2, 'tensors'), [[1, 10]]);
  });

  it('no curve for a loop past the run model\'s limit of loops', () => {
    const curves = curvesOf(Array.from({ length: MAX_CUSTOM_LOOPS + 1 }, (_, i) => step(i + 1, 0, { loss: 1 })));
    assert.equal(new Set(curves.list.map((c) => c.loopId)).size, MAX_CUSTOM_LOOPS);
  });
});
