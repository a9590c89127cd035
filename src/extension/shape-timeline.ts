// "Trainspect: Show Shape Timeline": the shapes the current run saw at the cursor's line, in the
// panel's Shapes view; and the context key that offers it in the editor's menu only for files the run
// has shapes for.
import * as vscode from 'vscode';
import type { RunSnapshot, ShapeTimelineArgs } from './api';
import type { RunController } from './run-controller';

export const SHAPE_FILES_CONTEXT = 'trainspect.shapeFiles';

/** The files with shape sites in the run (the `resourcePath in trainspect.shapeFiles` of the menu's when clause). */
function shapeFiles(run: RunSnapshot | undefined): string[] {
  const files = new Set<string>();
  for (const entry of run?.model.shapes.sites.values() ?? []) files.add(entry.site.site.file);
  return [...files];
}

/** Keeps the context key in step with the current run. */
export function trackShapeFiles(runs: RunController): vscode.Disposable {
  let shown = '';
  const update = (run: RunSnapshot | undefined): void => {
    const files = shapeFiles(run);
    const key = files.join('\n');
    if (key === shown) return;
    shown = key;
    void vscode.commands.executeCommand('setContext', SHAPE_FILES_CONTEXT, files);
  };
  update(runs.current);
  return runs.onDidChangeRun(update);
}

/** Resolves to true once the panel was asked to show the line; false (with a message) when the run has no shapes for the file. */
export async function showShapeTimeline(runs: RunController, arg?: unknown): Promise<boolean> {
  const args = (arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {})) as ShapeTimelineArgs;
  const editor = vscode.window.activeTextEditor;
  const uri = args.uri ? (typeof args.uri === 'string' ? vscode.Uri.file(args.uri) : args.uri) : editor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Trainspect: open the file whose shapes you want to see.');
    return false;
  }
  const line = args.line ?? (editor && editor.document.uri.toString() === uri.toString() ? editor.selection.active.line + 1 : 1);
  if (!shapeFiles(runs.current).includes(uri.fsPath)) {
    void vscode.window.showInformationMessage(`Trainspect: the current run recorded no tensor shapes in ${vscode.workspace.asRelativePath(uri)}. Shapes are recorded at the calls in TypeScript files and at the TF.js ops and layers of plain JavaScript files (every call of plain JavaScript with the setting trainspect.shapes: all).`);
    return false;
  }
  runs.showShapes(uri.fsPath, line);
  return true;
}
