import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CallableTier, DetectedCallable } from '../../../src/host/detect-callables';
import { lineOf, trainspectApi, workspaceFile } from './helpers';

const inTier = (found: DetectedCallable[], tier: CallableTier): string[] => found.filter((c) => c.tier === tier).map((c) => c.name);

suite('detection for the quick pick', () => {
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('a CommonJS script: splitter first, the labeller next, the other top-level functions, then main and inner locals', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors'); // no cursor to rank by
    const api = await trainspectApi();
    const uri = workspaceFile('train.js');
    const found = await api.detectCallables(uri);
    const names = found.map((c) => c.name);
    assert.deepEqual(names.slice(0, 2), ['splitter', 'getLabel'], `order: ${names.join(', ')}`);
    assert.deepEqual(inTier(found, 'top-level'), ['BREEDS.flatMap', 'features'], 'an array callback and a function only called directly');
    assert.deepEqual(inTier(found, 'entry'), ['main']);
    const mapCallback = found.find((c) => c.kind === 'callback' && /(^|\.)map$/.test(c.name));
    assert.ok(mapCallback, `no dataset map callback in ${names.join(', ')}`);
    assert.equal(mapCallback.tier, 'inner', 'the map callback is inside main');
    assert.equal(mapCallback.line, await lineOf(uri, '.map((name) =>'));
    const tiers = found.map((c) => c.tier);
    assert.deepEqual(tiers, [...tiers].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)), `tiers out of order: ${tiers.join(', ')}`);

    const splitter = found[0];
    assert.equal(splitter.kind, 'declaration');
    assert.equal(splitter.line, await lineOf(uri, 'function splitter('));
    assert.equal(splitter.breakLine, await lineOf(uri, 'let seed = 42;'), 'breakLine is not the first statement of the body');
    assert.equal(found[1].kind, 'variable');
  });

  test('the callable under the cursor comes first, but not main, and not the cursor of a file just opened', async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('train.js');
    const editor = await vscode.window.showTextDocument(uri);
    const line = (await lineOf(uri, 'function features(')) + 1; // inside its body
    editor.selection = new vscode.Selection(line - 1, 2, line - 1, 2);
    let names = (await api.detectCallables(uri)).map((c) => c.name);
    assert.deepEqual(names.slice(0, 3), ['features', 'splitter', 'getLabel'], `order: ${names.join(', ')}`);

    const inMain = await lineOf(uri, 'await tf.setBackend');
    editor.selection = new vscode.Selection(inMain - 1, 4, inMain - 1, 4);
    names = (await api.detectCallables(uri)).map((c) => c.name);
    assert.equal(names[0], 'splitter', `a cursor in main: ${names.join(', ')}`);
  });

  test('a TypeScript file using ?. and ??: no compiler helper is found, and the cursor on line 1 does not outrank the splitter', async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('optional-chain.ts');
    const editor = await vscode.window.showTextDocument(uri);
    assert.equal(editor.selection.active.line, 0, 'a file opens with the cursor on line 1');
    const found = await api.detectCallables(uri);
    assert.deepEqual(found.map((c) => c.name), ['splitter', 'getLabel', 'describe'], found.map((c) => `${c.name}@${c.line}`).join(', '));
    assert.equal(found[0].line, await lineOf(uri, 'export function splitter('));
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

  test("a DataBlock of imported functions: getItems and getLabel are offered, tracing the functions they name", async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('run-pets.js');
    const found = await api.detectCallables(uri);
    assert.deepEqual(inTier(found, 'pipeline'), ['splitter', 'getItems', 'getLabel', 'scale', 'shift']);
    const getLabel = found.find((c) => c.name === 'getLabel');
    assert.deepEqual([getLabel?.target, getLabel?.aliasOf, getLabel?.line], ['labelFromName', 'labelFromName', await lineOf(uri, 'getLabel: labelFromName')]);
  });
});

const ORDER: CallableTier[] = ['pipeline', 'top-level', 'entry', 'inner'];
