// The training events' validators: what a reader accepts, and what it refuses before trusting an event.
import assert from 'node:assert/strict';
import type { BatchEvent, EpochEvent, MemoryEvent, ModelEvent, WeightsEvent } from '../../../src/protocol/events';
import { isTraceEvent } from '../../../src/protocol/trace-format';

const model: ModelEvent = {
  type: 'model', modelId: 1, model: 'sequential_1', fitCall: 1, api: 'fit', epochs: 3, initialEpoch: 0, batchSize: 32, samples: 100, steps: null,
  metrics: ['loss', 'acc', 'val_loss', 'val_acc'],
  layers: [
    { name: 'dense_Dense1', className: 'Dense', outputShape: [null, 4], params: 12, trainable: true },
    { name: 'split', className: 'MyLayer', outputShape: [[null, 2], [null, 2]], params: null, trainable: false },
    { name: 'shared', className: 'Dense', outputShape: null, params: 5, trainable: true },
  ],
  totalParams: 17, trainableParams: 17, time: 10,
};
const batch: BatchEvent = { type: 'batch', modelId: 1, fitCall: 1, epoch: 0, batch: 2, size: 32, logs: { loss: 0.69, acc: 'NaN' }, durationMs: 1.5, time: 11 };
const epoch: EpochEvent = { type: 'epoch', modelId: 1, fitCall: 1, epoch: 0, logs: { loss: 'Infinity', val_loss: -1 }, durationMs: 8, time: 12 };
const weights: WeightsEvent = {
  type: 'weights', modelId: 1, fitCall: 1, epoch: 0, durationMs: 0.1, time: 13,
  weights: [{ layer: 'dense_Dense1', name: 'dense_Dense1/kernel', shape: [2, 4], dtype: 'float32', trainable: true, size: 8, min: null, max: null, mean: null, std: null, zeros: 0, nan: 8, inf: 0 }],
};
const memory: MemoryEvent = { type: 'memory', modelId: 1, fitCall: 1, epoch: 0, batch: 2, numTensors: 20, numDataBuffers: 20, numBytes: 400, time: 11 };

describe('training events', () => {
  it('accepts each training event type as documented', () => {
    for (const event of [model, batch, epoch, weights, memory]) assert.ok(isTraceEvent(JSON.parse(JSON.stringify(event))), event.type);
  });

  it('refuses a malformed one', () => {
    const bad: unknown[] = [
      { ...model, api: 'trainOnBatch' },
      { ...model, layers: [{ name: 'x', className: 'Dense', outputShape: [-1], params: 1, trainable: true }] },
      { ...model, fitCall: 0.5 },
      { ...batch, logs: { loss: null } }, // a NaN that JSON.stringify made null
      { ...batch, logs: { loss: 'nan' } },
      { ...epoch, logs: [1] },
      { ...weights, weights: [{ ...weights.weights[0], nan: -1 }] },
      { ...weights, weights: [{ ...weights.weights[0], min: 'NaN' }] },
      { ...memory, numBytes: undefined },
    ];
    for (const event of bad) assert.equal(isTraceEvent(event), false, JSON.stringify(event));
  });
});
