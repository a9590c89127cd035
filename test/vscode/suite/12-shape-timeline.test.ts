// Trainspect: Show Shape Timeline in the real VS Code: after a real run of a TypeScript TF.js script
// (whose calls' shapes the runtime records), the command opens the panel on the line the run has shapes
// for, is offered in the editor's menu only for such files, and says so for a file without any.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, stopAnyRun, trainspectApi, waitForRun, workspaceFile } from './helpers';

suite('Show Shape Timeline', () => {
  teardown(async () => stopAnyRun(await trainspectApi()));

  test('after a run of train.ts: true for a line it has shapes for, false for a file it has none for', async () => {
    const api = await trainspectApi();
    const script = workspaceFile('train.ts');
    const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: script });
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the run of train.ts to finish', 60_000);
    const line = await lineOf(script, 'tf.layers.dense(');
    const sites = [...run.model.shapes.sites.values()].filter((s) => s.site.site.file === script.fsPath && s.site.site.line === line);
    assert.deepEqual(sites.map((s) => s.site.callee).sort(), ['tf.layers.dense', 'tf.sequential'], 'the run recorded the layer line');

    const manifest = vscode.extensions.getExtension('trainspect.trainspect')!.packageJSON;
    const menu = manifest.contributes.menus['editor/context'].find((m: { command: string }) => m.command === 'trainspect.showShapeTimeline');
    assert.equal(menu.when, 'resourcePath in trainspect.shapeFiles');

    assert.equal(await vscode.commands.executeCommand<boolean>('trainspect.showShapeTimeline', { uri: script, line }), true);
    assert.equal(await vscode.commands.executeCommand<boolean>('trainspect.showShapeTimeline', { uri: workspaceFile('train.js'), line: 1 }), false);
  });
});
