import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, stopAnyRun, trainspectApi, until, waitForRun, within, workspaceFile } from './helpers';
import { sessionEnded } from './debug-session';

// shape-error.js: a fit whose loss calls tf.matMul with shapes that do not fit, so the run ends in an exception.
suite('Post-mortem', function () {
  // Each test waits for up to three runs (90 s, 60 s, …): the suite's 60 s default would cut a slow run off
  // before its wait can say what the run was doing.
  this.timeout(240_000);
  teardown(async () => {
    await vscode.debug.stopDebugging();
    await stopAnyRun(await trainspectApi());
  });

  test('a failed run opens the panel on its Post-mortem view and marks the failing line until the script runs again', async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('shape-error.js');
    await within(vscode.window.showTextDocument(uri), 'shape-error.js to open', 30_000);
    const runId = await within(vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri }), 'Run with Introspection to start shape-error.js', 60_000);
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished' && r.panelView === 'postmortem', 'the failed run to show its Post-mortem view', 90_000);
    assert.ok(run.model.postmortem, 'the run has a post-mortem');
    const line = await lineOf(uri, 'tf.matMul(yPred');
    const marks = api.postmortemMarks.filter((m) => m.file === uri.fsPath);
    assert.deepEqual(marks.map((m) => m.line), [line], 'the loss\'s line is marked');
    assert.match(marks[0].text, /^Error: Error in matMul: inner shapes \(3\) and \(2\)/);
    assert.ok(!marks[0].text.includes('\n') && marks[0].text.length <= 120, 'one bounded line');

    const again = await within(vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: workspaceFile('fit-train.js') }), 'Run with Introspection to start fit-train.js', 60_000);
    assert.ok(api.postmortemMarks.some((m) => m.file === uri.fsPath), 'another script\'s run leaves the mark');
    await waitForRun(api, (r) => r.id === again && r.state === 'finished', 'the other run to finish', 60_000);
    await within(vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri }), 'Run with Introspection to start shape-error.js again', 60_000);
    assert.deepEqual(api.postmortemMarks.filter((m) => m.file === uri.fsPath), [], 'the next run of the script clears it');
  });

  test('a panel hidden while the run fails (VS Code drops its page) comes back on the Post-mortem view', async () => {
    const api = await trainspectApi();
    // A panel whose page is up: it shows a first run.
    const first = await within(vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: workspaceFile('fit-train.js') }), 'Run with Introspection to start fit-train.js', 60_000);
    await waitForRun(api, (r) => r.id === first && r.state === 'finished' && r.panelReceived.events > 0, 'the panel to show fit-train.js', 60_000);
    const uri = workspaceFile('shape-error-late.js');
    const runId = await within(vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri }), 'Run with Introspection to start shape-error-late.js', 60_000);
    // Another editor in the panel's group, at once: the panel's tab goes to the background before the loss throws.
    const findTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('trainspect.panel'));
    await until(() => findTab() !== undefined, 'the panel\'s tab', 30_000);
    const panelTab = findTab()!;
    await within(vscode.window.showTextDocument(workspaceFile('fit-train.js'), { viewColumn: panelTab.group.viewColumn, preview: false }), 'fit-train.js to open over the panel', 30_000);
    const hidden = api.currentRun;
    assert.ok(hidden?.id === runId && !hidden.model.postmortem, 'the panel was hidden before the run failed (the run failed first: the test proves nothing)');
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished' && r.panelView === 'postmortem', 'the failed run to show its Post-mortem view in the revealed panel', 90_000);
    assert.ok(run.model.postmortem);
  });

  test('Re-run in Debugger stops on the exception', async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('shape-error.js');
    const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri });
    await waitForRun(api, (r) => r.id === runId && r.state === 'finished' && !!r.model.postmortem, 'the failed run', 90_000);
    const stopped = new Promise<{ reason: string; text?: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the debugger did not stop within 90 s')), 90_000);
      const tracker = vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: () => ({
          onDidSendMessage(message: { type?: string; event?: string; body?: { reason: string; text?: string } }) {
            if (message.type !== 'event' || message.event !== 'stopped' || !message.body) return;
            clearTimeout(timer);
            tracker.dispose();
            resolve(message.body);
          },
        }),
      });
    });
    const sessionStarted = new Promise<vscode.DebugSession>((resolve) => {
      const l = vscode.debug.onDidStartDebugSession((s) => (l.dispose(), resolve(s)));
    });
    const ok = await vscode.commands.executeCommand<boolean>('trainspect.rerunInDebugger', { runId });
    assert.equal(ok, true, 'a debug session started');
    const started = await sessionStarted;
    const body = await stopped;
    assert.equal(body.reason, 'exception');
    const ended = sessionEnded(started);
    await vscode.debug.stopDebugging(started);
    await ended;
  });
});
