import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ArrayPreview } from '../../../src/protocol/preview';
import { callsOf, exitOf, lineOf, stopAnyRun, trainspectApi, waitForRun, workspaceFile } from './helpers';

suite('trace splitter inputs', () => {
  suiteTeardown(async () => stopAnyRun(await trainspectApi()));

  test('a CommonJS script: the panel shows the splitter call with the array it received', async () => {
    const api = await trainspectApi();
    const uri = workspaceFile('train.js');
    const runId = await vscode.commands.executeCommand<string>('trainspect.traceSplitterInputs', { uri: uri.toString(), targets: ['splitter'] });
    assert.equal(typeof runId, 'string', 'the command did not resolve to a run id');
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the run to finish');

    const calls = callsOf(run, 'splitter');
    assert.equal(calls.length, 1, 'splitter is called once by train.js');
    const [items, validPct] = calls[0].args;
    assert.equal(items.kind, 'array');
    const array = items as ArrayPreview;
    assert.equal(array.length, 40);
    assert.deepEqual(array.elements.types, ['string']);
    assert.deepEqual(array.items.slice(0, 2), [{ kind: 'string', value: 'Abyssinian_1.png', length: 16 }, { kind: 'string', value: 'Abyssinian_2.png', length: 16 }]);
    assert.deepEqual(validPct, { kind: 'number', value: 0.2 });
    assert.equal(calls[0].result?.kind, 'object');
    assert.equal(calls[0].site.file, uri.fsPath);
    assert.equal(calls[0].site.line, await lineOf(uri, 'function splitter('));
    assert.ok(calls[0].stack.some((f) => f.user && f.function === 'main'), 'the caller main is not on the stack');
    assert.equal(run.events.filter((e) => e.type === 'call' && e.callable !== 'splitter').length, 0, 'only the target is traced');

    const exit = exitOf(run);
    assert.equal(exit.stoppedBy, 'limit', 'the run should stop once training began after splitter was called');

    const shown = await waitForRun(api, (r) => r.id === runId && r.renderedCalls > 0, 'the webview to render the call', 20_000);
    assert.equal(shown.renderedCalls, 1);
  });

  test('an ES module and a TypeScript script: the splitter at its original line', async () => {
    const api = await trainspectApi();
    for (const [file, count] of [['train.mjs', 24], ['train.ts', 18]] as const) {
      const uri = workspaceFile(file);
      const runId = await vscode.commands.executeCommand<string>('trainspect.traceSplitterInputs', { uri, targets: ['splitter', 'getLabel'], maxCalls: 1 });
      const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', `the ${file} run to finish`);
      const [splitter] = callsOf(run, 'splitter');
      assert.ok(splitter, `${file}: no splitter call`);
      assert.equal(splitter.args[0].kind, 'array');
      assert.equal((splitter.args[0] as ArrayPreview).length, count, `${file}: items`);
      assert.equal(splitter.site.line, await lineOf(uri, 'function splitter('), `${file}: site line`);
      const labels = callsOf(run, 'getLabel');
      assert.equal(labels.length, 1, `${file}: getLabel is recorded maxCalls times`);
      assert.equal(labels[0].result?.kind, 'string');
      assert.equal(exitOf(run).stoppedBy, 'limit', `${file}: stopped at the limit`);
      assert.equal(run.events.find((e) => e.type === 'limit' && e.reason === 'max-calls') !== undefined, true, `${file}: no max-calls limit`);
    }
  });
});
