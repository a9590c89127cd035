import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LimitEvent } from '../../../src/protocol/events';
import { callsOf, exitOf, processExists, sleep, stopAnyRun, trainspectApi, waitForRun, workspaceFile } from './helpers';

// long-running.js labels a file name every 100 ms and never ends by itself.
suite('ending a run', () => {
  teardown(async () => stopAnyRun(await trainspectApi()));

  test('the N-limit stops a script that would run forever', async () => {
    const api = await trainspectApi();
    const runId = await vscode.commands.executeCommand<string>('trainspect.traceSplitterInputs', { uri: workspaceFile('long-running.js'), targets: ['getLabel'], maxCalls: 3, keepRunning: false });
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the run to stop at the limit', 30_000);
    assert.equal(callsOf(run, 'getLabel').length, 3);
    const limit = run.events.find((e): e is LimitEvent => e.type === 'limit');
    assert.ok(limit, 'no limit event');
    assert.equal(limit.reason, 'max-calls');
    assert.equal(exitOf(run).stoppedBy, 'limit');
    assert.ok(run.pid, 'the run has no pid');
    assert.equal(processExists(run.pid), false, `process ${run.pid} is still alive`);
  });

  test('Stop kills the child of a run that keeps running', async () => {
    const api = await trainspectApi();
    const runId = await vscode.commands.executeCommand<string>('trainspect.traceSplitterInputs', { uri: workspaceFile('long-running.js'), targets: ['getLabel'], maxCalls: 3, keepRunning: true });
    const running = await waitForRun(api, (r) => r.id === runId && callsOf(r, 'getLabel').length === 3 && r.pid !== undefined, 'three recorded calls');
    const pid = running.pid as number;
    assert.ok(processExists(pid), `the child ${pid} is not running`);
    await sleep(1000); // past the limit: keepRunning lets it go on
    assert.equal(api.currentRun?.state, 'running', 'the run ended by itself although keepRunning is set');
    assert.ok(processExists(pid), `the child ${pid} died by itself`);

    await vscode.commands.executeCommand('trainspect.stopRun');
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the stopped run to finish', 10_000);
    assert.equal(exitOf(run).stoppedBy, 'user');
    assert.throws(() => process.kill(pid, 0), (error: NodeJS.ErrnoException) => error.code === 'ESRCH', `process ${pid} survived Stop`);
  });
});
