// Which run an export command (Export Report, Export to TensorBoard) writes out: the trace its args name
// (the Runs view passes its item, which has `traceFile`), else the run the panel shows, else a trace
// picked in a dialog.
import * as vscode from 'vscode';
import type { RunController } from './run-controller';

/** An argument that is a non-empty string. */
export const stringOf = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/** `title`, `openLabel`: the dialog's, when it comes to one; undefined when it is cancelled. */
export async function traceToExport(traceFile: unknown, runs: RunController, dialog: { title: string; openLabel: string }): Promise<string | undefined> {
  const named = stringOf(traceFile) ?? runs.current?.traceFile;
  if (named) return named;
  const picked = await vscode.window.showOpenDialog({
    ...dialog, canSelectMany: false, filters: { 'Trainspect traces': ['jsonl'] }, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}
