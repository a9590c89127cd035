import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, stopAnyRun, trainspectApi, until, waitForRun, workspaceFile } from './helpers';

// shapes.ts runs three tensor-producing calls on one line for batches of 32 and 8 rows; TypeScript's
// calls are recorded by default.
const hoverText = async (uri: vscode.Uri, position: vscode.Position): Promise<string[]> => {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).filter((t) => t.includes('→'));
};
const hints = async (uri: vscode.Uri, document: vscode.TextDocument): Promise<vscode.InlayHint[]> =>
  (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, document.lineCount, 0))) ?? [];
const labelOf = (hint: vscode.InlayHint): string => (typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join(''));
const setHints = (on: boolean) => vscode.workspace.getConfiguration('trainspect').update('shapeHints', on, vscode.ConfigurationTarget.Global);

suite('Shape hovers and inlay hints', () => {
  suiteTeardown(async () => {
    await setHints(false);
    await stopAnyRun(await trainspectApi());
  });

  test('after a real run: hovers at each call of a line, hints when on, hovers marked stale and hints moved after edits', async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('shapes.ts');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: uri.toString() });
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the shapes run to finish', 60_000);
    assert.ok(run.model.shapes.sites.size >= 3, `${run.model.shapes.sites.size} shape sites`);

    const line = (await lineOf(uri, 'tf.relu(')) - 1;
    const text = document.lineAt(line).text;
    const at = (name: string, offset = 1) => new vscode.Position(line, text.indexOf(name) + offset);
    const relu = await hoverText(uri, at('relu('));
    assert.match(relu[0] ?? '', /^\*\*tf\\\.relu\*\* → `\[32,10\]` float32\n\nrange .* · no NaN\/Inf\n\nran 2 times: `\[32,10\]` ×1, `\[8,10\]` ×1/, relu[0]);
    const slice = await hoverText(uri, at('slice('));
    assert.match(slice[0] ?? '', /^\*\*xs\\\.slice\*\* → `\[32,4\]` float32/, 'the call under the cursor first, at its own column');
    assert.match(slice[0] ?? '', /---\n\n\*\*tf\\\.relu\*\*/, 'then the line\'s other calls');
    assert.match((await hoverText(uri, at('matMul(')))[0] ?? '', /^\*\*xs\\\.slice\\\(…\\\)\\\.matMul\*\* → `\[32,10\]`/);
    assert.deepEqual(await hoverText(uri, new vscode.Position(line - 1, 8)), [], 'no hover on a line without a call that made a tensor');

    assert.deepEqual(await hints(uri, document), [], 'hints are off by default');
    await setHints(true);
    const shown = await hints(uri, document);
    const expected = (moved: number) => [[line - 3 + moved, '⟨40×4 float32⟩'], [line - 2 + moved, '⟨4×10 float32⟩'], [line + moved, '⟨32×10 float32 +1 shape⟩']];
    assert.deepEqual(shown.map((h) => [h.position.line, labelOf(h)]), expected(0));
    assert.equal(shown[2].position.character, text.length, "at the line's end");

    const ranText = document.getText();
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// a line above\n'));
    assert.deepEqual((await hints(uri, document)).map((h) => [h.position.line, labelOf(h)]), expected(1), 'the hints moved with the inserted line');
    const stale = await hoverText(uri, new vscode.Position(line + 1, text.indexOf('relu(') + 1));
    assert.match(stale[0] ?? '', /^\*From an older version of this file/);
    await editor.edit((e) => e.insert(new vscode.Position(line + 1, text.indexOf('out')), 'x'));
    assert.deepEqual((await hints(uri, document)).map((h) => h.position.line), [line - 2, line - 1], 'an edit on the line hides its hint');
    assert.deepEqual(await hoverText(uri, new vscode.Position(line + 1, text.indexOf('relu(') + 2)), []);

    await vscode.commands.executeCommand('workbench.action.files.revert');
    // The command resolves when the workbench has reverted; the extension host's copy follows by message.
    await until(() => document.getText() === ranText, `the extension host to see the reverted text (the document is ${document.isDirty ? 'dirty' : 'saved'})`, 5_000);
    assert.deepEqual((await hints(uri, document)).map((h) => h.position.line), [line - 3, line - 2, line], 'back to the text that ran');
    await vscode.commands.executeCommand('trainspect.toggleShapeHints');
    assert.deepEqual(await hints(uri, document), [], 'toggled off');
  });

  test('plain JavaScript, default settings: the same hovers, from the file as written', async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('shapes.js');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    assert.equal(vscode.workspace.getConfiguration('trainspect').get('shapes'), 'compiled');
    const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: uri.toString() });
    await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the plain JavaScript shapes run to finish', 60_000);
    const line = (await lineOf(uri, 'tf.relu(')) - 1;
    const text = document.lineAt(line).text;
    const at = (name: string) => new vscode.Position(line, text.indexOf(name) + 1);
    assert.match((await hoverText(uri, at('relu(')))[0] ?? '', /^\*\*tf\\\.relu\*\* → `\[32,10\]` float32\n\nrange .* · no NaN\/Inf\n\nran 2 times: `\[32,10\]` ×1, `\[8,10\]` ×1/);
    assert.match((await hoverText(uri, at('slice(')))[0] ?? '', /^\*\*xs\\\.slice\*\* → `\[32,4\]` float32/);
    assert.match((await hoverText(uri, at('matMul(')))[0] ?? '', /^\*\*xs\\\.slice\\\(…\\\)\\\.matMul\*\* → `\[32,10\]`/);
  });
});
