import * as assert from 'node:assert/strict';
import type { BatchEvent, EpochEvent, ModelEvent, TraceEvent } from '../../../src/protocol/events';
import { buildRunModel, trainingProgress } from '../../../src/protocol/run-model';

const fit = (modelId: number, fitCall: number, over: Partial<ModelEvent> = {}): ModelEvent => ({
  type: 'model', modelId, model: `sequential_${modelId}`, fitCall, api: 'fit', epochs: 3, initialEpoch: 0, batchSize: 4, samples: 10, steps: null,
  metrics: ['loss'], layers: [], totalParams: 0, trainableParams: 0, time: 1, ...over,
});
const batch = (modelId: number, fitCall: number, epoch: number, b: number, loss: BatchEvent['logs']['loss'], time: number): BatchEvent => ({ type: 'batch', modelId, fitCall, epoch, batch: b, size: 4, logs: { loss }, durationMs: 1, time });
const epoch = (modelId: number, fitCall: number, e: number, loss: number, time: number): EpochEvent => ({ type: 'epoch', modelId, fitCall, epoch: e, logs: { loss, val_loss: 1 }, durationMs: 1, time });
const progress = (events: TraceEvent[]) => trainingProgress(buildRunModel(events));

describe('run model: training progress', () => {
  it('none before a fit call; then epoch 1 of the call\'s epochs, no batch yet, batches per epoch from samples and batch size', () => {
    assert.equal(progress([]), undefined);
    assert.deepEqual(progress([fit(1, 1)]), { model: 'sequential_1', fitCall: 1, epoch: 1, epochs: 3, batch: undefined, batches: 3, loss: undefined });
  });

  it('the latest batch (1-based, as the CLI numbers epochs) and its loss; after an epoch ends, that epoch with its loss', () => {
    const events: TraceEvent[] = [fit(1, 1), batch(1, 1, 0, 0, 0.9, 2), batch(1, 1, 0, 1, 'NaN', 3)];
    assert.deepEqual(progress(events), { model: 'sequential_1', fitCall: 1, epoch: 1, epochs: 3, batch: 2, batches: 3, loss: 'NaN' });
    events.push(batch(1, 1, 0, 2, 0.7, 4), epoch(1, 1, 0, 0.75, 5));
    assert.deepEqual(progress(events), { model: 'sequential_1', fitCall: 1, epoch: 1, epochs: 3, batch: 3, batches: 3, loss: 0.75 });
    events.push(batch(1, 1, 1, 0, 0.6, 6));
    assert.deepEqual(progress(events), { model: 'sequential_1', fitCall: 1, epoch: 2, epochs: 3, batch: 1, batches: 3, loss: 0.6 });
  });

  it('follows the model that trained last, and a fit call that starts from initialEpoch', () => {
    const events: TraceEvent[] = [fit(1, 1), batch(1, 1, 0, 0, 0.9, 2), fit(2, 1, { time: 3, initialEpoch: 5, epochs: 8, api: 'fitDataset', batchSize: null, samples: null })];
    assert.deepEqual(progress(events), { model: 'sequential_2', fitCall: 1, epoch: 6, epochs: 8, batch: undefined, batches: null, loss: undefined });
    events.push(batch(1, 1, 0, 1, 0.8, 4));
    assert.equal(progress(events)?.model, 'sequential_1');
  });
});
