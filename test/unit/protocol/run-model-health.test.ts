import assert from 'node:assert/strict';
import type { LeakAlert, TraceEvent } from '../../../src/protocol/events';
import { createCatchUpLog, keepForCatchUp } from '../../../src/protocol/catch-up';
import { applyEvent, buildRunModel, createRunModel, MAX_HEALTH } from '../../../src/protocol/run-model';

const leak = (batch: number): LeakAlert => ({
  type: 'health', kind: 'leak', loop: 'minimize', modelId: null, model: null, fitCall: null, epoch: null, batch,
  tensorsPerBatch: 1, bytesPerBatch: 4, overBatches: 20, rising: 20, numTensors: 24, numBytes: 96, time: batch,
});

describe('run model: health alerts', () => {
  it('keeps every alert whole, in trace order, up to MAX_HEALTH', () => {
    const few = buildRunModel([leak(20), leak(40)] as TraceEvent[]);
    assert.deepEqual(few.health.map((e) => e.batch), [20, 40]);
    const many = buildRunModel(Array.from({ length: MAX_HEALTH + 5 }, (_, i) => leak(i)));
    assert.equal(many.health.length, MAX_HEALTH);
    assert.equal(many.health.at(-1)?.batch, MAX_HEALTH - 1);
  });

  it('a panel catching up gets the alerts the run model keeps, no more', () => {
    const model = createRunModel();
    const log = createCatchUpLog();
    for (let i = 0; i < MAX_HEALTH + 5; i++) {
      const event = leak(i);
      keepForCatchUp(log, model, event);
      applyEvent(model, event);
    }
    assert.equal(log.events.length, MAX_HEALTH);
  });
});
