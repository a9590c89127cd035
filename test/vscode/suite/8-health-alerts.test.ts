import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, stopAnyRun, trainspectApi, waitForRun, workspaceFile } from './helpers';

// Suite files are compiled alone: from src/ they import types only.
// nan-loss.js: a tiny fit whose loss goes NaN at its fourth batch (tf.log of negative targets).
suite('Health alerts', () => {
  teardown(async () => stopAnyRun(await trainspectApi()));

  test('a loss that goes NaN gives one warning naming the loss, the kernel and its line, with Open Panel and Go to Line', async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('nan-loss.js');
    const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri });
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the NaN run to finish', 60_000);
    assert.deepEqual(run.model.health.map((h) => h.kind), ['non-finite-loss', 'non-finite-kernel'], 'the run model has both alerts');
    const shown = api.healthNotifications;
    assert.equal(shown.length, 1, `notifications: ${shown.map((n) => n.message).join(' | ')}`);
    const line = await lineOf(uri, 'tf.log(yTrue)');
    assert.equal(shown[0].message, `Trainspect: loss became NaN at logtarget fit #1, epoch 1 batch 4; first non-finite value: Log at nan-loss.js:${line}:22.`);
    assert.deepEqual(shown[0].actions, ['Open Panel', 'Go to Line']);
    assert.deepEqual(shown[0].site && [shown[0].site.file, shown[0].site.line], [uri.fsPath, line]);
  });

  test('a healthy run shows none, and a new run does not repeat the last one\'s', async () => {
    const api = await trainspectApi();
    const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: workspaceFile('fit-train.js') });
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the healthy run to finish', 60_000);
    assert.deepEqual(run.model.health, []);
    assert.deepEqual(api.healthNotifications, []);
  });
});
