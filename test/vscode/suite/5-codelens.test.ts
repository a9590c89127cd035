import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { trainspectApi, workspaceFile } from './helpers';

suite('CodeLenses', () => {
  test('"Trace inputs" and "Break here" above every detected callable', async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('train.js');
    await vscode.workspace.openTextDocument(uri);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const mine = lenses.filter((l) => l.command?.command.startsWith('trainspect.'));
    const callables = await api.detectCallables(uri);
    assert.equal(mine.length, 2 * callables.length, `${mine.length} lenses for ${callables.length} callables`);

    const splitter = callables.find((c) => c.name === 'splitter');
    assert.ok(splitter);
    const atSplitter = mine.filter((l) => l.range.start.line === splitter.line - 1);
    const trace = atSplitter.find((l) => l.command?.command === 'trainspect.traceSplitterInputs');
    const debug = atSplitter.find((l) => l.command?.command === 'trainspect.breakInCallable');
    assert.ok(trace && debug, 'the splitter has no Trace inputs / Break here lenses');
    assert.match(trace.command?.title ?? '', /Trace inputs/);
    assert.deepEqual(trace.command?.arguments?.[0].targets, ['splitter']);
    assert.equal(debug.command?.arguments?.[0].name, 'splitter');
  });
});
