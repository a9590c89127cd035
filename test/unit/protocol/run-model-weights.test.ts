// The run model's readings for the Model view: the models trained, when weight statistics were
// taken (epochs counted across fit calls), and each weight's latest statistics beside its first.
import * as assert from 'node:assert/strict';
import type { EpochEvent, ModelEvent, TraceEvent, WeightsEvent, WeightStats } from '../../../src/protocol/events';
import { buildRunModel, epochsDoneAt, trainedModels, weightChanges } from '../../../src/protocol/run-model';

const model = (modelId: number, fitCall: number, initialEpoch: number | null = 0): ModelEvent => ({
  type: 'model', modelId, model: `m${modelId}`, fitCall, api: 'fit', epochs: 3, initialEpoch, batchSize: 2, samples: 4, steps: null,
  metrics: ['loss'], layers: [], totalParams: 0, trainableParams: 0, time: 1,
});
const epoch = (modelId: number, fitCall: number, e: number): EpochEvent => ({ type: 'epoch', modelId, fitCall, epoch: e, logs: { loss: 1 }, durationMs: 1, time: 2 });
const stat = (name: string, min: number, nan = 0): WeightStats => ({
  layer: name.split('/')[0], name, shape: [2], dtype: 'float32', trainable: true, size: 2, min, max: min, mean: min, std: 0, zeros: 0, nan, inf: 0,
});
const weights = (modelId: number, fitCall: number, e: number, stats: WeightStats[]): WeightsEvent => ({ type: 'weights', modelId, fitCall, epoch: e, weights: stats, durationMs: 0.1, time: 3 });

describe('run model: weight statistics for the Model view', () => {
  it('lists the models in the order they trained and says at which epoch, across fit calls, statistics were taken', () => {
    const events: TraceEvent[] = [
      model(2, 1), epoch(2, 1, 0), weights(2, 1, 0, []),
      model(1, 1), epoch(1, 1, 0), weights(1, 1, 0, []), epoch(1, 1, 1), weights(1, 1, 1, []),
      model(2, 2, 1), epoch(2, 2, 1), weights(2, 2, 1, []), // a second fit call that resumes at initialEpoch 1
    ];
    const run = buildRunModel(events);
    assert.deepEqual(trainedModels(run).map((t) => t.modelId), [2, 1]);
    const [second, first] = trainedModels(run);
    assert.equal(epochsDoneAt(first, first.weights.last!), 2);
    assert.equal(epochsDoneAt(second, second.weights.first!), 1);
    assert.equal(epochsDoneAt(second, second.weights.last!), 2, 'its second fit call\'s first epoch is its second epoch');
    assert.equal(epochsDoneAt(second, weights(2, 3, 0, [])), undefined, 'an epoch the model does not hold');
  });

  it('pairs each weight\'s latest statistics with its first, by name; nothing to pair after one epoch', () => {
    const one = trainedModels(buildRunModel([model(1, 1), epoch(1, 1, 0), weights(1, 1, 0, [stat('d/kernel', 1)])]))[0];
    assert.deepEqual(weightChanges(one).map((c) => [c.latest.min, c.first]), [[1, undefined]]);

    const trained = trainedModels(buildRunModel([
      model(1, 1), epoch(1, 1, 0), weights(1, 1, 0, [stat('d/kernel', 1), stat('d/bias', 2)]),
      epoch(1, 1, 1), weights(1, 1, 1, [stat('d/kernel', 5, 1), stat('d/bias', 6)]),
      epoch(1, 1, 2), weights(1, 1, 2, [stat('d/bias', 7), stat('d/kernel', 8, 2), stat('e/kernel', 9)]),
    ]))[0];
    assert.deepEqual(weightChanges(trained).map((c) => [c.latest.name, c.first?.min, c.latest.min, c.latest.nan]), [
      ['d/bias', 2, 7, 0], ['d/kernel', 1, 8, 2], ['e/kernel', undefined, 9, 0],
    ], 'in the latest order, against the first epoch (not the one before), a new weight alone');
    assert.deepEqual(weightChanges(trainedModels(buildRunModel([model(1, 1)]))[0]), [], 'before any epoch ended');
  });
});
