import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TraceEvent } from '../../../src/protocol/events';
import { encodeEvent } from '../../../src/protocol/trace-format';
import { streamTrace } from '../../../src/host/trace-stream';

const run: TraceEvent = { type: 'run', version: 1, script: '/w/main.js', args: [], cwd: '/w', node: 'v20', platform: 'linux', pid: 1, startTime: '2026-11-24T00:00:00Z', targets: [], maxCalls: 3, time: 0 };
const output = (i: number): TraceEvent => ({ type: 'output', stream: 'stdout', text: `line ${i}\n`, time: i });

describe('host: a stored trace streamed a chunk at a time', () => {
  let dir = '';
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-stream-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const lines = (events: TraceEvent[]) => events.map(encodeEvent).join('');

  it('hands on every event in trace order, at most a chunk at a time', async () => {
    const events = [run, ...Array.from({ length: 24 }, (_, i) => output(i + 1))];
    const chunks: TraceEvent[][] = [];
    const result = await streamTrace(write('whole.jsonl', lines(events)), (chunk) => (chunks.push(chunk), true), 10);
    assert.deepEqual(chunks.map((c) => c.length), [10, 10, 5]);
    assert.deepEqual(chunks.flat(), events);
    assert.deepEqual(result, { events: 25, damaged: undefined, stopped: false });
  });

  it('stops when take says so, and reads no further', async () => {
    const events = [run, ...Array.from({ length: 30 }, (_, i) => output(i + 1))];
    let calls = 0;
    const result = await streamTrace(write('stopped.jsonl', lines(events)), async () => ++calls < 2, 10);
    assert.equal(calls, 2);
    assert.deepEqual(result, { events: 20, damaged: undefined, stopped: true });
  });

  it('a damaged line and a cut last line: every readable event is handed on, the damage said once', async () => {
    const text = `${lines([run, output(1)])}{"type":"output",\n${lines([output(2)])}{"type":"output","str`;
    const got: TraceEvent[] = [];
    const result = await streamTrace(write('damaged.jsonl', text), (chunk) => (got.push(...chunk), true), 2);
    assert.deepEqual(got, [run, output(1), output(2)]);
    assert.equal(result.events, 3);
    assert.match(result.damaged ?? '', /^line 3: .* and 1 more$/);
  });

  it('throws for a file that is not a trace, or not there', async () => {
    await assert.rejects(streamTrace(write('not.jsonl', 'hello\n'), () => true), /TraceFormatError|not a Trainspect|line 1/);
    await assert.rejects(streamTrace(path.join(dir, 'nowhere.jsonl'), () => true), /ENOENT/);
  });
});
