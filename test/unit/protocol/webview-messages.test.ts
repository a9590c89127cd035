import * as assert from 'node:assert/strict';
import { isHostToWebviewMessage, isWebviewToHostMessage } from '../../../src/protocol/webview-messages';
import type { RunEvent } from '../../../src/protocol/events';

const run: RunEvent = { type: 'run', version: 1, script: '/a/train.js', args: [], cwd: '/a', node: 'v20.0.0', platform: 'linux', pid: 1, startTime: '2026-11-24T00:00:00.000Z', targets: [], maxCalls: 3, time: 0 };

describe('protocol: webview messages', () => {
  it('accepts well-formed messages from the host', () => {
    assert.ok(isHostToWebviewMessage({ type: 'show-run', runId: 'r1', title: 'train.js', state: 'running', keepRunning: false, events: [run] }));
    assert.ok(isHostToWebviewMessage({ type: 'append-events', runId: 'r1', events: [] }));
    assert.ok(isHostToWebviewMessage({ type: 'run-state', runId: 'r1', state: 'finished', keepRunning: true }));
    assert.ok(isHostToWebviewMessage({ type: 'show-shapes', file: '/p/train.ts', line: 12 }));
  });

  it('rejects host messages with missing fields, unknown states or malformed events', () => {
    assert.ok(!isHostToWebviewMessage({ type: 'show-run', runId: 'r1', title: 't', state: 'exploded', keepRunning: false, events: [] }));
    assert.ok(!isHostToWebviewMessage({ type: 'append-events', runId: 'r1', events: [{ type: 'call' }] }));
    assert.ok(!isHostToWebviewMessage({ type: 'append-events', events: [] }));
    assert.ok(!isHostToWebviewMessage(null));
    for (const line of [0, 1.5, '12', undefined]) assert.ok(!isHostToWebviewMessage({ type: 'show-shapes', file: '/p/train.ts', line }), String(line));
    assert.ok(!isHostToWebviewMessage({ type: 'show-shapes', line: 3 }));
  });

  it('accepts the webview commands the host handles and nothing else', () => {
    assert.ok(isWebviewToHostMessage({ type: 'ready' }));
    assert.ok(isWebviewToHostMessage({ type: 'reveal-site', site: { file: '/a/train.js', line: 3, column: 1 } }));
    assert.ok(isWebviewToHostMessage({ type: 'stop-run', runId: 'r1' }));
    assert.ok(isWebviewToHostMessage({ type: 'keep-running', runId: 'r1' }));
    assert.ok(isWebviewToHostMessage({ type: 'rendered', runId: 'r1', calls: 2 }));
    assert.ok(isWebviewToHostMessage({ type: 'run-again', runId: 'r1', keepRunning: true }));
    assert.ok(!isWebviewToHostMessage({ type: 'run-again', runId: 'r1' }), 'run-again says whether to keep running');
    assert.ok(!isWebviewToHostMessage({ type: 'run-again', runId: 'r1', keepRunning: 'yes', script: '/etc/evil.js' }));
    assert.ok(!isWebviewToHostMessage({ type: 'reveal-site', site: { file: '/a/train.js', line: '3' } }));
    assert.ok(isWebviewToHostMessage({ type: 'break-at-call', runId: 'r1', seq: 4 }));
    assert.ok(!isWebviewToHostMessage({ type: 'break-at-call', runId: 'r1', seq: '4' }));
    assert.ok(!isWebviewToHostMessage({ type: 'break-at-call', seq: 4 }));
    assert.ok(isWebviewToHostMessage({ type: 'debug-exception', runId: 'r1' }));
    assert.ok(!isWebviewToHostMessage({ type: 'debug-exception' }), 'debug-exception names its run');
    assert.ok(!isWebviewToHostMessage({ type: 'debug-exception', runId: 7 }));
    assert.ok(!isWebviewToHostMessage({ type: 'run-command', command: 'rm -rf /' }));
  });
});
