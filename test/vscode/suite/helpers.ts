// Shared by the extension tests: the extension's API, the fixture workspace's files, and waiting for
// the run the panel shows to reach a state.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunSnapshot, TrainspectApi } from '../../../src/extension/api';
import type { CallEvent, ExitEvent, TraceEvent } from '../../../src/protocol/events';

export const EXTENSION_ID = 'trainspect.trainspect';
export const COMMANDS = ['trainspect.runWithIntrospection', 'trainspect.traceSplitterInputs', 'trainspect.breakInCallable', 'trainspect.selectEntryScript', 'trainspect.stopRun', 'trainspect.openPanel', 'trainspect.showShapeTimeline', 'trainspect.rerunInDebugger', 'trainspect.toggleShapeHints', 'trainspect.runs.refresh', 'trainspect.runs.open', 'trainspect.runs.runAgain', 'trainspect.runs.delete', 'trainspect.runs.revealTrace', 'trainspect.runs.openTrace', 'trainspect.exportTensorBoard', 'trainspect.compareRuns', 'trainspect.exportReport'];

export async function trainspectApi(): Promise<TrainspectApi> {
  const extension = vscode.extensions.getExtension<TrainspectApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** A file of the fixture workspace (test/vscode/workspace), which the test window has open. */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** 1-based line of the first line of a document that contains `text`. */
export async function lineOf(uri: vscode.Uri, text: string): Promise<number> {
  const document = await vscode.workspace.openTextDocument(uri);
  const index = document.getText().split('\n').findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `${text} is not in ${uri.fsPath}`);
  return index + 1;
}

/** Every event of the run, read from its trace file (the snapshot's events are the bounded catch-up list). */
export function traceOf(run: RunSnapshot): TraceEvent[] {
  assert.ok(run.traceFile, 'the run has no trace file');
  return fs.readFileSync(run.traceFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as TraceEvent);
}

/** Resolves with the current run once `ready` holds for it; rejects after `timeoutMs`. */
export function waitForRun(api: TrainspectApi, ready: (run: RunSnapshot) => boolean, what: string, timeoutMs = 45_000): Promise<RunSnapshot> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const run = api.currentRun;
      if (run && ready(run)) {
        done();
        resolve(run);
        return true;
      }
      return false;
    };
    const listener = api.onDidChangeRun(() => check());
    const poll = setInterval(check, 250); // also covers a change that fired before we listened
    const timer = setTimeout(() => {
      done();
      const run = api.currentRun;
      const panel = run ? `; its panel received ${run.panelReceived.events} events and ${run.panelReceived.steps} batches, and shows ${run.panelView ?? 'no view it said'}` : '';
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the run is ${run ? `${run.state} with ${run.events.length} events: ${summarize(run.events)}` : 'missing'}${panel}`));
    }, timeoutMs);
    function done(): void {
      listener.dispose();
      clearInterval(poll);
      clearTimeout(timer);
    }
    check();
  });
}

function summarize(events: readonly TraceEvent[]): string {
  return events.map((e) => (e.type === 'notice' ? `notice(${e.code}: ${e.message})` : e.type === 'output' ? `output(${e.text.trim().slice(0, 80)})` : e.type)).join(', ');
}

export const callsOf = (run: RunSnapshot, callable: string): CallEvent[] =>
  run.events.filter((e): e is CallEvent => e.type === 'call' && e.callable === callable);

export function exitOf(run: RunSnapshot): ExitEvent {
  const exit = run.events.find((e): e is ExitEvent => e.type === 'exit');
  assert.ok(exit, `the run has no exit event: ${summarize(run.events)}`);
  return exit;
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Stops whatever run is still going, so that one test's run never leaks into the next. */
export async function stopAnyRun(api: TrainspectApi): Promise<void> {
  if (api.currentRun && api.currentRun.state !== 'finished') {
    await vscode.commands.executeCommand('trainspect.stopRun');
    await waitForRun(api, (r) => r.state === 'finished', 'the leftover run to stop', 10_000);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves once `ready()` holds (checked every 50 ms); rejects after `timeoutMs`. */
export async function until(ready: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** `promise`, or an error naming `what` once `timeoutMs` have gone by: a step that hangs says which it was. */
export function within<T>(promise: Thenable<T>, what: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    promise.then((value) => (clearTimeout(timer), resolve(value)), (error: unknown) => (clearTimeout(timer), reject(error)));
  });
}
