import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunEvent } from '../../../src/protocol/events';
import { callsOf, exitOf, lineOf, sleep, stopAnyRun, traceOf, trainspectApi, waitForRun, workspaceFile } from './helpers';

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  await trainspectApi(); // activated: its lens provider is registered
  await vscode.workspace.openTextDocument(uri);
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((l) => l.command?.command.startsWith('trainspect.'));
}

const traceLens = (lenses: vscode.CodeLens[], line: number, name?: string): vscode.CodeLens | undefined =>
  lenses.find((l) => l.range.start.line === line - 1 && l.command?.command === 'trainspect.traceSplitterInputs' && (name === undefined || l.command.title.includes(name)));

/** The names the Break lenses are for: what the user is offered in this file. */
const lensNames = (lenses: vscode.CodeLens[]): string[] =>
  lenses.filter((l) => l.command?.command === 'trainspect.breakInCallable').map((l) => l.command?.arguments?.[0].name as string);

suite('CodeLenses', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('trainspect.selectEntryScript', { clear: true });
    await stopAnyRun(await trainspectApi());
  });

  test('"Trace inputs" and "Break here" above the splitter and the labeller, none above main, features or the map callback', async () => {
    const uri = workspaceFile('train.js');
    const lenses = await lensesOf(uri);
    assert.deepEqual(lensNames(lenses), ['splitter', 'getLabel']);
    assert.equal(lenses.filter((l) => l.command?.command !== 'trainspect.runWithIntrospection').length, 4);
    const splitterLine = await lineOf(uri, 'function splitter(');
    const trace = traceLens(lenses, splitterLine);
    const debug = lenses.find((l) => l.range.start.line === splitterLine - 1 && l.command?.command === 'trainspect.breakInCallable');
    assert.ok(trace && debug, 'the splitter has no Trace inputs / Break here lenses');
    assert.equal(trace.command?.title, '$(debug-line-by-line) Trace inputs');
    assert.deepEqual(trace.command?.arguments?.[0].targets, ['splitter']);
    assert.equal(debug.command?.arguments?.[0].name, 'splitter');
  });

  test('a DataBlock of imported functions: lenses for getItems, splitter and getLabel; two on a line name their callables', async () => {
    const uri = workspaceFile('run-pets.js');
    const lenses = await lensesOf(uri);
    assert.deepEqual(lensNames(lenses), ['getItems', 'splitter', 'getLabel', 'scale', 'shift']);
    assert.deepEqual(traceLens(lenses, await lineOf(uri, 'getLabel: labelFromName'))?.command?.arguments?.[0].targets, ['labelFromName']);
    assert.deepEqual(traceLens(lenses, await lineOf(uri, 'getItems: listItems'))?.command?.arguments?.[0].targets, ['listItems']);
    const shared = (await lineOf(uri, 'const tfms')) - 1;
    const titles = lenses.filter((l) => l.range.start.line === shared).map((l) => l.command?.title);
    assert.deepEqual(titles, ['$(debug-line-by-line) Trace scale', '$(debug-breakpoint) Break in scale', '$(debug-line-by-line) Trace shift', '$(debug-breakpoint) Break in shift']);
  });

  test('no lens for a compiler helper in a TypeScript file using ?.', async () => {
    const uri = workspaceFile('optional-chain.ts');
    const lenses = await lensesOf(uri);
    assert.deepEqual(lensNames(lenses), ['splitter', 'getLabel']);
    assert.ok(lenses.every((l) => l.range.start.line > 0), 'a lens on line 1');
  });

  test('trainspect.codeLens.callables = "all" puts lenses on every callable', async () => {
    const config = vscode.workspace.getConfiguration('trainspect');
    await config.update('codeLens.callables', 'all', vscode.ConfigurationTarget.Global);
    try {
      const uri = workspaceFile('train.js');
      const all = await (await trainspectApi()).detectCallables(uri);
      assert.deepEqual(lensNames(await lensesOf(uri)).sort(), all.map((c) => c.name).sort());
    } finally {
      await config.update('codeLens.callables', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Select Entry Script offers the workspace\'s package.json script first, with its arguments, and remembers it', async () => {
    const api = await trainspectApi();
    await vscode.commands.executeCommand('trainspect.selectEntryScript', { clear: true });
    assert.equal(api.entryScript, undefined);
    let settled = false;
    const selecting = Promise.resolve(vscode.commands.executeCommand('trainspect.selectEntryScript')).finally(() => (settled = true));
    // Enter on the pick (once its candidates are there), then on the arguments box, as a user would.
    for (let i = 0; i < 60 && !settled; i++) {
      await sleep(500);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    await selecting;
    const entry = (await trainspectApi()).entryScript; // read again: TypeScript narrowed it to undefined above
    assert.deepEqual(entry && [entry.script, entry.args, entry.cwd], [workspaceFile('run-pets.js').fsPath, ['--epochs', '1'], workspaceFile('.').fsPath]);
  });

  test('the first trace of a module asks which script uses it, then runs that one', async () => {
    const api = await trainspectApi();
    await vscode.commands.executeCommand('trainspect.selectEntryScript', { clear: true });
    const module = workspaceFile('pets-pipeline.js');
    const lens = traceLens(await lensesOf(module), await lineOf(module, 'function listItems('));
    assert.ok(lens?.command, 'no Trace inputs lens on listItems');
    let settled = false;
    const tracing = Promise.resolve(vscode.commands.executeCommand<string>(lens.command.command, ...(lens.command.arguments ?? []))).finally(() => (settled = true));
    for (let i = 0; i < 60 && !settled; i++) {
      await sleep(500);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    const runId = await tracing;
    assert.equal(typeof runId, 'string', 'no run started after the entry script was chosen');
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the run to finish');
    const started = run.events.find((e): e is RunEvent => e.type === 'run');
    assert.deepEqual(started && [started.script, started.args], [workspaceFile('run-pets.js').fsPath, ['--epochs', '1']]);
    assert.equal(callsOf(run, 'listItems').length, 1);
  });

  test("a lens in a module runs the remembered entry script with its arguments, tracing the module's callable", async () => {
    const api = await trainspectApi();
    const entry = workspaceFile('run-pets.js');
    await vscode.commands.executeCommand('trainspect.selectEntryScript', { script: entry, args: ['--epochs', '1'] });
    assert.deepEqual(api.entryScript && [api.entryScript.script, api.entryScript.args], [entry.fsPath, ['--epochs', '1']]);

    const module = workspaceFile('pets-pipeline.js');
    const lens = traceLens(await lensesOf(module), await lineOf(module, 'function labelFromName('));
    assert.ok(lens?.command, 'no Trace inputs lens on labelFromName');
    const runId = await vscode.commands.executeCommand<string>(lens.command.command, ...(lens.command.arguments ?? []));
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the entry script run to finish');
    const started = run.events.find((e): e is RunEvent => e.type === 'run');
    assert.deepEqual(started && [started.script, started.args], [entry.fsPath, ['--epochs', '1']]);
    const calls = callsOf(run, 'labelFromName');
    assert.ok(calls.length > 0, 'labelFromName was never called');
    assert.equal(calls[0].site.file, module.fsPath);
    assert.deepEqual(calls[0].result, { kind: 'string', value: 'Havanese', length: 8 });
    assert.ok(traceOf(run).some((e) => e.type === 'output' && e.text.includes('epochs 1')), 'the entry script did not get --epochs 1');
    assert.equal(exitOf(run).stoppedBy, 'limit');
  });

  test('a lens in a script still runs that script, whatever the entry script', async () => {
    const api = await trainspectApi();
    assert.ok(api.entryScript, 'the previous test left no entry script');
    const uri = workspaceFile('train.js');
    const lens = traceLens(await lensesOf(uri), await lineOf(uri, 'function splitter('));
    assert.ok(lens?.command);
    const runId = await vscode.commands.executeCommand<string>(lens.command.command, ...(lens.command.arguments ?? []));
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the train.js run to finish');
    const started = run.events.find((e): e is RunEvent => e.type === 'run');
    assert.deepEqual(started && [started.script, started.args], [uri.fsPath, []]);
    assert.equal(callsOf(run, 'splitter').length, 1);
  });
});
