import * as assert from 'node:assert/strict';
import type { CallEvent, ExitEvent, RunEvent, TraceEvent } from '../../src/protocol/events';
import { decodeEvent, encodeEvent, isTraceEvent, parseTrace, TraceFormatError } from '../../src/protocol/trace-format';

const run: RunEvent = {
  type: 'run', version: 1, script: '/p/train.js', args: ['--epochs', '2'], cwd: '/p', node: 'v20.20.0', platform: 'linux',
  pid: 42, startTime: '2026-01-01T00:00:00.000Z', targets: ['splitter'], maxCalls: 3, time: 0,
};
const call: CallEvent = {
  type: 'call', seq: 1, callableId: 'c1', callable: 'splitter', site: { file: '/p/pipeline.js', line: 23, column: 1 }, callNumber: 1,
  args: [{ kind: 'string', value: '<img src=x onerror=alert(1)>', length: 28 }, { kind: 'number', value: 'NaN' }],
  result: { kind: 'array', className: 'Array', length: 7390, elements: { types: ['string'] }, items: [{ kind: 'string', value: 'a.png', length: 5 }], truncated: true },
  async: false, durationMs: 0.25, stack: [{ function: 'main', file: '/p/train.js', line: 40, column: 3, user: true }], time: 12,
};
const exit: ExitEvent = { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 100, time: 100 };

describe('trace format', () => {
  it('writes one line per event and reads it back unchanged', () => {
    const text = [run, call, exit].map(encodeEvent).join('');
    assert.equal(text.split('\n').length, 4);
    assert.ok(text.endsWith('\n'));
    assert.deepEqual(parseTrace(text), [run, call, exit]);
  });

  it('keeps an HTML string as text and NaN as the string "NaN"', () => {
    const back = decodeEvent(encodeEvent(call).trim()) as CallEvent;
    assert.deepEqual(back.args[0], { kind: 'string', value: '<img src=x onerror=alert(1)>', length: 28 });
    assert.deepEqual(back.args[1], { kind: 'number', value: 'NaN' });
  });

  it('names the line of a damaged event', () => {
    const text = `${encodeEvent(run)}{"type":"call","seq":1}\n`;
    assert.throws(() => parseTrace(text), (e: unknown) => e instanceof TraceFormatError && e.line === 2 && /not a Trainspect event/.test(e.message));
    assert.throws(() => parseTrace(`${encodeEvent(run)}{not json\n`), (e: unknown) => e instanceof TraceFormatError && e.line === 2 && /not JSON/.test(e.message));
  });

  it('requires a run event first and a non-empty file', () => {
    assert.throws(() => parseTrace(encodeEvent(exit)), /must begin with a "run" event/);
    assert.throws(() => parseTrace('\n\n'), /empty/);
  });

  it('skips event types it does not know (a newer writer) but refuses a newer version', () => {
    const future = `${encodeEvent(run)}{"type":"loss","epoch":1,"value":0.5,"time":5}\n${encodeEvent(exit)}`;
    assert.deepEqual(parseTrace(future).map((e) => e.type), ['run', 'exit']);
    assert.throws(() => parseTrace(encodeEvent({ ...run, version: 2 } as unknown as TraceEvent)), /version 2 is newer/);
  });

  it('checks the fields each event type needs', () => {
    assert.equal(isTraceEvent(run), true);
    assert.equal(isTraceEvent({ ...exit, code: null, signal: 'SIGTERM' }), true);
    assert.equal(isTraceEvent({ ...exit, code: '1' }), false);
    assert.equal(isTraceEvent({ type: 'output', stream: 'stdin', text: 'x', time: 1 }), false);
    assert.equal(isTraceEvent({ ...call, site: { file: '/p/a.js', line: '3', column: 1 } }), false);
    assert.equal(isTraceEvent({ ...run, time: undefined }), false);
  });

  it('checks previews and stack frames inside events, so a reader never meets a malformed one', () => {
    const bad = (event: Record<string, unknown>) => assert.equal(isTraceEvent(event), false, JSON.stringify(event));
    bad({ ...call, args: [{ kind: 'array', className: 'Array', length: 2 }] }); // no elements, no items
    bad({ ...call, args: [{ kind: 'object', className: 'Object', keyCount: 1, entries: [{ key: 'a', value: { kind: 'string' } }] }] });
    bad({ ...call, result: { kind: 'map', className: 'Map' } });
    bad({ ...call, error: 'boom' });
    bad({ ...call, stack: [{ function: 'main', file: '/p/train.js', line: '40', column: 3, user: true }] });
    bad({ ...call, stack: [{ function: 'main', file: '/p/train.js', line: 40, column: 3 }] }); // no user
    bad({ ...call, stack: [null] });
    bad({ type: 'uncaught', origin: 'uncaughtException', error: { kind: 'error', className: 'TypeError' }, time: 5 });
    bad({ ...exit, durationMs: undefined });
    bad({ ...exit, stoppedBy: 'someone' });
    bad({ ...run, targets: 'splitter' });
    assert.equal(isTraceEvent({ type: 'uncaught', origin: 'uncaughtException', error: { kind: 'error', className: 'TypeError', message: 'x' }, time: 5 }), true);
    assert.equal(isTraceEvent({ ...call, stack: [{ function: null, file: null, line: null, column: null, user: false }] }), true);
  });

  it('throws TraceFormatError, naming the line, for a call whose preview is malformed', () => {
    const damaged = JSON.stringify({ ...call, args: [{ kind: 'array', className: 'Array', length: 3, items: 'oops' }] });
    assert.throws(() => parseTrace(`${encodeEvent(run)}${damaged}\n${encodeEvent(exit)}`),
      (e: unknown) => e instanceof TraceFormatError && e.line === 2 && /not a Trainspect event/.test(e.message));
  });
});
