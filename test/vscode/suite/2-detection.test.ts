import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, trainspectApi, workspaceFile } from './helpers';

suite('detection for the quick pick', () => {
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('a CommonJS script: splitter first, the labeller next, the rest in source order', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors'); // no cursor to rank by
    const api = await trainspectApi();
    const uri = workspaceFile('train.js');
    const found = await api.detectCallables(uri);
    const names = found.map((c) => c.name);
    assert.deepEqual(names.slice(0, 2), ['splitter', 'getLabel'], `order: ${names.join(', ')}`);
    for (const name of ['features', 'main']) assert.ok(names.includes(name), `${name} missing from ${names.join(', ')}`);
    const mapCallback = found.find((c) => c.kind === 'callback' && /(^|\.)map$/.test(c.name));
    assert.ok(mapCallback, `no dataset map callback in ${names.join(', ')}`);
    assert.equal(mapCallback.line, await lineOf(uri, '.map((name) =>'));
    const rest = found.slice(2).map((c) => c.line);
    assert.deepEqual(rest, [...rest].sort((a, b) => a - b), 'the rest is not in source order');

    const splitter = found[0];
    assert.equal(splitter.kind, 'declaration');
    assert.equal(splitter.line, await lineOf(uri, 'function splitter('));
    assert.equal(splitter.breakLine, await lineOf(uri, 'let seed = 42;'), 'breakLine is not the first statement of the body');
    assert.equal(found[1].kind, 'variable');
  });

  test('the callable under the cursor comes first', async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('train.js');
    const editor = await vscode.window.showTextDocument(uri);
    const line = (await lineOf(uri, 'function features(')) + 1; // inside its body
    editor.selection = new vscode.Selection(line - 1, 2, line - 1, 2);
    const names = (await api.detectCallables(uri)).map((c) => c.name);
    assert.deepEqual(names.slice(0, 3), ['features', 'splitter', 'getLabel'], `order: ${names.join(', ')}`);
  });

  test('an ES module and a TypeScript file: their splitter and labeller at their own lines', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const api = await trainspectApi();
    for (const file of ['train.mjs', 'train.ts']) {
      const uri = workspaceFile(file);
      const found = await api.detectCallables(uri);
      assert.deepEqual(found.slice(0, 2).map((c) => c.name), ['splitter', 'getLabel'], `${file}: ${found.map((c) => c.name).join(', ')}`);
      assert.equal(found[0].line, await lineOf(uri, 'function splitter('), `${file}: splitter line`);
      assert.equal(found[1].line, await lineOf(uri, 'const getLabel'), `${file}: getLabel line`);
      assert.ok(found.some((c) => c.kind === 'callback' && /(^|\.)map$/.test(c.name)), `${file}: no map callback`);
    }
  });
});
