// The Runs view in the real VS Code: a run appears (through the API and the view's TreeDataProvider),
// live as running, then with its status and final loss; it opens in the panel, which renders it; a trace
// whose host was killed (a CLI run SIGKILLed: no exit event, its writer gone, as after a window reload
// that killed the extension host) is listed as interrupted; a run is deleted; a stored run of 6,000
// batches opens with every one of them (streamed as live), and a second Open while it streams wins.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainspectApi } from '../../../src/extension/api';
import type { RunEntry } from '../../../src/host/run-library';
import type { RunNode, RunsNode } from '../../../src/extension/runs-items';
import type { EpochEvent, TraceEvent } from '../../../src/protocol/events';
import type { RunSnapshot } from '../../../src/extension/api';
import { EXTENSION_ID, sleep, stopAnyRun, traceOf, trainspectApi, waitForRun, workspaceFile } from './helpers';

/** Lists (refreshing first) until `ready` holds for the entry of `traceFile`. */
async function waitForEntry(api: TrainspectApi, traceFile: string, ready: (entry: RunEntry) => boolean, what: string, timeoutMs = 20_000): Promise<RunEntry> {
  const until = Date.now() + timeoutMs;
  let last: RunEntry | undefined;
  for (;;) {
    await vscode.commands.executeCommand('trainspect.runs.refresh');
    last = (await api.runs.list()).find((e) => e.traceFile === traceFile);
    if (last && ready(last)) return last;
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}; the entry is ${JSON.stringify(last)}`);
    await sleep(250);
  }
}

/** The tree's run node for `traceFile`, found through the provider as the view finds it. */
async function nodeOf(api: TrainspectApi, traceFile: string): Promise<{ group: RunsNode; node: RunNode }> {
  for (const group of (await api.runs.tree.getChildren()) ?? []) {
    const node = ((await api.runs.tree.getChildren(group)) ?? []).find((n): n is RunNode => n.kind === 'run' && n.traceFile === traceFile);
    if (node) return { group, node };
  }
  assert.fail(`${traceFile} is not in the Runs view`);
}

/** What a panel's webview applies of a whole trace: every event but the output after each stream's first (it gets one per stream, without text). */
function panelEventsOf(events: TraceEvent[]): number {
  const streams = new Set<string>();
  return events.filter((e) => e.type !== 'output' || (!streams.has(e.stream) && !!streams.add(e.stream))).length;
}

const stepsOf = (run: RunSnapshot): number => [...run.model.training.values()].reduce((sum, t) => sum + t.steps, 0);

const iconOf = (item: vscode.TreeItem): string | undefined => (item.iconPath as vscode.ThemeIcon | undefined)?.id;

suite('Runs view', () => {
  let killedTrace = '';
  suiteSetup(() => (killedTrace = workspaceFile('.trainspect/runs-test-killed.jsonl').fsPath));
  suiteTeardown(async () => {
    await stopAnyRun(await trainspectApi());
    fs.rmSync(killedTrace, { force: true });
    fs.rmSync(`${killedTrace}.lock`, { force: true });
  });

  test('the manifest: the Trainspect view container with its Runs view, welcome content, settings', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON;
    assert.equal(manifest.contributes.viewsContainers.activitybar[0].id, 'trainspect');
    assert.match(fs.readFileSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, manifest.contributes.viewsContainers.activitybar[0].icon), 'utf8'), /currentColor/);
    assert.deepEqual(manifest.contributes.views.trainspect.map((v: { id: string }) => v.id), ['trainspect.runs']);
    assert.ok(manifest.contributes.viewsWelcome.some((w: { view: string }) => w.view === 'trainspect.runs'));
    for (const key of ['trainspect.runs.location', 'trainspect.runs.maxStorageMB']) assert.ok(manifest.contributes.configuration.properties[key]?.markdownDescription, key);
  });

  test('a run appears with its status and final loss, in the API and the tree; it opens in the panel; it is deleted', async () => {
    const api = await trainspectApi();
    const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: workspaceFile('fit-train.js') });
    const live = await waitForRun(api, (r) => r.id === runId && !!r.traceFile && r.model.run !== undefined, 'the run to start');
    const traceFile = live.traceFile!;
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the run to finish', 60_000);

    const entry = await waitForEntry(api, traceFile, (e) => e.summary?.status === 'finished', 'the run to be listed as finished');
    const lastEpoch = traceOf(run).filter((e): e is EpochEvent => e.type === 'epoch').at(-1);
    assert.ok(lastEpoch, 'fit-train.js trains');
    assert.equal(entry.summary?.finalLoss, lastEpoch.logs.loss);
    assert.equal(entry.stored, true);

    const { group, node } = await nodeOf(api, traceFile);
    const groupItem = await api.runs.tree.getTreeItem(group);
    assert.equal(groupItem.label, 'fit-train.js', 'grouped by the workspace-relative script');
    const item = await api.runs.tree.getTreeItem(node);
    assert.match(String(item.description), /^\d.* · finished · loss \d/);
    assert.equal(iconOf(item), 'pass');
    assert.equal(item.contextValue, 'trainspect.run.finished.stored');
    assert.match((item.tooltip as vscode.MarkdownString).value, /fit-train\.js/);

    assert.equal(await vscode.commands.executeCommand<string>('trainspect.runs.open', node), runId, 'the run the panel shows is shown as it is');
    await vscode.commands.executeCommand('trainspect.traceSplitterInputs', { uri: workspaceFile('train.js'), targets: ['splitter'] }); // the panel moves on
    await waitForRun(api, (r) => r.id !== runId && r.state === 'finished', 'another run to finish');
    fs.rmSync(api.currentRun!.traceFile!, { force: true });
    const openedId = await vscode.commands.executeCommand<string>('trainspect.runs.open', node);
    assert.equal(typeof openedId, 'string', 'the run did not open');
    assert.notEqual(openedId, runId, 'a stored run opens as a run of its own');
    const batches = traceOf(run).filter((e) => e.type === 'batch').length;
    const opened = await waitForRun(api, (r) => r.id === openedId && r.panelReceived.steps === batches, `the panel to receive the stored run's ${batches} batches`);
    assert.equal(opened.state, 'finished');
    assert.equal(opened.traceFile, traceFile);
    assert.equal(opened.model.outcome, 'succeeded');

    const againId = await vscode.commands.executeCommand<string>('trainspect.runs.runAgain', node);
    const again = await waitForRun(api, (r) => r.id === againId && r.state === 'finished', 'Run Again to finish', 60_000);
    assert.notEqual(again.traceFile, traceFile, 'a run of its own, with its own trace');
    assert.deepEqual([again.model.run?.script, again.model.run?.args, again.model.run?.cwd], [run.model.run?.script, run.model.run?.args, run.model.run?.cwd]);
    fs.rmSync(again.traceFile!, { force: true });

    const deleted = await vscode.commands.executeCommand<string[]>('trainspect.runs.delete', { traceFile, confirmed: true });
    assert.deepEqual(deleted, [traceFile]);
    assert.ok(!fs.existsSync(traceFile));
    await vscode.commands.executeCommand('trainspect.runs.refresh');
    assert.ok(!(await api.runs.list()).some((e) => e.traceFile === traceFile), 'a deleted run is not listed');
  });

  test('a stored run of 6,000 batches opens with every batch and event (not the 500 a catch-up keeps); a second Open while it streams ends with the second run only', async function () {
    this.timeout(240_000); // two real runs, then the opens, each wait with its own named timeout
    const api = await trainspectApi();
    const finished = async (script: string): Promise<RunSnapshot> => {
      const id = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: workspaceFile(script) });
      return waitForRun(api, (r) => r.id === id && r.state === 'finished', `${script} to finish`, 90_000);
    };
    const many = await finished('many-batches.js');
    const small = await finished('fit-train.js');
    const [manyEvents, smallEvents] = [traceOf(many), traceOf(small)];
    const batchesOf = (events: TraceEvent[]) => events.filter((e) => e.type === 'batch').length;
    assert.equal(batchesOf(manyEvents), 6000);

    const openedId = await vscode.commands.executeCommand<string>('trainspect.runs.open', { traceFile: many.traceFile });
    const opened = await waitForRun(api, (r) => r.id === openedId && r.panelReceived.steps === 6000, 'the panel to receive every one of the 6,000 batches', 30_000);
    await waitForRun(api, (r) => r.id === openedId && r.panelReceived.events === panelEventsOf(manyEvents), `the panel to receive all ${panelEventsOf(manyEvents)} events`);
    assert.equal(opened.traceFile, many.traceFile);
    assert.equal(opened.state, 'finished');
    assert.equal(opened.events.filter((e) => e.type === 'batch').length <= 500, true, 'the host keeps only the bounded catch-up');

    await vscode.commands.executeCommand('trainspect.runs.open', { traceFile: small.traceFile });
    const firstId = await vscode.commands.executeCommand<string>('trainspect.runs.open', { traceFile: many.traceFile });
    const streamedSoFar = stepsOf(api.currentRun!);
    const secondId = await vscode.commands.executeCommand<string>('trainspect.runs.open', { traceFile: small.traceFile });
    assert.equal(api.currentRun?.id, secondId);
    assert.ok(streamedSoFar < 6000, `the first Open was still streaming when the second came (${streamedSoFar} batches in)`);
    assert.notEqual(firstId, secondId);
    await waitForRun(api, (r) => r.id === secondId && r.panelReceived.steps === batchesOf(smallEvents) && r.panelReceived.events === panelEventsOf(smallEvents), 'the panel to receive the second run whole');
    await sleep(1000); // the first stream, had it gone on, would have fed on by now
    const second = api.currentRun!;
    assert.equal(second.id, secondId);
    assert.deepEqual(second.panelReceived, { events: panelEventsOf(smallEvents), steps: batchesOf(smallEvents) });
    assert.equal(stepsOf(second), batchesOf(smallEvents));
    fs.rmSync(many.traceFile!, { force: true });
    fs.rmSync(small.traceFile!, { force: true });
  });

  test('trainspect.runs.location holds the next run\'s trace; past trainspect.runs.maxStorageMB the oldest stored traces are pruned as it starts', async () => {
    const api = await trainspectApi();
    const config = vscode.workspace.getConfiguration('trainspect.runs');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-runs-location-'));
    const old = ['a', 'b', 'c'].map((name, i) => {
      const file = path.join(folder, `old-${name}.jsonl`);
      fs.writeFileSync(file, 'x'.repeat(600 * 1024)); // 3 × 600 KiB over a cap of 1 MiB
      fs.utimesSync(file, 1000 + i, 1000 + i);
      return file;
    });
    try {
      await config.update('location', folder, vscode.ConfigurationTarget.Global);
      await config.update('maxStorageMB', 1, vscode.ConfigurationTarget.Global);
      const runId = await vscode.commands.executeCommand<string>('trainspect.traceSplitterInputs', { uri: workspaceFile('train.js'), targets: ['splitter'] });
      const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the run to finish');
      assert.equal(path.dirname(run.traceFile!), folder);
      assert.deepEqual(old.map((f) => fs.existsSync(f)), [false, false, true], 'the two oldest pruned, down to 600 KiB');
      const listed = await waitForEntry(api, run.traceFile!, (e) => e.summary?.status === 'stopped', 'the run in the new location');
      assert.equal(listed.stored, true);
      assert.match((await api.runs.list()).find((e) => e.traceFile === old[2])?.damaged ?? '', /^not a Trainspect trace/, 'a damaged stored file is listed, not dropped');
    } finally {
      await config.update('location', undefined, vscode.ConfigurationTarget.Global);
      await config.update('maxStorageMB', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a CLI trace in the workspace whose host was killed (no exit event, its writer gone) is listed as interrupted', async () => {
    const api = await trainspectApi();
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli', 'trainspect.js');
    const host = spawn(process.execPath, [cli, 'run', 'long-running.js', '--trace', 'getLabel', '--keep-running', '--out', killedTrace], { cwd: path.dirname(workspaceFile('long-running.js').fsPath), stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    const exited = new Promise((resolve) => host.on('exit', resolve));
    const until = Date.now() + 30_000;
    while (!(fs.existsSync(killedTrace) && fs.readFileSync(killedTrace, 'utf8').includes('"type":"call"'))) {
      assert.ok(Date.now() < until, 'the CLI run recorded no call');
      await sleep(100);
    }
    const listedLive = await waitForEntry(api, killedTrace, () => true, 'the CLI trace to be listed');
    assert.equal(listedLive.summary?.status, 'running', 'its writer is alive');
    assert.equal(iconOf(await api.runs.tree.getTreeItem((await nodeOf(api, killedTrace)).node)), 'loading~spin');
    host.kill('SIGKILL');
    await exited;

    const entry = await waitForEntry(api, killedTrace, (e) => e.summary?.status === 'interrupted', 'the killed run to be listed as interrupted');
    assert.equal(entry.stored, false, 'a workspace trace is the user\'s file');
    assert.equal(entry.damaged, undefined);
    const item = await api.runs.tree.getTreeItem((await nodeOf(api, killedTrace)).node);
    assert.equal(iconOf(item), 'warning');
    assert.match(String(item.description), / · interrupted$/);
  });
});
