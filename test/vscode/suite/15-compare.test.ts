// "Trainspect: Compare Runs" in the real VS Code: two CLI runs of compare/fit-lr.cjs (different
// arguments) compared by their trace files, and two runs made by Run with Introspection compared as the
// Runs view passes them (the clicked item and the selection); the comparison panel opens and its webview
// reports each run's label, its charts and table rows. Fewer than two runs, a missing trace and a file
// that is not a trace open nothing.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ComparisonOpened } from '../../../src/extension/compare-runs';
import type { TrainspectApi } from '../../../src/extension/api';
import type { RunNode } from '../../../src/extension/runs-items';
import { EXTENSION_ID, stopAnyRun, trainspectApi, until, waitForRun, workspaceFile } from './helpers';

const compare = (...args: unknown[]) => vscode.commands.executeCommand<ComparisonOpened | undefined>('trainspect.compareRuns', ...args);

/** The comparison panel's tab with this title, if open. */
const compareTab = (title: string) => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .find((t) => t.label === title && t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('trainspect.compare'));

async function runNode(api: TrainspectApi, traceFile: string): Promise<RunNode> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await vscode.commands.executeCommand('trainspect.runs.refresh');
    for (const group of (await api.runs.tree.getChildren()) ?? []) {
      const node = ((await api.runs.tree.getChildren(group)) ?? []).find((n): n is RunNode => n.kind === 'run' && n.traceFile === traceFile);
      if (node) return node;
    }
    if (Date.now() > deadline) assert.fail(`${traceFile} is not in the Runs view`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

suite('Compare Runs', () => {
  let tmp = '';
  suiteSetup(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-vscode-compare-'))));
  suiteTeardown(async () => {
    await stopAnyRun(await trainspectApi());
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the manifest: titled with a codicon, in the Runs view\'s title and its multi-selection context menu', () => {
    const { contributes } = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const command = contributes.commands.find((c: { command: string }) => c.command === 'trainspect.compareRuns');
    assert.deepEqual([command.title, command.category, command.icon], ['Compare Runs', 'Trainspect', '$(compare-changes)']);
    const title = contributes.menus['view/title'].find((m: { command: string }) => m.command === 'trainspect.compareRuns');
    assert.equal(title.when, 'view == trainspect.runs');
    const item = contributes.menus['view/item/context'].find((m: { command: string }) => m.command === 'trainspect.compareRuns');
    assert.match(item.when, /view == trainspect\.runs && listMultiSelection && viewItem =~/);
  });

  test('compares two CLI runs by their trace files: the panel opens with both labels, a chart per metric and kind, a row per run', async () => {
    const api = await trainspectApi();
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const script = path.join(extension, 'test', 'fixtures', 'compare', 'fit-lr.cjs');
    const traces = [['0.1', '3'], ['2', '5']].map((args, i) => {
      const out = path.join(tmp, `cli-${i}.jsonl`);
      const r = spawnSync(process.execPath, [path.join(extension, 'dist', 'cli', 'trainspect.js'), 'run', '--quiet', '--out', out, script, '--', ...args], { cwd: path.dirname(script), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
      assert.equal(r.status, 0, r.stderr.toString());
      return out;
    });
    const shownBefore = api.comparisons.length;
    const opened = await compare({ traceFiles: traces });
    assert.ok(opened, 'the command opened nothing');
    assert.equal(opened.title, 'Trainspect: Compare 2 runs of fit-lr.cjs');
    assert.deepEqual(opened.traceFiles, traces);
    for (const label of opened.labels) assert.match(label, /^fit-lr\.cjs \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    await until(() => api.comparisons.length > shownBefore, 'the comparison panel\'s webview to say what it shows', 20_000);
    const shown = api.comparisons.at(-1)!;
    assert.deepEqual(shown.labels, opened.labels);
    assert.equal(shown.title, opened.title);
    assert.equal(shown.rows, 2);
    assert.equal(shown.charts, 6, 'loss and acc per batch, per epoch and val_: 6 charts');
    assert.ok(compareTab(opened.title), 'the comparison panel\'s tab is open');
  });

  test('compares two runs of Run with Introspection as the Runs view passes them: the clicked item and the selection', async () => {
    const api = await trainspectApi();
    const files: string[] = [];
    for (let i = 0; i < 2; i++) {
      const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: workspaceFile('fit-train.js') });
      const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', `run ${i + 1} to finish`, 60_000);
      files.push(run.traceFile!);
    }
    const nodes = [await runNode(api, files[0]), await runNode(api, files[1])];
    const shownBefore = api.comparisons.length;
    const opened = await compare(nodes[1], nodes);
    assert.ok(opened, 'the command opened nothing');
    assert.deepEqual(opened.traceFiles, files);
    assert.equal(opened.title, 'Trainspect: Compare 2 runs of fit-train.js');
    await until(() => api.comparisons.length > shownBefore, 'the comparison panel\'s webview to say what it shows', 20_000);
    const shown = api.comparisons.at(-1)!;
    assert.deepEqual(shown.labels, opened.labels);
    assert.equal(new Set(shown.labels).size, 2, 'two labels told apart');
    for (const label of shown.labels) assert.match(label, /^fit-train\.js /);
    assert.equal(shown.rows, 2);
    assert.ok(shown.charts >= 2, `${shown.charts} charts`);
    assert.ok(compareTab(opened.title));
  });

  test('one run, a missing trace and a file that is not a trace open nothing', async () => {
    const api = await trainspectApi();
    const trace = (await api.runs.list()).find((e) => e.summary?.status === 'finished')!.traceFile;
    const foreign = path.join(tmp, 'foreign.jsonl');
    fs.writeFileSync(foreign, '{"hello": "world"}\n');
    const shownBefore = api.comparisons.length;
    const tabsBefore = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    assert.equal(await compare({ traceFiles: [trace] }), undefined);
    assert.equal(await compare({ traceFiles: [trace, trace] }), undefined, 'the same run twice is one run');
    assert.equal(await compare({ traceFiles: [trace, path.join(tmp, 'gone.jsonl')] }), undefined);
    assert.equal(await compare({ traceFiles: [trace, foreign] }), undefined);
    assert.equal(api.comparisons.length, shownBefore);
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, tabsBefore, 'no panel opened');
  });
});
