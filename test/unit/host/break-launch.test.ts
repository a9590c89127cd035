import * as assert from 'node:assert/strict';
import { breakLaunch, breakRequestForCall } from '../../../src/host/break-launch';
import type { TraceEvent } from '../../../src/protocol/events';
import { nodeArgsFor } from '../../../src/host/launch';
import { NO_EVENT_PIPE, parseRuntimeConfig, RUNTIME_CONFIG_ENV } from '../../../src/protocol/runtime-config';

describe('breakLaunch', () => {
  it('loads the runtime as a trace run does, in break mode for one target, without an event pipe', () => {
    for (const script of ['/p/train.js', '/p/train.ts']) {
      const launch = breakLaunch(script, 'splitter@18', 3);
      assert.ok(!('missing' in launch));
      assert.deepEqual(launch.runtimeArgs, (nodeArgsFor(script) as { args: string[] }).args);
      assert.deepEqual(Object.keys(launch.env), [RUNTIME_CONFIG_ENV]);
      assert.deepEqual(parseRuntimeConfig(launch.env[RUNTIME_CONFIG_ENV]), { targets: ['splitter@18'], maxCalls: 3, eventFd: NO_EVENT_PIPE, break: { callNumber: 3 } });
    }
    assert.equal((breakLaunch('/p/train.js', 'splitter') as { env: Record<string, string> }).env[RUNTIME_CONFIG_ENV].includes('"callNumber":1'), true);
  });

  it('the runtime refuses a break request that names no valid call', () => {
    for (const callNumber of [0, 1.5, '2', null]) {
      assert.equal(parseRuntimeConfig(JSON.stringify({ targets: ['s'], maxCalls: 1, eventFd: -1, break: { callNumber } })), undefined, String(callNumber));
    }
  });
});

describe('breakRequestForCall', () => {
  const run: TraceEvent = { type: 'run', version: 1, script: '/p/train.ts', args: ['--epochs', '1'], cwd: '/p', node: 'v20.0.0', platform: 'linux', pid: 1, startTime: '2026-12-01T00:00:00.000Z', targets: [], maxCalls: 3, time: 0 };
  const call = (seq: number, callNumber: number): TraceEvent => ({
    type: 'call', seq, callableId: 'splitter@/p/train.ts:18:3', callable: 'splitter', site: { file: '/p/train.ts', line: 18, column: 3 }, callNumber, args: [], async: false, durationMs: 0, stack: [], time: seq,
  });

  it("asks for the run's script, arguments and folder, and that call of that site", () => {
    assert.deepEqual(breakRequestForCall([run, call(1, 1), call(2, 2)], 2), { script: '/p/train.ts', args: ['--epochs', '1'], cwd: '/p', name: 'splitter', target: 'splitter@18', callNumber: 2 });
  });

  it('asks for nothing for a call the run did not record', () => {
    assert.equal(breakRequestForCall([run, call(1, 1)], 7), undefined);
    assert.equal(breakRequestForCall([call(1, 1)], 1), undefined);
  });
});
