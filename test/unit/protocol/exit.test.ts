import * as assert from 'node:assert/strict';
import type { ExitEvent } from '../../../src/protocol/events';
import { describeExit, exitOutcome, formatDuration } from '../../../src/protocol/exit';

const exit = (fields: Partial<ExitEvent>): ExitEvent => ({ type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 1234, time: 1, ...fields });

describe('how a run ended', () => {
  it('is a success only for exit code 0 without a signal, a stop or an uncaught error', () => {
    assert.equal(exitOutcome(exit({})), 'succeeded');
    assert.equal(exitOutcome(exit({ code: 1 })), 'failed');
    assert.equal(exitOutcome(exit({ code: null, signal: 'SIGKILL' })), 'failed');
    assert.equal(exitOutcome(exit({ code: null, signal: 'SIGSEGV' })), 'failed');
    assert.equal(exitOutcome(exit({ code: null, signal: null })), 'failed'); // never ran: missing script, spawn failure
    assert.equal(exitOutcome(exit({}), { uncaught: true }), 'failed');
    assert.equal(exitOutcome(exit({ code: null, signal: 'SIGTERM', stoppedBy: 'limit' })), 'stopped');
    assert.equal(exitOutcome(exit({ code: 0, stoppedBy: 'user' })), 'stopped');
  });

  it('is said the same way everywhere', () => {
    assert.equal(describeExit(exit({ code: 1 })), 'exited with code 1 after 1.2 s');
    assert.equal(describeExit(exit({ code: 0, durationMs: 250 })), 'exited with code 0 after 250 ms');
    assert.equal(describeExit(exit({ code: null, signal: 'SIGKILL' })), 'killed by SIGKILL after 1.2 s');
    assert.equal(describeExit(exit({ code: null, signal: 'SIGTERM', stoppedBy: 'limit' })), 'stopped at the call limit (signal SIGTERM) after 1.2 s');
    assert.equal(describeExit(exit({ code: 130, stoppedBy: 'user' })), 'stopped by you (exit code 130) after 1.2 s');
    assert.equal(describeExit(exit({ code: null, signal: null })), 'the script did not run');
  });

  it('formats durations from microseconds to minutes', () => {
    assert.equal(formatDuration(0.25), '250 µs');
    assert.equal(formatDuration(1.25), '1.25 ms');
    assert.equal(formatDuration(12.34), '12.3 ms');
    assert.equal(formatDuration(812), '812 ms');
    assert.equal(formatDuration(1500), '1.5 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
    assert.equal(formatDuration(Number.NaN), '? ms');
  });
});
