// "Trace inputs" and "Break here" above the callables a user would trace: the pipeline-level ones
// (see CallableTier), or every one with trainspect.codeLens.callables = "all"; "Run with Introspection"
// above each fit/fitDataset call (trainspect.codeLens.fitCalls). VS Code asks again after each edit;
// results are cached per document version, and very large files get none.
import * as vscode from 'vscode';
import { detectCallables, type DetectedCallable } from '../host/detect-callables';
import { fitCalls } from '../host/fit-calls';
import { lensCallables } from '../host/rank-callables';
import type { BreakCommandArgs, RunCommandArgs, TraceCommandArgs } from './api';
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
        if (e.affectsConfiguration('trainspect.codeLens')) {
          this.cache.clear();
          this.changed.fire();
        }
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const settings = readSettings(document.uri);
    if (!vscode.workspace.isTrusted || !settings.codeLensEnabled) return [];
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached?.version === document.version) return cached.lenses;
    const text = document.getText();
    const lenses = text.length > MAX_CHARS ? [] : [...(settings.codeLensFitCalls ? fitLenses(document, text) : []), ...lensesFor(document, text, settings.codeLensCallables === 'all')];
    this.cache.set(key, { version: document.version, lenses });
    return lenses;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** What the lens's tooltip says runs: the function a property names, if it names one. */
const subject = (c: DetectedCallable): string => (c.aliasOf ? `${c.aliasOf} (${c.name})` : c.name);

/** One lens per line with a fit/fitDataset call: it runs the script (a module's: the entry script) to the end. */
function fitLenses(document: vscode.TextDocument, text: string): vscode.CodeLens[] {
  const args: RunCommandArgs = { uri: document.uri.toString() };
  const seen = new Set<number>();
  return fitCalls(text, document.uri.fsPath).flatMap((call) => {
    if (seen.has(call.line)) return [];
    seen.add(call.line);
    const line = Math.min(Math.max(0, call.line - 1), document.lineCount - 1);
    return [new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
      title: '$(graph-line) Run with Introspection',
      tooltip: `Run the script to its end and watch ${call.receiver}.${call.api}(…) train in the Trainspect panel: losses and metrics per batch, memory, weights`,
      command: 'trainspect.runWithIntrospection',
      arguments: [args],
    })];
  });
}

function lensesFor(document: vscode.TextDocument, text: string, all: boolean): vscode.CodeLens[] {
  const callables = lensCallables(detectCallables(text, document.uri.fsPath), all);
  const uri = document.uri.toString();
  const perLine = new Map<number, number>();
  for (const c of callables) perLine.set(c.line, (perLine.get(c.line) ?? 0) + 1);
  return callables.flatMap((c) => {
    const line = Math.min(Math.max(0, c.line - 1), document.lineCount - 1);
    const range = new vscode.Range(line, 0, line, 0);
    // Two callables on a line (`{ splitter: …, getY: … }`): each lens says whose it is.
    const shared = (perLine.get(c.line) ?? 0) > 1;
    const trace: TraceCommandArgs = { uri, targets: [c.target] };
    const debug: BreakCommandArgs = { uri, name: c.name, line: c.line };
    return [
      new vscode.CodeLens(range, {
        title: shared ? `$(debug-line-by-line) Trace ${c.name}` : '$(debug-line-by-line) Trace inputs',
        tooltip: `Run the script (a module's: the entry script) and record what ${subject(c)} receives and returns`,
        command: 'trainspect.traceSplitterInputs',
        arguments: [trace],
      }),
      new vscode.CodeLens(range, {
        title: shared ? `$(debug-breakpoint) Break in ${c.name}` : '$(debug-breakpoint) Break here',
        tooltip: `Debug the script, stopping at the first line of ${subject(c)}`,
        command: 'trainspect.breakInCallable',
        arguments: [debug],
      }),
    ];
  });
}
