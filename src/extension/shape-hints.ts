// Inlay hints at the end of each line where the run saw a tensor-producing call (`⟨32×10 float32⟩`),
// off by default: trainspect.shapeHints, flipped by "Trainspect: Toggle Shape Hints". They
// follow the lines through edits as the hovers do (shape-documents.ts) and refresh when the run
// reports shapes.
import * as vscode from 'vscode';
import { shapeHintText, shapeHoverMarkdown } from '../host/shape-hover-text';
import type { RunSnapshot } from './api';
import type { ShapeDocuments } from './shape-documents';

const SETTING = 'shapeHints';

const hintsOn = (): boolean => vscode.workspace.getConfiguration('trainspect').get<boolean>(SETTING, false);

export class ShapeHintsProvider implements vscode.InlayHintsProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private shown: { runId: string; version: number } | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly documents: ShapeDocuments, onDidChangeRun: vscode.Event<RunSnapshot>) {
    this.disposables = [
      this.changed,
      onDidChangeRun((run) => {
        if (run.id === this.shown?.runId && run.shapeIndex.version === this.shown.version) return;
        this.shown = { runId: run.id, version: run.shapeIndex.version };
        if (hintsOn()) this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`trainspect.${SETTING}`) && this.changed.fire()),
    ];
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!hintsOn()) return [];
    const shapes = this.documents.of(document);
    if (!shapes) return [];
    const hints: vscode.InlayHint[] = [];
    for (const line of shapes.lines()) {
      if (line.line < range.start.line || line.line > range.end.line || line.line >= document.lineCount) continue;
      const label = shapeHintText(line.sites);
      if (!label) continue;
      const hint = new vscode.InlayHint(document.lineAt(line.line).range.end, label);
      hint.paddingLeft = true;
      const tooltip = new vscode.MarkdownString(shapeHoverMarkdown({ sites: line.sites, callables: [], training: shapes.model.training, note: shapes.note }));
      tooltip.isTrusted = false;
      hint.tooltip = tooltip;
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Flips trainspect.shapeHints where it is set: the workspace's, else the user's settings. */
export async function toggleShapeHints(): Promise<void> {
  const config = vscode.workspace.getConfiguration('trainspect');
  const target = config.inspect<boolean>(SETTING)?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(SETTING, !hintsOn(), target);
}
