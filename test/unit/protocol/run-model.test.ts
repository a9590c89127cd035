import * as assert from 'node:assert/strict';
import type { CallableEvent, CallEvent, SplitLabelsEvent, TraceEvent } from '../../../src/protocol/events';
import {
  applyEvent, buildRunModel, callGroups, createRunModel, finalOutcome, limitWouldStop, MAX_MODEL_CALLS, MAX_NOTICES, MAX_UNCAUGHT, recordedCalls,
  setKeepRunning, setRunState, splitLabelsFor, tracedCallables, trainingPhase,
} from '../../../src/protocol/run-model';

const site = (line: number) => ({ file: '/p/pipeline.js', line, column: 1 });
const run: TraceEvent = { type: 'run', version: 1, script: '/p/train.js', args: [], cwd: '/p', node: 'v20', platform: 'linux', pid: 1, startTime: '2026-01-01T00:00:00Z', targets: ['splitter'], maxCalls: 3, time: 0 };
const callable = (id: string, name: string, line: number, traced = true): CallableEvent => ({ type: 'callable', id, name, kind: 'declaration', site: site(line), traced, time: 1 });
const call = (seq: number, callableId: string, name: string, callNumber: number): CallEvent => ({
  type: 'call', seq, callableId, callable: name, site: site(1), callNumber, args: [{ kind: 'number', value: seq }], result: { kind: 'undefined' }, async: false, durationMs: 0.1, stack: [], time: seq,
});

describe('run model', () => {
  it('goes from starting to running to finished, with calls under their callables', () => {
    const model = createRunModel();
    assert.equal(model.status, 'starting');
    applyEvent(model, run);
    assert.equal(model.status, 'running');
    for (const e of [callable('a', 'splitter', 5), callable('b', 'getLabel', 9, false), call(1, 'a', 'splitter', 1), call(2, 'a', 'splitter', 2)]) applyEvent(model, e);
    assert.equal(model.callables.get('a')!.calls.length, 2);
    assert.deepEqual(model.calls.map((c) => c.seq), [1, 2]);
    assert.deepEqual(tracedCallables(model).map((c) => c.callable.name), ['splitter']);
    applyEvent(model, { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 5, time: 5 });
    assert.equal(model.status, 'finished');
    assert.equal(model.outcome, 'succeeded');
    assert.equal(model.eventCount, 6);
  });

  it('keeps calls in start order when they are written as they end (an inner or caught call later)', () => {
    const model = buildRunModel([run, callable('a', 'splitter', 5), call(2, 'a', 'splitter', 2), call(1, 'a', 'splitter', 1), call(3, 'a', 'splitter', 3)]);
    assert.deepEqual(model.calls.map((c) => c.seq), [1, 2, 3]);
    assert.deepEqual(model.callables.get('a')!.calls.map((c) => c.callNumber), [1, 2, 3]);
  });

  it('tells a failed run from a stopped one', () => {
    const failed = buildRunModel([run, { type: 'exit', code: 1, signal: null, stoppedBy: null, durationMs: 5, time: 5 }]);
    const stopped = buildRunModel([run, { type: 'exit', code: null, signal: 'SIGTERM', stoppedBy: 'limit', durationMs: 5, time: 5 }]);
    assert.equal(failed.outcome, 'failed');
    assert.equal(stopped.outcome, 'stopped');
  });

  it('keeps notices, uncaught errors, the limit and output counts with a short stderr tail', () => {
    const model = buildRunModel([
      run,
      { type: 'output', stream: 'stdout', text: 'hello\n', time: 1 },
      { type: 'output', stream: 'stderr', text: 'x'.repeat(10_000), time: 2 },
      { type: 'uncaught', origin: 'uncaughtException', error: { kind: 'error', className: 'Error', message: 'boom' }, time: 3 },
      { type: 'limit', reason: 'max-calls', counts: { splitter: 3 }, time: 4 },
      { type: 'notice', level: 'warning', code: 'target-not-called', message: 'm', time: 5 },
    ]);
    assert.equal(model.output.stdoutChars, 6);
    assert.equal(model.output.stderrChars, 10_000);
    assert.ok(model.output.stderrTail.length < 10_000);
    assert.equal(model.uncaught.length, 1);
    assert.equal(model.limit?.reason, 'max-calls');
    assert.equal(model.notices[0].code, 'target-not-called');
  });

  it('keeps a call whose callable event is missing, and stays bounded', () => {
    const model = buildRunModel([run, call(1, 'ghost', 'labeller', 1)]);
    assert.equal(model.callables.get('ghost')!.callable.name, 'labeller');
    const many = createRunModel();
    applyEvent(many, run);
    for (let i = 1; i <= MAX_MODEL_CALLS + 5; i++) applyEvent(many, call(i, 'a', 'splitter', i));
    assert.equal(many.calls.length, MAX_MODEL_CALLS);
    assert.equal(many.droppedCalls, 5);
  });
});

describe('run model: lifecycle and retention per event type', () => {
  const exit: TraceEvent = { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 5, time: 5 };
  const limit: TraceEvent = { type: 'limit', reason: 'max-calls', counts: { splitter: 3 }, time: 4 };

  it('is stopping at the call limit unless it keeps running, and a finished run stays finished', () => {
    assert.equal(buildRunModel([run, limit]).status, 'stopping');
    assert.equal(buildRunModel([run, limit], { keepRunning: true }).status, 'running');
    const model = buildRunModel([run]);
    assert.equal(limitWouldStop(model), true);
    assert.equal(setKeepRunning(model, true), true);
    assert.equal(limitWouldStop(model), false);
    assert.equal(setRunState(model, 'stopping'), true);
    applyEvent(model, exit);
    assert.equal(setRunState(model, 'running'), false);
    assert.equal(model.status, 'finished');
    assert.equal(finalOutcome(model), 'succeeded');
    assert.equal(finalOutcome(buildRunModel([run], { status: 'finished' })), 'ended', 'over without an exit event');
    assert.equal(finalOutcome(buildRunModel([run])), undefined, 'not over');
  });

  it('keeps the first notices, uncaught errors and phase events, and counts the calls beyond its bound', () => {
    const model = createRunModel();
    applyEvent(model, run);
    for (let i = 0; i < MAX_NOTICES + 10; i++) applyEvent(model, { type: 'notice', level: 'info', code: 'bad-event', message: `n${i}`, time: i });
    for (let i = 0; i < MAX_UNCAUGHT + 10; i++) applyEvent(model, { type: 'uncaught', origin: 'unhandledRejection', error: { kind: 'number', value: i }, time: i });
    for (const api of ['fit', 'fitDataset']) applyEvent(model, { type: 'phase', phase: 'training', api, time: 9 });
    assert.equal(model.notices.length, MAX_NOTICES);
    assert.equal(model.notices[0].message, 'n0');
    assert.equal(model.uncaught.length, MAX_UNCAUGHT);
    assert.deepEqual(model.phases.map((p) => p.api), ['fit']);
    assert.equal(trainingPhase(model)?.api, 'fit');
    for (let i = 1; i <= MAX_MODEL_CALLS + 3; i++) applyEvent(model, call(i, 'a', 'splitter', i));
    assert.equal(recordedCalls(model), MAX_MODEL_CALLS + 3);
    applyEvent(model, exit);
    assert.equal(model.outcome, 'failed', 'an uncaught error fails a run that exits 0');
  });

  it('says a stream was written even when its event comes without text (as the panel gets it)', () => {
    const model = buildRunModel([run, { type: 'output', stream: 'stderr', text: '', time: 1 }]);
    assert.deepEqual(model.output.wrote, { stdout: false, stderr: true });
  });

  it('keeps the latest split labels per labeller, as a new list on each update', () => {
    const labels = (callableId: string, counted: number): SplitLabelsEvent => ({ type: 'split-labels', splitSeq: 1, callableId, callable: callableId, items: 4, counted, parts: [[['cat', counted]]], time: counted });
    const model = buildRunModel([run, labels('l1', 1), labels('l2', 2)]);
    const before = splitLabelsFor(model, 1);
    applyEvent(model, labels('l1', 3));
    const after = splitLabelsFor(model, 1);
    assert.notEqual(after, before, 'a reader can tell the labels changed');
    assert.deepEqual(after.map((e) => [e.callableId, e.counted]), [['l2', 2], ['l1', 3]]);
    assert.deepEqual(splitLabelsFor(model, 99), []);
  });

  it('groups calls by callable in order of their first call, naming same-named callables by line', () => {
    const at = (c: CallEvent, line: number): CallEvent => ({ ...c, site: site(line) });
    const model = buildRunModel([run, at(call(1, 'b', 'getLabel', 1), 9), at(call(2, 'a', 'splitter', 1), 5), at(call(3, 'c', 'getLabel', 1), 30), at(call(4, 'b', 'getLabel', 2), 9)]);
    assert.deepEqual(callGroups(model), [{ id: 'b', label: 'getLabel:9', count: 2 }, { id: 'a', label: 'splitter', count: 1 }, { id: 'c', label: 'getLabel:30', count: 1 }]);
  });
});
