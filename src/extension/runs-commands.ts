// The Runs view's item commands: Open, Run Again, Delete, Reveal Trace File, Open Trace File, Refresh.
// Each takes the clicked item (and, from a multi-selection, the selected ones) or `{ traceFile }`.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunController } from './run-controller';
import type { RunNode } from './runs-items';
import type { RunsTreeProvider } from './runs-view';
import { firstRunEvent } from '../host/run-library-read';

/** `trainspect.runs.*` item commands: a tree item, or `{ traceFile }` from a test or another extension. */
export interface RunItemArgs {
  traceFile: string;
  /** trainspect.runs.delete only: the caller has asked already (a program's own confirmation), so no modal dialog. */
  confirmed?: boolean;
}

export function registerRunsCommands(runs: RunController, tree: RunsTreeProvider): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('trainspect.runs.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('trainspect.runs.open', (item?: unknown) => withTrace(item, (file) => runs.openStored(file))),
    vscode.commands.registerCommand('trainspect.runs.runAgain', (item?: unknown) => withTrace(item, async (file) => {
      const run = await firstRunEvent(file);
      if (!run) return void vscode.window.showErrorMessage(`Trainspect: ${file} does not begin with a run event, so it cannot be run again.`);
      return runs.runAgainFromTrace(run);
    })),
    vscode.commands.registerCommand('trainspect.runs.delete', (item?: unknown, selected?: unknown) => deleteRuns(runs, tree, traceFiles(item, selected), (item as RunItemArgs | undefined)?.confirmed === true)),
    vscode.commands.registerCommand('trainspect.runs.revealTrace', (item?: unknown) => withTrace(item, (file) => vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file)))),
    vscode.commands.registerCommand('trainspect.runs.openTrace', (item?: unknown) => withTrace(item, (file) => vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true }))),
  ];
}

const traceFileOf = (value: unknown): string | undefined => {
  const file = (value as Partial<RunNode> | undefined)?.traceFile;
  return typeof file === 'string' && path.isAbsolute(file) ? file : undefined;
};

/** The clicked item, or every selected one when it is among them (VS Code passes both from a multi-selection). */
function traceFiles(item: unknown, selected: unknown): string[] {
  const clicked = traceFileOf(item);
  const all = Array.isArray(selected) ? selected.map(traceFileOf).filter((f): f is string => f !== undefined) : [];
  return clicked && all.includes(clicked) ? all : clicked ? [clicked] : [];
}

async function withTrace<T>(item: unknown, act: (file: string) => Thenable<T> | Promise<T>): Promise<T | undefined> {
  const file = traceFileOf(item);
  if (!file) {
    void vscode.window.showErrorMessage('Trainspect: pick a run in the Runs view.');
    return undefined;
  }
  return act(file);
}

/** After a modal confirmation; a run still being written is refused with the reason. Resolves to the files deleted. */
async function deleteRuns(runs: RunController, tree: RunsTreeProvider, files: string[], confirmed: boolean): Promise<string[]> {
  if (!files.length) return [];
  const what = files.length === 1 ? path.basename(files[0]) : `${files.length} runs`;
  const confirm = 'Delete';
  if (!confirmed && (await vscode.window.showWarningMessage(`Delete ${what}? The trace file${files.length === 1 ? ' is' : 's are'} deleted from disk.`, { modal: true, detail: files.join('\n') }, confirm)) !== confirm) return [];
  const deleted: string[] = [];
  for (const file of files) {
    try {
      runs.storage.library().delete(file);
      deleted.push(file);
    } catch (error) {
      void vscode.window.showErrorMessage(`Trainspect: ${(error as Error).message}`);
    }
  }
  tree.refresh();
  return deleted;
}
