// "Trainspect: Export to TensorBoard" in the real VS Code: the run the panel shows (no traceFile), and a
// trace named by the Runs view's args, exported to a logdir and read back by the independent reader
// (test/fixtures/tensorboard/read_events.py); a foreign file is refused and writes nothing.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorBoardExport } from '../../../src/host/tensorboard/export';
import type { EpochEvent } from '../../../src/protocol/events';
import { EXTENSION_ID, stopAnyRun, traceOf, trainspectApi, waitForRun, workspaceFile } from './helpers';

function readTags(logdir: string): Map<string, number[]> {
  const reader = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'tensorboard', 'read_events.py');
  const r = spawnSync('python3', [reader, logdir]);
  assert.equal(r.status, 0, r.stderr.toString());
  const tags = new Map<string, number[]>();
  for (const [file, events] of Object.entries(JSON.parse(r.stdout.toString()) as Record<string, { step: number; values: { tag: string }[] }[]>)) {
    for (const event of events) for (const value of event.values) {
      const key = `${path.dirname(file)} ${value.tag}`;
      tags.set(key, [...(tags.get(key) ?? []), event.step]);
    }
  }
  return tags;
}

suite('Export to TensorBoard', () => {
  let tmp = '';
  suiteSetup(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-vscode-tb-'))));
  suiteTeardown(async () => {
    await stopAnyRun(await trainspectApi());
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the manifest: titled, in the Trainspect category', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON;
    const command = manifest.contributes.commands.find((c: { command: string }) => c.command === 'trainspect.exportTensorBoard');
    assert.deepEqual([command.title, command.category], ['Export to TensorBoard', 'Trainspect']);
  });

  test("exports the panel's run, and a trace given by its file, with every epoch and batch", async () => {
    const api = await trainspectApi();
    const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: workspaceFile('fit-train.js') });
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the run to finish', 60_000);
    const events = traceOf(run);
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    const batches = events.filter((e) => e.type === 'batch').length;
    assert.ok(epochs.length > 0 && batches > 0, 'fit-train.js trains');

    const panelLogs = path.join(tmp, 'panel');
    const fromPanel = await vscode.commands.executeCommand<TensorBoardExport>('trainspect.exportTensorBoard', { logdir: panelLogs });
    assert.ok(fromPanel, 'nothing was exported');
    const tags = readTags(panelLogs);
    assert.deepEqual(tags.get('train epoch_loss'), epochs.map((e) => e.epoch + 1));
    assert.deepEqual(tags.get('train batch_loss'), Array.from({ length: batches }, (_, i) => i + 1));

    const itemLogs = path.join(tmp, 'item');
    const fromItem = await vscode.commands.executeCommand<TensorBoardExport>('trainspect.exportTensorBoard', { traceFile: run.traceFile, logdir: itemLogs });
    assert.deepEqual(fromItem?.files, fromPanel.files);
    assert.deepEqual(readTags(itemLogs), tags);
  });

  test('a file that is not a trace is refused and nothing is written', async () => {
    const foreign = path.join(tmp, 'foreign.jsonl');
    fs.writeFileSync(foreign, '{"not": "a trace"}\n');
    const logdir = path.join(tmp, 'foreign-logs');
    const result = await vscode.commands.executeCommand<TensorBoardExport | undefined>('trainspect.exportTensorBoard', { traceFile: foreign, logdir });
    assert.equal(result, undefined);
    assert.deepEqual(fs.readdirSync(logdir), []);
  });
});
