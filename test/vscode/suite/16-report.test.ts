// "Trainspect: Export Report" in the real VS Code: the run the panel shows (no traceFile) and a trace
// named by the Runs view's args, each written as one HTML file holding that run's events; a foreign
// file is refused and writes nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WrittenReport } from '../../../src/host/report/write-report';
import type { TraceEvent } from '../../../src/protocol/events';
import { EXTENSION_ID, stopAnyRun, traceOf, trainspectApi, waitForRun, workspaceFile } from './helpers';

/** The events and title a report embeds, read back as the page reads them. */
function embedded(file: string): { title: string; writtenAt: number; events: TraceEvent[] } {
  const match = /<script type="application\/json" id="trainspect-report-data">([^<]*)<\/script>/.exec(fs.readFileSync(file, 'utf8'));
  assert.ok(match, `${file} embeds no run`);
  return JSON.parse(match[1]) as { title: string; writtenAt: number; events: TraceEvent[] };
}

suite('Export Report', () => {
  let tmp = '';
  suiteSetup(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-vscode-report-'))));
  suiteTeardown(async () => {
    await stopAnyRun(await trainspectApi());
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the manifest: titled, in the Trainspect category, in the Runs view\'s context menu for one run', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON;
    const command = manifest.contributes.commands.find((c: { command: string }) => c.command === 'trainspect.exportReport');
    assert.deepEqual([command.title, command.category, command.icon], ['Export Report', 'Trainspect', '$(export)']);
    const item = manifest.contributes.menus['view/item/context'].find((m: { command: string }) => m.command === 'trainspect.exportReport');
    assert.match(item.when, /^view == trainspect\.runs && !listMultiSelection && viewItem =~/);
  });

  test("writes the panel's run, and a trace given by its file, as one HTML file with every batch", async () => {
    const api = await trainspectApi();
    const runId = await vscode.commands.executeCommand<string>('trainspect.runWithIntrospection', { uri: workspaceFile('fit-train.js') });
    const run = await waitForRun(api, (r) => r.id === runId && r.state === 'finished', 'the run to finish', 60_000);
    const trace = traceOf(run);
    const batches = trace.filter((e) => e.type === 'batch');
    assert.equal(batches.length, 16, 'fit-train.js trains 4 epochs of 4 batches');

    const fromPanel = await vscode.commands.executeCommand<WrittenReport>('trainspect.exportReport', { out: path.join(tmp, 'panel.html') });
    assert.ok(fromPanel, 'nothing was written');
    assert.equal(fromPanel.file, path.join(tmp, 'panel.html'));
    assert.equal(fromPanel.bytes, fs.statSync(fromPanel.file).size);
    assert.equal(fromPanel.eventsRead, trace.length);
    assert.equal(fromPanel.damaged, 0);
    const data = embedded(fromPanel.file);
    assert.equal(data.title, 'fit-train.js');
    assert.deepEqual(data.events.filter((e) => e.type === 'batch'), batches);
    assert.deepEqual(data.events[0], trace[0], 'its run event first');
    assert.deepEqual(data.events.at(-1), trace.at(-1), 'its exit event last');

    const fromItem = await vscode.commands.executeCommand<WrittenReport>('trainspect.exportReport', { traceFile: run.traceFile, out: path.join(tmp, 'item.html') });
    assert.ok(fromItem, 'nothing was written for the trace file');
    assert.deepEqual({ ...embedded(fromItem.file), writtenAt: 0 }, { ...data, writtenAt: 0 });
  });

  test('a file that is not a trace is refused and nothing is written', async () => {
    const foreign = path.join(tmp, 'foreign.jsonl');
    fs.writeFileSync(foreign, '{"not": "a trace"}\n');
    const out = path.join(tmp, 'foreign.html');
    const result = await vscode.commands.executeCommand<WrittenReport | undefined>('trainspect.exportReport', { traceFile: foreign, out });
    assert.equal(result, undefined);
    assert.equal(fs.existsSync(out), false);
  });
});
