// "Trace inputs" and "Break here" above every callable Trainspect finds. VS Code asks again after
// each edit; results are cached per document version, and very large files get none.
import * as vscode from 'vscode';
import { detectCallables } from '../host/detect-callables';
import type { BreakCommandArgs, TraceCommandArgs } from './api';
import { targetFor } from './pick-callables';
import { readSettings } from './settings';

/** Beyond this many characters a file is not parsed for lenses (generated or bundled code). */
const MAX_CHARS = 1_000_000;

export const CODELENS_SELECTOR: vscode.DocumentSelector = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'].map((language) => ({ language, scheme: 'file' }));

export class CallableCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly cache = new Map<string, { version: number; lenses: vscode.CodeLens[] }>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('trainspect.codeLens.enabled')) this.changed.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || !readSettings(document.uri).codeLensEnabled) return [];
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached?.version === document.version) return cached.lenses;
    const text = document.getText();
    const lenses = text.length > MAX_CHARS ? [] : this.lensesFor(document, text);
    this.cache.set(key, { version: document.version, lenses });
    return lenses;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private lensesFor(document: vscode.TextDocument, text: string): vscode.CodeLens[] {
    const callables = detectCallables(text, document.uri.fsPath);
    const uri = document.uri.toString();
    return callables.flatMap((c) => {
      const line = Math.min(Math.max(0, c.line - 1), document.lineCount - 1);
      const range = new vscode.Range(line, 0, line, 0);
      const trace: TraceCommandArgs = { uri, targets: [targetFor(c, callables)] };
      const debug: BreakCommandArgs = { uri, name: c.name, line: c.line };
      return [
        new vscode.CodeLens(range, { title: '$(debug-line-by-line) Trace inputs', tooltip: `Run this script and record what ${c.name} receives and returns`, command: 'trainspect.traceSplitterInputs', arguments: [trace] }),
        new vscode.CodeLens(range, { title: '$(debug-breakpoint) Break here', tooltip: `Debug this script, stopping at the first line of ${c.name}`, command: 'trainspect.breakInCallable', arguments: [debug] }),
      ];
    });
  }
}
