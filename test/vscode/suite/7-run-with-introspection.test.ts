import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BatchEvent, TraceEvent } from '../../../src/protocol/events';
import { exitOf, lineOf, processExists, stopAnyRun, traceOf, trainspectApi, waitForRun, workspaceFile } from './helpers';

const count = (events: readonly TraceEvent[], type: TraceEvent['type']): number => events.filter((e) => e.type === type).length;

async function fitLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  await trainspectApi();
  await vscode.workspace.openTextDocument(uri);
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((l) => l.command?.command === 'trainspect.runWithIntrospection');
}

// Suite files are compiled alone: from src/ they import types only.
// fit-train.js trains a tiny model for 4 epochs of 4 batches; fit-forever.js for a million epochs.
suite('Run with Introspection', () => {
  teardown(async () => stopAnyRun(await trainspectApi()));

  test('the manifest offers it in the palette, as an editor-title button (trusted, JS/TS) and in the context menu', () => {
    const manifest = vscode.extensions.getExtension('trainspect.trainspect')?.packageJSON;
    const command = manifest.contributes.commands.find((c: { command: string }) => c.command === 'trainspect.runWithIntrospection');
    assert.deepEqual([command.title, command.category, command.icon], ['Run with Introspection', 'Trainspect', '$(graph-line)']);
    const title = manifest.contributes.menus['editor/title'].find((m: { command: string }) => m.command === command.command);
    assert.match(title.when, /isWorkspaceTrusted/);
    assert.match(title.when, /resourceLangId =~/);
    assert.equal(title.group, 'navigation');
    assert.ok(manifest.contributes.menus.commandPalette.some((m: { command: string }) => m.command === command.command));
  });

  test('a CodeLens above each fit/fitDataset call, none elsewhere', async () => {
    const uri = workspaceFile('fit-train.js');
    const lenses = await fitLenses(uri);
    assert.deepEqual(lenses.map((l) => l.range.start.line + 1), [await lineOf(uri, 'await model.fit(')]);
    assert.equal(lenses[0].command?.title, '$(graph-line) Run with Introspection');
    assert.deepEqual(lenses[0].command?.arguments, [{ uri: uri.toString() }]);
    const train = workspaceFile('train.js');
    assert.deepEqual((await fitLenses(train)).map((l) => l.range.start.line + 1), [await lineOf(train, 'model.fitDataset(')]);
    assert.deepEqual(await fitLenses(workspaceFile('pipeline.js')), []);
  });

  test('the lens runs the training script to its end with training recorded, and the panel gets the training events', async () => {
    const api = await trainspectApi();
    const [lens] = await fitLenses(workspaceFile('fit-train.js'));
    assert.ok(lens?.command);
    const runId = await vscode.commands.executeCommand<string>(lens.command.command, ...(lens.command.arguments ?? []));
    assert.equal(typeof runId, 'string', 'no run started');
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the training run to finish', 60_000);
    const exit = exitOf(run);
    assert.deepEqual([exit.code, exit.stoppedBy], [0, null], 'it ran to its end by itself');
    const trained = run.model.training.get(1);
    assert.deepEqual(trained && [trained.fits[0].model, trained.steps, trained.epochs.length], ['tiny', 16, 4], 'the run model has the training');
    const trace = traceOf(run);
    assert.deepEqual([count(trace, 'model'), count(trace, 'batch'), count(trace, 'memory'), count(trace, 'epoch'), count(trace, 'weights')], [1, 16, 16, 4, 4]);
    assert.equal(count(run.events, 'batch'), 16, 'a short run: the catch-up list keeps every batch');
    // The webview's own run model has every batch: it received them (the run has finished; the panel may
    // still be taking the last few). Its event count is the model's when every event came live, fewer
    // when the webview asked to catch up mid-run (a 'ready' after being hidden brings the catch-up list,
    // which keeps only the latest weights event), never fewer than the catch-up list.
    const shown = await waitForRun(api, (r) => r.id === runId && r.panelReceived.steps === 16 && r.panelReceived.events >= run.events.length, 'the panel to receive all 16 batches', 45_000);
    assert.ok(shown.panelReceived.events <= run.model.eventCount, `the panel counts ${shown.panelReceived.events} events, the run ${run.model.eventCount}`);
  });

  test('while it trains, the status bar and the progress say model, epoch/epochs, batch and loss; Stop ends it at any time', async () => {
    const api = await trainspectApi();
    const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: workspaceFile('fit-forever.js') });
    const training = await waitForRun(api, (r) => r.id === runId && /epoch (?:[2-9]|\d{2,})\//.test(api.runStatus?.text ?? ''), 'the status bar to show the second epoch or later', 60_000);
    const status = api.runStatus;
    assert.ok(status, 'no run status while training');
    assert.match(status.text, /^\$\(loading~spin\) endless · epoch \d+\/1000000 · batch [1-4]\/4 · loss \S+$/);
    assert.match(status.tooltip, /running with introspection fit-forever\.js: endless · epoch/);
    assert.match(status.progress, /^endless · epoch \d+\/1000000 · batch [1-4]\/4 · loss \S+ \(\d+ calls? recorded\)$/);
    const pid = training.pid as number;
    assert.ok(processExists(pid));

    await vscode.commands.executeCommand('trainspect.stopRun');
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the stopped run to finish', 10_000);
    assert.equal(exitOf(run).stoppedBy, 'user');
    assert.throws(() => process.kill(pid, 0), (error: NodeJS.ErrnoException) => error.code === 'ESRCH', `process ${pid} survived Stop`);
    assert.equal(api.runStatus, undefined, 'the status bar still shows a run');
    const batches = traceOf(run).filter((e): e is BatchEvent => e.type === 'batch').length;
    assert.ok(count(run.events, 'batch') <= 500, `${count(run.events, 'batch')} batch events held for a late panel (of ${batches})`);
  });
});
