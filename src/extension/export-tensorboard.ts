// "Trainspect: Export to TensorBoard": a run's scalars as TensorBoard event files (src/host/tensorboard).
// Args `{ traceFile?, logdir? }` (the Runs view passes its item, which has `traceFile`); without a trace,
// the run the panel shows, else a trace picked in a dialog; without a logdir, a folder dialog.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportTensorBoard, type TensorBoardExport } from '../host/tensorboard/export';
import { stringOf, traceToExport } from './export-source';
import type { RunController } from './run-controller';

interface ExportArgs {
  traceFile?: unknown;
  logdir?: unknown;
}

async function pickLogdir(traceFile: string): Promise<string | undefined> {
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: `Trainspect: Export ${path.basename(traceFile)} to a TensorBoard log folder`, canSelectFolders: true, canSelectFiles: false,
    canSelectMany: false, openLabel: 'Export Here', defaultUri: workspace,
  });
  return picked?.[0]?.fsPath;
}

/** Returns what was written (for tests and other extensions), or undefined when cancelled or failed. */
export async function exportToTensorBoard(runs: RunController, arg?: unknown): Promise<TensorBoardExport | undefined> {
  const args = (typeof arg === 'object' && arg !== null ? arg : {}) as ExportArgs;
  const traceFile = await traceToExport(args.traceFile, runs, { title: 'Trainspect: Export to TensorBoard: the trace of a run', openLabel: 'Export' });
  if (!traceFile) return undefined;
  const logdir = stringOf(args.logdir) ?? (await pickLogdir(traceFile));
  if (!logdir) return undefined;
  let result: TensorBoardExport;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Trainspect: exporting ${path.basename(traceFile)} to TensorBoard` }, () => exportTensorBoard(traceFile, logdir));
  } catch (error) {
    void vscode.window.showErrorMessage(`Trainspect: cannot export ${traceFile} to TensorBoard: ${(error as Error).message}`);
    return undefined;
  }
  if (result.skipped.length) {
    void vscode.window.showWarningMessage(`Trainspect: ${path.basename(traceFile)} is damaged: ${result.skipped.length} line${result.skipped.length === 1 ? '' : 's'} could not be read and ${result.skipped.length === 1 ? 'was' : 'were'} skipped (the first: line ${result.skipped[0].line}); the rest was exported.`);
  }
  if (result.files.length === 0) {
    void vscode.window.showInformationMessage(`Trainspect: ${path.basename(traceFile)} holds no losses or metrics (no fit call and no custom loop step); nothing was written.`);
    return result;
  }
  const command = `tensorboard --logdir "${result.logdir}"`;
  void vscode.window.showInformationMessage(`Trainspect: exported ${result.scalars.toLocaleString('en-US')} scalars to ${result.logdir}. Open them with: ${command}`, 'Copy Command', 'Reveal Folder').then((choice) => {
    if (choice === 'Copy Command') void vscode.env.clipboard.writeText(command);
    if (choice === 'Reveal Folder') void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(result.logdir));
  });
  return result;
}
