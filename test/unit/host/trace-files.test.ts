import assert from 'node:assert/strict';
import type { CallEvent, TraceEvent } from '../../../src/protocol/events';
import { namesFile } from '../../../src/host/trace-files';

const call: CallEvent = {
  type: 'call', seq: 1, callableId: 'c', callable: 'splitter', site: { file: '/w/pipeline.js', line: 3, column: 1 }, callNumber: 1,
  args: [], async: false, durationMs: 1, time: 1,
  stack: [{ function: 'main', file: '/w/train.js', line: 9, column: 2, user: true }, { function: null, file: 'node:internal/x', line: 1, column: 1, user: false }],
};
const events: TraceEvent[] = [
  { type: 'run', version: 1, script: '/w/main.js', args: [], cwd: '/w', node: 'v20', platform: 'linux', pid: 1, startTime: '2026-11-24T00:00:00Z', targets: [], maxCalls: 3, time: 0 },
  call,
];

describe('host: files a trace names', () => {
  it('knows the script, call sites and stack frames', () => {
    for (const file of ['/w/main.js', '/w/pipeline.js', '/w/train.js']) assert.ok(namesFile(events, file), file);
  });

  it('refuses any other file', () => {
    assert.equal(namesFile(events, '/etc/passwd'), false);
    assert.equal(namesFile([], '/w/main.js'), false);
  });
});
