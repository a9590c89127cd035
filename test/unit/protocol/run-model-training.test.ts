import * as assert from 'node:assert/strict';
import type { BatchEvent, EpochEvent, MemoryEvent, ModelEvent, TraceEvent, WeightsEvent } from '../../../src/protocol/events';
import { addPoint, createSeries, seriesPoints, SERIES_CAPACITY } from '../../../src/protocol/run-model/bounded-series';
import { applyEvent, buildRunModel, createRunModel } from '../../../src/protocol/run-model';
import { MAX_EPOCHS, MAX_TRAINED_MODELS } from '../../../src/protocol/run-model/training';

const point = (step: number, value: number) => ({ step, epoch: step / 100, time: step, value });

describe('run model: bounded series', () => {
  it('keeps every point until full, then every k-th with each bucket\'s extremes, within its bound', () => {
    const series = createSeries(8);
    for (let i = 1; i <= 8; i++) addPoint(series, point(i, i));
    assert.deepEqual(seriesPoints(series).map((p) => p.step), [1, 2, 3, 4, 5, 6, 7, 8]);
    for (let i = 9; i <= 1000; i++) addPoint(series, point(i, i % 7 === 0 ? -i : i));
    assert.equal(series.count, 1000);
    assert.ok(series.buckets.length <= 8);
    assert.equal(series.stride, 128);
    const points = seriesPoints(series);
    assert.ok(points.length <= 3 * 9 + 1, `${points.length} points`);
    assert.deepEqual(points.map((p) => p.step), [...points.map((p) => p.step)].sort((a, b) => a - b), 'in step order');
    assert.equal(points[0].step, 1);
    assert.equal(points.at(-1)?.step, 1000, 'the last point');
    assert.ok(points.some((p) => p.value === -994), 'the lowest value survives');
    assert.ok(points.some((p) => p.value === 1000), 'the highest value survives');
    const firsts = series.buckets.map((b) => b.first.step);
    assert.deepEqual(firsts, firsts.map((_, i) => 1 + i * series.stride), 'every k-th point');
  });

  it('stays bounded over a million points and remembers the first that was not finite', () => {
    const series = createSeries();
    for (let i = 1; i <= 1_000_000; i++) addPoint(series, point(i, i === 500_000 ? NaN : Math.sin(i)));
    assert.ok(series.buckets.length <= SERIES_CAPACITY);
    assert.ok(seriesPoints(series).length <= 3 * (SERIES_CAPACITY + 1) + 1);
    assert.equal(series.firstNonFinite?.step, 500_000);
    assert.ok(seriesPoints(series).every((p) => p.step === 500_000 || Number.isFinite(p.value)));
  });
});

const model = (modelId: number, fitCall: number, over: Partial<ModelEvent> = {}): ModelEvent => ({
  type: 'model', modelId, model: `sequential_${modelId}`, fitCall, api: 'fit', epochs: 2, initialEpoch: 0, batchSize: 32, samples: 64, steps: null,
  metrics: ['loss', 'acc'], layers: [{ name: 'dense_1', className: 'Dense', outputShape: [null, 10], params: 7850, trainable: true }], totalParams: 7850, trainableParams: 7850, time: 1, ...over,
});
const batch = (modelId: number, fitCall: number, epoch: number, b: number, loss: BatchEvent['logs']['loss']): BatchEvent => ({ type: 'batch', modelId, fitCall, epoch, batch: b, size: 32, logs: { loss, acc: 0.5 }, durationMs: 1, time: 10 + b });
const memory = (modelId: number, fitCall: number, epoch: number, b: number, numTensors: number): MemoryEvent => ({ type: 'memory', modelId, fitCall, epoch, batch: b, numTensors, numDataBuffers: numTensors, numBytes: numTensors * 4, time: 10 + b });
const epoch = (modelId: number, fitCall: number, e: number): EpochEvent => ({ type: 'epoch', modelId, fitCall, epoch: e, logs: { loss: 0.5, val_loss: 0.6 }, durationMs: 5, time: 20 + e });
const weights = (e: number): WeightsEvent => ({ type: 'weights', modelId: 1, fitCall: 1, epoch: e, weights: [], durationMs: 0.3, time: 30 + e });

describe('run model: training', () => {
  it('places each batch by step and fractional epoch across fit calls, and keeps every epoch whole', () => {
    const events: TraceEvent[] = [model(1, 1)];
    for (const e of [0, 1]) {
      for (const b of [0, 1]) events.push(batch(1, 1, e, b, 0.7 - e * 0.1 - b * 0.01), memory(1, 1, e, b, 100 + b));
      events.push(epoch(1, 1, e), weights(e));
    }
    events.push(model(1, 2, { api: 'fitDataset', batchSize: null, samples: null, steps: 4, initialEpoch: 0, epochs: 1 }), batch(1, 2, 0, 0, 'NaN'), epoch(1, 2, 0));
    const trained = buildRunModel(events).training.get(1)!;
    assert.deepEqual(trained.fits.map((f) => f.fitCall), [1, 2]);
    assert.equal(trained.steps, 5);
    const loss = seriesPoints(trained.batchLogs.get('loss')!);
    assert.deepEqual(loss.map((p) => [p.step, p.epoch]), [[1, 0.5], [2, 1], [3, 1.5], [4, 2], [5, 2.25]]);
    assert.ok(Number.isNaN(loss[4].value), 'a "NaN" log is NaN');
    assert.equal(trained.batchLogs.get('loss')!.firstNonFinite?.step, 5);
    assert.deepEqual(trained.epochs.map((e) => [e.event.epoch, e.step, e.epoch]), [[0, 2, 1], [1, 4, 2], [0, 5, 3]]);
    assert.equal(trained.epochs[0].event.logs.val_loss, 0.6);
    assert.deepEqual(seriesPoints(trained.memory.tensors).map((p) => p.value), [100, 101, 100, 101]);
    assert.equal(trained.memory.last?.numBytes, 404);
    assert.deepEqual([trained.weights.first?.epoch, trained.weights.last?.epoch], [0, 1]);
  });

  it('stays bounded: a long run\'s batches downsampled, epochs and models up to their limits', () => {
    const run = createRunModel();
    applyEvent(run, model(1, 1, { epochs: MAX_EPOCHS + 5 }));
    for (let i = 0; i < 200_000; i++) applyEvent(run, batch(1, 1, Math.floor(i / 10), i % 10, 1 / (i + 1)));
    for (let e = 0; e < MAX_EPOCHS + 5; e++) applyEvent(run, epoch(1, 1, e));
    for (let m = 2; m <= MAX_TRAINED_MODELS + 3; m++) applyEvent(run, model(m, 1));
    const trained = run.training.get(1)!;
    assert.equal(trained.steps, 200_000);
    assert.ok(seriesPoints(trained.batchLogs.get('loss')!).length <= 3 * (SERIES_CAPACITY + 1) + 1);
    assert.equal(trained.epochs.length, MAX_EPOCHS);
    assert.equal(trained.droppedEpochs, 5);
    assert.equal(run.training.size, MAX_TRAINED_MODELS);
  });
});
