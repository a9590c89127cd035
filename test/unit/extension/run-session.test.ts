import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { TraceEvent } from '../../../src/protocol/events';
import type { TraceRun } from '../../../src/host/runner';
import { RunSession } from '../../../src/extension/run-session';

const output = (i: number): TraceEvent => ({ type: 'output', stream: 'stdout', text: `line ${i}\n`, time: i });

describe('extension: run session snapshots', () => {
  it('are the events as they were when taken, read-only, without copying until read', () => {
    const run = new EventEmitter(); // the events a TraceRun emits
    const session = new RunSession('r1', 'train.js', run as unknown as TraceRun, false);
    run.emit('event', output(1));
    run.emit('event', output(2));
    const first = session.snapshot();
    run.emit('event', output(3));
    const second = session.snapshot();
    assert.deepEqual(first.events.map((e) => e.time), [1, 2]);
    assert.deepEqual(second.events.map((e) => e.time), [1, 2, 3]);
    assert.equal(first.events, first.events, 'read twice, copied once');
    assert.ok(Object.isFrozen(first.events));
    assert.throws(() => (first.events as TraceEvent[]).push(output(9)));
    assert.equal(session.events.length, 3);
    session.dispose();
  });
});
