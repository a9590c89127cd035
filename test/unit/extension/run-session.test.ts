import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { BatchEvent, ModelEvent, TraceEvent } from '../../../src/protocol/events';
import { MAX_CATCH_UP_PER_BATCH } from '../../../src/protocol/catch-up';
import { trainingProgress } from '../../../src/protocol/run-model';
import type { TraceRun } from '../../../src/host/runner';
import { RunSession } from '../../../src/extension/run-session';

const output = (i: number): TraceEvent => ({ type: 'output', stream: 'stdout', text: `line ${i}\n`, time: i });
const notice = (i: number): TraceEvent => ({ type: 'notice', level: 'info', code: 'stopped', message: `n${i}`, time: i });
const fit: ModelEvent = {
  type: 'model', modelId: 1, model: 'sequential_1', fitCall: 1, api: 'fit', epochs: 5000, initialEpoch: 0, batchSize: 2, samples: 8, steps: null,
  metrics: ['loss'], layers: [], totalParams: 0, trainableParams: 0, time: 1,
};
const batch = (i: number): BatchEvent => ({ type: 'batch', modelId: 1, fitCall: 1, epoch: Math.floor(i / 4), batch: i % 4, size: 2, logs: { loss: 1 / (i + 1) }, durationMs: 0.1, time: 10 + i });

function session(): { run: EventEmitter; session: RunSession } {
  const run = new EventEmitter(); // the events a TraceRun emits
  return { run, session: new RunSession('r1', 'train.js', run as unknown as TraceRun, false) };
}

describe('extension: run session', () => {
  it('snapshots are the catch-up events as they were when taken, read-only, without copying until read', () => {
    const { run, session: s } = session();
    run.emit('event', notice(1));
    run.emit('event', output(2));
    run.emit('event', output(3)); // the panel has the stream's first output event, without text
    const first = s.snapshot();
    run.emit('event', notice(4));
    const second = s.snapshot();
    assert.deepEqual(first.events.map((e) => e.time), [1, 2]);
    assert.deepEqual(second.events.map((e) => e.time), [1, 2, 4]);
    assert.equal((second.events[1] as { text: string }).text, '');
    assert.equal(first.events, first.events, 'read twice, copied once');
    assert.ok(Object.isFrozen(first.events));
    assert.throws(() => (first.events as TraceEvent[]).push(output(9)));
    assert.equal(second.model.output.stdoutChars, 'line 2\nline 3\n'.length, 'the run model counts every output');
    s.dispose();
  });

  it('a page shown the run while events wait for their batch gets each event once: in the catch-up, or in a later batch', () => {
    const { run, session: s } = session();
    const sent: TraceEvent[][] = [];
    s.on('batch', (events: TraceEvent[]) => sent.push(events));
    run.emit('event', notice(1));
    run.emit('event', notice(2)); // both wait for the 50 ms batch
    const page = [...s.catchUpNow()];
    const before = sent.length;
    run.emit('event', notice(3));
    run.emit('event', { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 4, time: 4 } satisfies TraceEvent); // flushes
    const later = sent.slice(before).flat();
    assert.deepEqual(page.map((e) => e.time), [1, 2]);
    assert.deepEqual(later.map((e) => e.time), [3, 4], 'the events the catch-up held are not sent again');
    assert.deepEqual(sent.slice(0, before).flat().map((e) => e.time), [1, 2], 'the old page got its batch before the catch-up');
    s.dispose();
  });

  it('keeps every k-th batch for a late panel while its run model says where training is', () => {
    const { run, session: s } = session();
    run.emit('event', fit);
    for (let i = 0; i < 5000; i++) run.emit('event', batch(i));
    const kept = s.catchUp.events.filter((e) => e.type === 'batch');
    assert.ok(kept.length <= MAX_CATCH_UP_PER_BATCH && kept.length > MAX_CATCH_UP_PER_BATCH / 2, `${kept.length} batch events kept`);
    assert.deepEqual(trainingProgress(s.model), { model: 'sequential_1', fitCall: 1, epoch: 1250, epochs: 5000, batch: 4, batches: 4, loss: 1 / 5000 });
    // An earlier snapshot still reads what it had, whatever the thinning did since.
    const early = s.snapshot();
    const before = early.events.length;
    for (let i = 5000; i < 10000; i++) run.emit('event', batch(i));
    assert.equal(early.events.length, before);
    s.dispose();
  });
});
