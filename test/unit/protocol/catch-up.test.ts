import * as assert from 'node:assert/strict';
import type { CallEvent, ShapesEvent, SiteShapes, TraceEvent, WeightsEvent } from '../../../src/protocol/events';
import { createCatchUpLog, keepForCatchUp, MAX_CATCH_UP_CALLS, MAX_CATCH_UP_PER_BATCH } from '../../../src/protocol/catch-up';
import { applyEvent, buildRunModel, createRunModel, MAX_NOTICES, MAX_SHAPE_SITES, recordedCalls } from '../../../src/protocol/run-model';

function caughtUp(events: TraceEvent[]) {
  const model = createRunModel();
  const log = createCatchUpLog();
  for (const event of events) {
    keepForCatchUp(log, model, event);
    applyEvent(model, event);
  }
  return { model, log };
}

const call = (seq: number): CallEvent => ({
  type: 'call', seq, callableId: 'c1', callable: 'splitter', site: { file: '/w/t.js', line: 1, column: 1 }, callNumber: seq, args: [], async: false, durationMs: 0, stack: [], time: seq,
});
const weights = (epoch: number): WeightsEvent => ({ type: 'weights', modelId: 1, fitCall: 1, epoch, weights: [], durationMs: 0, time: epoch });
const memory = (i: number): TraceEvent => ({ type: 'memory', modelId: 1, fitCall: 1, epoch: 0, batch: i, numTensors: i, numDataBuffers: i, numBytes: i, time: i });

describe('catch-up log: what a late-opened panel is sent', () => {
  it('output once per stream without its text, the first calls, and the notices the run model keeps', () => {
    const events: TraceEvent[] = [
      { type: 'output', stream: 'stdout', text: 'a', time: 1 }, { type: 'output', stream: 'stderr', text: 'b', time: 2 }, { type: 'output', stream: 'stdout', text: 'c', time: 3 },
    ];
    for (let i = 1; i <= MAX_CATCH_UP_CALLS + 10; i++) events.push(call(i));
    for (let i = 0; i < MAX_NOTICES + 5; i++) events.push({ type: 'notice', level: 'info', code: 'stopped', message: `${i}`, time: i });
    const { model, log } = caughtUp(events);
    assert.deepEqual(log.events.filter((e) => e.type === 'output'), [{ type: 'output', stream: 'stdout', text: '', time: 1 }, { type: 'output', stream: 'stderr', text: '', time: 2 }]);
    assert.equal(log.events.filter((e) => e.type === 'call').length, MAX_CATCH_UP_CALLS);
    assert.equal(log.droppedCalls, 10);
    assert.equal(log.events.filter((e) => e.type === 'notice').length, MAX_NOTICES);
    // A panel that rebuilds its model from the log sees what the extension's model shows, as far as it keeps.
    assert.equal(recordedCalls(buildRunModel(log.events)), MAX_CATCH_UP_CALLS);
    assert.equal(recordedCalls(model), MAX_CATCH_UP_CALLS + 10);
  });

  it('every k-th memory event, at most MAX_CATCH_UP_PER_BATCH, and the first and the latest weights', () => {
    const events: TraceEvent[] = [];
    for (let i = 0; i < 100_000; i++) events.push(memory(i));
    for (let e = 0; e < 5; e++) events.push(weights(e));
    const { log } = caughtUp(events);
    const kept = log.events.flatMap((e) => (e.type === 'memory' ? [e.batch] : []));
    assert.ok(kept.length <= MAX_CATCH_UP_PER_BATCH, `${kept.length}`);
    const stride = log.perBatch.memory.stride;
    assert.deepEqual(kept, kept.map((_, i) => i * stride), 'every k-th');
    assert.deepEqual(log.events.flatMap((e) => (e.type === 'weights' ? [e.epoch] : [])), [0, 4]);
  });

  it('the latest pipeline summary and the images the run model keeps', () => {
    const pipeline = (time: number): TraceEvent => ({ type: 'pipeline', item: null, itemIndex: null, steps: [], failedStep: null, batch: null, time });
    const images = (batch: number): TraceEvent => ({ type: 'images', api: 'fit', batch, shape: [1, 2, 2, 1], width: 2, height: 2, channels: 1, scale: { kind: 'unit', min: 0, max: 1 }, images: [], time: batch });
    const { log } = caughtUp([pipeline(1), images(0), pipeline(2), images(1), images(2), pipeline(3)]);
    assert.deepEqual(log.events.map((e) => `${e.type}@${e.time}`), ['images@0', 'images@1', 'pipeline@3']);
  });

  it('one shapes event with each kept site\'s latest stats, and the shape sites the run model keeps', () => {
    const stats = (id: number, count: number): SiteShapes => ({ id, calls: count, shapes: [{ shape: [32, 10], dtype: 'float32', count }], otherShapes: 0, stats: null, layer: null });
    const shapes = (time: number, ...sites: SiteShapes[]): ShapesEvent => ({ type: 'shapes', sites, time });
    const events: TraceEvent[] = [];
    for (let id = 1; id <= MAX_SHAPE_SITES + 2; id++) events.push({ type: 'shape-site', id, site: { file: '/w/t.js', line: id, column: 3 }, callee: 'tf.relu', kind: 'op', time: id });
    events.push({ type: 'shape-site', id: 1, site: { file: '/w/t.js', line: 1, column: 3 }, callee: 'tf.relu', kind: 'op', time: 1 });
    events.push(shapes(1, stats(1, 1), stats(2, 1)), { type: 'epoch', modelId: 1, fitCall: 1, epoch: 0, logs: {}, durationMs: 1, time: 2 });
    events.push(shapes(3, stats(2, 5), stats(3, 4), stats(MAX_SHAPE_SITES + 1, 9)));
    const { model, log } = caughtUp(events);
    assert.equal(log.events.filter((e) => e.type === 'shape-site').length, MAX_SHAPE_SITES);
    const kept = log.events.filter((e): e is ShapesEvent => e.type === 'shapes');
    assert.equal(kept.length, 1);
    // Site 1 from the first event, 2 and 3 from the second (the latest), the site the model does not keep left out.
    assert.deepEqual(kept[0].sites, [stats(1, 1), stats(2, 5), stats(3, 4)]);
    assert.equal(kept[0].time, 3);
    assert.equal(log.events.at(-1), kept[0], 'the merged event goes where the latest one came');
    const rebuilt = buildRunModel(log.events);
    for (const id of [1, 2, 3]) assert.deepEqual(rebuilt.shapes.sites.get(id)!.shapes, model.shapes.sites.get(id)!.shapes);
  });
});
