// The command handlers. Each resolves what it acts on (the file, the callables), checks that the
// workspace is trusted, and hands the work to the run controller or VS Code's debugger.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { breakLaunch } from '../host/break-launch';
import { describeEntry, type EntryScript } from '../host/entry-scripts';
import type { BreakCommandArgs, RunCommandArgs, TraceCommandArgs } from './api';
import { runFolder, type EntryScripts } from './entry-script';
import { noCallablesMessage, pickCallablesToTrace, pickCallableToBreakIn, rankedCallables } from './pick-callables';
import type { RunController } from './run-controller';
import { readSettings } from './settings';
import { debugException } from './debug-exception';
import { trainspectDebugConfig } from './debug-launch';

/** Trainspect runs the user's code: never in Restricted Mode. */
function refuseIfUntrusted(): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showErrorMessage('Trainspect runs your script, so it works only in a trusted workspace.', 'Manage Workspace Trust').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return true;
}

/** Menus pass the file's Uri; the palette passes nothing; tests and CodeLenses pass an args object. */
function normalizeArgs<T extends { uri?: string | vscode.Uri }>(arg: unknown): T {
  if (arg instanceof vscode.Uri) return { uri: arg } as T;
  return typeof arg === 'object' && arg !== null ? (arg as T) : ({} as T);
}

function toUri(uri: string | vscode.Uri | undefined): vscode.Uri | undefined {
  if (uri === undefined) return vscode.window.activeTextEditor?.document.uri;
  if (typeof uri !== 'string') return uri;
  // "c:\\x" and "/x" are paths; "file:///x", "vscode-remote://…" are URIs.
  return /^[a-z][a-z0-9+.-]+:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri) ? vscode.Uri.parse(uri) : vscode.Uri.file(uri);
}

/** The script's document, saved, or undefined after telling the user why not. */
async function scriptDocument(uri: string | vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  const target = toUri(uri);
  if (!target) {
    void vscode.window.showErrorMessage('Trainspect: open a JavaScript or TypeScript training script first.');
    return undefined;
  }
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Trainspect runs scripts from the file system; ${target.toString()} is not a file on disk.`);
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(target);
  if (document.isDirty && !(await document.save())) {
    void vscode.window.showErrorMessage(`Trainspect: ${path.basename(target.fsPath)} could not be saved, so it was not run.`);
    return undefined;
  }
  return document;
}

/** Says which script runs when it is not the file the trace was started from. */
function tellEntryRuns(entry: { script: string; args: string[]; cwd: string }, fileName: string, doing: string): void {
  const message = `Trainspect runs ${describeEntry(entry)}, the entry script, to ${doing} of ${fileName}.`;
  void vscode.window.showInformationMessage(message, 'Change Entry Script…').then((choice) => {
    if (choice) void vscode.commands.executeCommand('trainspect.selectEntryScript');
  });
}

export async function traceSplitterInputs(controller: RunController, entries: EntryScripts, arg?: unknown): Promise<string | undefined> {
  if (refuseIfUntrusted()) return undefined;
  const args = normalizeArgs<TraceCommandArgs>(arg);
  const document = await scriptDocument(args.uri);
  if (!document) return undefined;
  const fileName = path.basename(document.uri.fsPath);
  let targets = args.targets;
  if (!targets) {
    if (!rankedCallables(document).length) {
      void vscode.window.showInformationMessage(noCallablesMessage(fileName));
      return undefined;
    }
    const chosen = await pickCallablesToTrace(document, fileName);
    if (!chosen) return undefined;
    targets = [...new Set(chosen.map((c) => c.target))];
  }
  // A module's callables are called by the training script that uses it: that one runs.
  const run = await entries.scriptFor(document);
  if (!run) return undefined;
  if (run.viaEntry) tellEntryRuns(run, fileName, `trace ${targets.join(', ')}`);
  const settings = readSettings(document.uri);
  return controller.start({
    script: run.script,
    args: run.args,
    cwd: run.cwd,
    targets,
    maxCalls: args.maxCalls ?? settings.maxCalls,
    keepRunning: args.keepRunning ?? settings.keepRunning,
    nodePath: settings.nodePath,
    previewLimits: settings.previewLimits,
    maxTraceBytes: settings.maxTraceBytes,
    postmortem: settings.postmortem,
    shapes: settings.shapes,
  });
}

/**
 * Runs the training script (a module's: the entry script) to its end with every callable traced and
 * the training recorder on, as `trainspect run <script>` without --trace does, and shows it in the panel.
 */
export async function runWithIntrospection(controller: RunController, entries: EntryScripts, arg?: unknown): Promise<string | undefined> {
  if (refuseIfUntrusted()) return undefined;
  const document = await scriptDocument(normalizeArgs<RunCommandArgs>(arg).uri);
  if (!document) return undefined;
  const run = await entries.scriptFor(document);
  if (!run) return undefined;
  if (run.viaEntry) tellEntryRuns(run, path.basename(document.uri.fsPath), 'run the training');
  const settings = readSettings(document.uri);
  return controller.start({
    script: run.script,
    args: run.args,
    cwd: run.cwd,
    targets: [], // every callable: no call limit, so the script runs to its end
    maxCalls: settings.maxCalls,
    keepRunning: true,
    nodePath: settings.nodePath,
    previewLimits: settings.previewLimits,
    maxTraceBytes: settings.maxTraceBytes,
    postmortem: settings.postmortem,
    shapes: settings.shapes,
  });
}

/** The callable a Break in Callable command names (or the user picks): its runtime target and its name. */
async function breakTarget(args: BreakCommandArgs, document: vscode.TextDocument): Promise<{ target: string; name: string } | undefined> {
  const fileName = path.basename(document.uri.fsPath);
  const callables = rankedCallables(document);
  let callable;
  if (args.name !== undefined) {
    callable = callables.find((c) => c.name === args.name && (args.line === undefined || c.line === args.line));
    if (!callable) {
      void vscode.window.showErrorMessage(`Trainspect found no callable named ${args.name}${args.line !== undefined ? ` at line ${args.line}` : ''} in ${fileName}.`);
      return undefined;
    }
  } else {
    if (!callables.length) {
      void vscode.window.showInformationMessage(noCallablesMessage(fileName));
      return undefined;
    }
    callable = await pickCallableToBreakIn(document, fileName);
    if (!callable) return undefined;
  }
  return { target: callable.target, name: callable.name };
}

/** The script to debug: as given (Break here on a recorded call), else as a trace would run it. */
async function breakRun(args: BreakCommandArgs, document: vscode.TextDocument, entries: EntryScripts, name: string): Promise<EntryScript | undefined> {
  if (args.target !== undefined) return { script: document.uri.fsPath, args: args.args ?? [], cwd: args.cwd ?? runFolder(document.uri) };
  // A module's callables are called by the training script that uses it: that one runs.
  const run = await entries.scriptFor(document);
  if (run?.viaEntry) tellEntryRuns(run, path.basename(document.uri.fsPath), `break in ${name}`);
  return run;
}

/**
 * Starts VS Code's JavaScript debugger on the script with Trainspect's runtime in break mode: the
 * debugger stops inside the callable's body when it is called (its `callNumber`-th call), with its
 * arguments in scope. No breakpoint is added: the user's own stay as they are.
 */
export async function breakInCallable(entries: EntryScripts, arg?: unknown): Promise<boolean> {
  if (refuseIfUntrusted()) return false;
  const args = normalizeArgs<BreakCommandArgs>(arg);
  const document = await scriptDocument(args.uri);
  if (!document) return false;
  const chosen = args.target !== undefined ? { target: args.target, name: args.name ?? args.target } : await breakTarget(args, document);
  if (!chosen) return false;
  const run = await breakRun(args, document, entries, chosen.name);
  if (!run) return false;
  const callNumber = args.callNumber ?? 1;
  const launch = breakLaunch(run.script, chosen.target, callNumber);
  if ('missing' in launch) {
    void vscode.window.showErrorMessage('Trainspect: tsx, needed to run TypeScript, was not found.');
    return false;
  }
  const settings = readSettings(document.uri);
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(run.script)) ?? vscode.workspace.getWorkspaceFolder(document.uri);
  const name = `Trainspect: break in ${chosen.name}${callNumber > 1 ? ` at call #${callNumber}` : ''}`;
  const config = trainspectDebugConfig(name, run, launch, folder, settings.nodePath);
  return vscode.debug.startDebugging(folder, config);
}

/**
 * Re-run in Debugger: the shown run (or the one `runId` names, from the panel) ended in an exception;
 * its script runs again under VS Code's debugger, which stops where that exception is thrown.
 */
export async function rerunInDebugger(controller: RunController, arg?: unknown): Promise<boolean> {
  if (refuseIfUntrusted()) return false;
  const runId = (arg as { runId?: unknown } | undefined)?.runId;
  const shown = controller.current;
  if (!shown || (typeof runId === 'string' && runId !== shown.id)) return false;
  const { run, postmortem } = shown.model;
  if (!run || !postmortem) {
    void vscode.window.showInformationMessage('Trainspect: the run shown did not end in an exception, so there is nothing to break on.');
    return false;
  }
  return debugException(run, postmortem);
}
