// "Trainspect: Export Report": a run as one self-contained HTML file (src/host/report). Args
// `{ traceFile?, out? }` (the Runs view passes its item, which has `traceFile`); without a trace, the run
// the panel shows, else a trace picked in a dialog; without `out`, a save dialog.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeReport, type WrittenReport } from '../host/report/write-report';
import { stringOf, traceToExport } from './export-source';
import type { RunController } from './run-controller';

interface ExportArgs {
  traceFile?: unknown;
  out?: unknown;
}

async function pickOut(traceFile: string): Promise<string | undefined> {
  const name = `${path.basename(traceFile).replace(/\.jsonl$/, '')}.html`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showSaveDialog({
    title: `Trainspect: Export ${path.basename(traceFile)} as an HTML report`, saveLabel: 'Export Report',
    filters: { 'HTML report': ['html'] }, defaultUri: folder ? vscode.Uri.joinPath(folder, name) : vscode.Uri.file(path.join(path.dirname(traceFile), name)),
  });
  return picked?.fsPath;
}

/** Returns what was written (for tests and other extensions), or undefined when cancelled or failed. */
export async function exportReport(runs: RunController, arg?: unknown): Promise<WrittenReport | undefined> {
  const args = (typeof arg === 'object' && arg !== null ? arg : {}) as ExportArgs;
  const traceFile = await traceToExport(args.traceFile, runs, { title: 'Trainspect: Export Report: the trace of a run', openLabel: 'Export Report' });
  if (!traceFile) return undefined;
  const out = stringOf(args.out) ?? (await pickOut(traceFile));
  if (!out) return undefined;
  let written: WrittenReport;
  try {
    written = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Trainspect: writing the report of ${path.basename(traceFile)}` }, () => writeReport(traceFile, out));
  } catch (error) {
    void vscode.window.showErrorMessage(`Trainspect: cannot export ${traceFile} as a report: ${(error as Error).message}`);
    return undefined;
  }
  if (written.damaged) {
    const first = written.firstDamaged!;
    void vscode.window.showWarningMessage(`Trainspect: ${path.basename(traceFile)} is damaged: ${written.damaged} line${written.damaged === 1 ? '' : 's'} could not be read and ${written.damaged === 1 ? 'was' : 'were'} skipped (the first: line ${first.line}); the report shows the rest and says so.`);
  }
  const size = `${Math.max(1, Math.round(written.bytes / 1024)).toLocaleString('en-US')} KB`;
  void vscode.window.showInformationMessage(`Trainspect: report of ${path.basename(traceFile)} written to ${written.file} (${size}, opens offline in any browser).`, 'Open in Browser', 'Reveal').then((choice) => {
    if (choice === 'Open in Browser') void vscode.env.openExternal(vscode.Uri.file(written.file));
    if (choice === 'Reveal') void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(written.file));
  });
  return written;
}
