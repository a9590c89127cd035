// The `step` event of custom loops: its guard, what the run model keeps of it per loop, and what a
// late-opened panel is sent of it.
import * as assert from 'node:assert/strict';
import type { StepEvent, TraceEvent } from '../../../src/protocol/events';
import { createCatchUpLog, keepForCatchUp, MAX_CATCH_UP_PER_BATCH } from '../../../src/protocol/catch-up';
import { applyEvent, buildRunModel, createRunModel, loopTitle, MAX_CUSTOM_LOOPS, seriesPoints } from '../../../src/protocol/run-model';
import { isTraceEvent } from '../../../src/protocol/trace-format';

const step = (i: number, over: Partial<StepEvent> = {}): StepEvent => ({
  type: 'step', loop: 'trainOnBatch', loopId: 1, model: 'm', optimizer: null, step: i, logs: { loss: 1 / (i + 1), acc: 0.5 }, numTensors: 10 + i, numBytes: 100 + 4 * i, time: i, ...over,
});

describe('step events (custom loops)', () => {
  it('the guard takes a trainOnBatch step, a minimize step without a loss, and refuses broken ones', () => {
    assert.ok(isTraceEvent(step(0)));
    assert.ok(isTraceEvent(step(3, { loop: 'minimize', model: null, optimizer: 'Adam', logs: {} })));
    assert.ok(isTraceEvent(step(1, { logs: { loss: 'NaN' } })));
    for (const broken of [{ loop: 'fit' }, { loopId: -1 }, { step: 1.5 }, { logs: { loss: 'nan' } }, { numBytes: null }, { optimizer: 3 }]) {
      assert.equal(isTraceEvent({ ...step(0), ...broken }), false, JSON.stringify(broken));
    }
    // The health alerts' loopId is optional (absent for fit calls) and a count when present.
    const leak = { type: 'health', kind: 'leak', loop: 'trainOnBatch', modelId: null, model: 'm', fitCall: null, epoch: null, batch: 20, tensorsPerBatch: 1, bytesPerBatch: 4, overBatches: 20, rising: 20, numTensors: 30, numBytes: 180, time: 1 };
    assert.ok(isTraceEvent(leak));
    assert.ok(isTraceEvent({ ...leak, loopId: 2 }));
    assert.equal(isTraceEvent({ ...leak, loopId: 'a' }), false);
  });

  it('the run model keeps per loop each log name\'s values and memory per step, the latest step whole', () => {
    const events: TraceEvent[] = [];
    for (let i = 0; i < 5; i++) events.push(step(i), step(i, { loop: 'minimize', loopId: 2, model: null, optimizer: 'SGD', logs: { loss: 'Infinity' } }));
    const model = buildRunModel(events);
    assert.deepEqual([...model.customLoops.values()].map((l) => [l.loopId, l.title, l.steps]), [[1, 'm.trainOnBatch', 5], [2, 'sgd.minimize', 5]]);
    const loop = model.customLoops.get(1)!;
    assert.deepEqual(seriesPoints(loop.logs.get('loss')!).map((p) => [p.step, p.value]), [[1, 1], [2, 1 / 2], [3, 1 / 3], [4, 1 / 4], [5, 1 / 5]]);
    assert.deepEqual(seriesPoints(loop.memory.tensors).map((p) => p.value), [10, 11, 12, 13, 14]);
    assert.deepEqual(seriesPoints(loop.memory.bytes).map((p) => p.value), [100, 104, 108, 112, 116]);
    assert.equal(loop.last, events[8]);
    assert.equal(seriesPoints(model.customLoops.get(2)!.logs.get('loss')!)[0].value, Infinity);
    // The first MAX_CUSTOM_LOOPS loops.
    const many = buildRunModel(Array.from({ length: MAX_CUSTOM_LOOPS + 3 }, (_, i) => step(0, { loopId: i + 1 })));
    assert.equal(many.customLoops.size, MAX_CUSTOM_LOOPS);
  });

  it('titles a loop by its model or optimizer', () => {
    assert.equal(loopTitle({ loop: 'trainOnBatch', model: 'sequential_1', optimizer: null }), 'sequential_1.trainOnBatch');
    assert.equal(loopTitle({ loop: 'minimize', model: null, optimizer: 'Adam' }), 'adam.minimize');
    assert.equal(loopTitle({ loop: 'minimize', model: null, optimizer: null }), 'minimize');
  });

  it('a late-opened panel gets every k-th step, at most MAX_CATCH_UP_PER_BATCH, and its loops are those the model keeps', () => {
    const model = createRunModel();
    const log = createCatchUpLog();
    const events: TraceEvent[] = [];
    for (let i = 0; i < 50_000; i++) events.push(step(i));
    for (let i = 0; i < MAX_CUSTOM_LOOPS + 2; i++) events.push(step(0, { loopId: 100 + i }));
    for (const event of events) {
      keepForCatchUp(log, model, event);
      applyEvent(model, event);
    }
    const kept = log.events.flatMap((e) => (e.type === 'step' && e.loopId === 1 ? [e.step] : []));
    assert.ok(kept.length <= MAX_CATCH_UP_PER_BATCH && kept.length > MAX_CATCH_UP_PER_BATCH / 4, `${kept.length}`);
    assert.deepEqual(kept, kept.map((_, i) => i * log.perBatch.step.stride), 'every k-th');
    const rebuilt = buildRunModel(log.events);
    assert.deepEqual([...rebuilt.customLoops.keys()], [...model.customLoops.keys()].filter((id) => rebuilt.customLoops.has(id)));
    assert.ok(![...log.events].some((e) => e.type === 'step' && !model.customLoops.has(e.loopId)), 'no step of a loop the model drops');
  });
});
