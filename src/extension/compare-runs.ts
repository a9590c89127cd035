// "Trainspect: Compare Runs": two to six runs' curves overlaid, what differed, and their final metrics,
// in a comparison panel of its own (compare-panel.ts). From the Runs view's context menu VS Code passes
// the clicked item and the selection; `{ traceFiles }` from a test or another extension; otherwise (the
// palette, the view's title button) a multi-select quick pick of the Runs view's runs, newest first under
// their script, those selected in the view checked. The traces are read with
// cancellable progress; a trace missing, unreadable or not a trace is named and nothing opens.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunEntry } from '../host/run-library';
import { readComparedRun } from '../host/run-comparison-read';
import { comparisonView } from '../protocol/comparison-view';
import { compareRuns, type ComparedRunInput } from '../protocol/run-comparison';
import { TraceFormatError } from '../protocol/trace-format';
import { ComparePanel, type ComparisonShown } from './compare-panel';
import { runDescription, type RunNode } from './runs-items';

/** Each run gets one of the theme's six chart colours (src/webview/compare/run-colors.ts). */
export const MAX_COMPARED_RUNS = 6;

/** `trainspect.compareRuns` with traces named: resolves to what was opened, or undefined. */
export interface CompareCommandArgs {
  traceFiles: string[];
}

export interface ComparisonOpened {
  title: string;
  labels: string[];
  traceFiles: string[];
}

export interface CompareDeps {
  extensionUri: vscode.Uri;
  /** The Runs view's listing, newest first (the palette's quick pick). */
  listRuns(): Promise<RunEntry[]>;
  /** The Runs view's selection, checked already in the quick pick. */
  selection(): readonly unknown[];
  shown(shown: ComparisonShown): void;
}

const traceFileOf = (value: unknown): string | undefined => {
  const file = (value as Partial<RunNode> | undefined)?.traceFile;
  return typeof file === 'string' && path.isAbsolute(file) ? file : undefined;
};

/** The selection when the clicked item is in it (VS Code passes both), else the clicked item; or `{ traceFiles }`. */
function traceFilesOf(item: unknown, selected: unknown): string[] | undefined {
  const named = (item as Partial<CompareCommandArgs> | undefined)?.traceFiles;
  if (Array.isArray(named)) return named.filter((f): f is string => typeof f === 'string');
  const clicked = traceFileOf(item);
  if (!clicked) return undefined;
  const all = Array.isArray(selected) ? selected.map(traceFileOf).filter((f): f is string => f !== undefined) : [];
  return all.includes(clicked) ? all : [clicked];
}

export async function compareRunsCommand(deps: CompareDeps, item?: unknown, selected?: unknown): Promise<ComparisonOpened | undefined> {
  const files = traceFilesOf(item, selected) ?? (await pickRuns(deps));
  if (!files) return undefined; // the quick pick was dismissed
  const unique = [...new Set(files)];
  if (unique.length < 2) {
    void vscode.window.showWarningMessage(`Trainspect: pick two or more runs to compare (${unique.length === 0 ? 'none was' : 'one was'} picked). In the Runs view, Ctrl/Cmd-click to select several.`);
    return undefined;
  }
  if (unique.length > MAX_COMPARED_RUNS) {
    void vscode.window.showWarningMessage(`Trainspect: compare at most ${MAX_COMPARED_RUNS} runs at a time (${unique.length} were picked): each run is drawn in one of the theme's ${MAX_COMPARED_RUNS} chart colours.`);
    return undefined;
  }
  const read = await readRuns(unique);
  if (!read) return undefined;
  // In the order they started, whatever the order they were picked in: the first run is the first colour.
  const order = read.map((input, i) => ({ input, file: unique[i] })).sort((a, b) => (a.input.model.run?.startTime ?? '').localeCompare(b.input.model.run?.startTime ?? ''));
  const traceFiles = order.map((o) => o.file);
  const comparison = compareRuns(order.map((o) => o.input));
  const damaged = comparison.runs.filter((r) => r.damagedLines > 0);
  if (damaged.length) {
    void vscode.window.showWarningMessage(`Trainspect: ${damaged.map((r) => `${r.label}: ${r.damagedLines} damaged line${r.damagedLines === 1 ? '' : 's'}`).join('; ')} skipped; the rest is compared.`);
  }
  const title = comparisonTitle(comparison.runs.map((r) => r.summary.script));
  ComparePanel.create(deps.extensionUri, title, comparisonView(comparison, traceFiles), deps.shown);
  return { title, labels: comparison.runs.map((r) => r.label), traceFiles };
}

/** "Trainspect: Compare 2 runs of fit-lr.cjs", or "… Compare 3 runs" of different scripts. */
function comparisonTitle(scripts: string[]): string {
  const names = new Set(scripts.map((s) => path.basename(s)));
  return `Trainspect: Compare ${scripts.length} runs${names.size === 1 ? ` of ${[...names][0]}` : ''}`;
}

/** Every trace read, or undefined (cancelled, or one could not be read: the message names it). */
async function readRuns(files: string[]): Promise<ComparedRunInput[] | undefined> {
  const title = `Trainspect: reading ${files.length} traces to compare`;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    const inputs: ComparedRunInput[] = [];
    try {
      for (const [i, file] of files.entries()) {
        progress.report({ message: `${path.basename(file)} (${i + 1}/${files.length})`, increment: i === 0 ? 0 : 100 / files.length });
        inputs.push(await readComparedRun(file, abort.signal));
      }
      return inputs;
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      const file = files[inputs.length];
      const why = error instanceof TraceFormatError ? `it is not a Trainspect trace (${error.message})`
        : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file is not there any more' : (error as Error).message;
      void vscode.window.showErrorMessage(`Trainspect: cannot compare: ${file}: ${why}. Nothing was opened.`);
      return undefined;
    } finally {
      cancelled.dispose();
    }
  });
}

interface RunPick extends vscode.QuickPickItem {
  traceFile?: string;
}

/** The Runs view's runs, newest first under their script; the damaged traces without a run event left out. */
async function pickRuns(deps: CompareDeps): Promise<string[] | undefined> {
  const entries = (await deps.listRuns()).filter((e) => e.summary);
  if (!entries.length) {
    void vscode.window.showInformationMessage('Trainspect: there are no runs to compare yet: Run with Introspection, or trainspect run in a terminal, records one.');
    return undefined;
  }
  const selected = new Set(deps.selection().map(traceFileOf));
  const byScript = new Map<string, RunEntry[]>();
  for (const entry of entries) {
    const script = entry.summary!.script;
    byScript.set(script, [...(byScript.get(script) ?? []), entry]);
  }
  const items: RunPick[] = [];
  for (const [script, runs] of byScript) {
    items.push({ label: vscode.workspace.asRelativePath(script), kind: vscode.QuickPickItemKind.Separator });
    for (const entry of runs) {
      const { summary } = entry;
      items.push({
        label: new Date(summary!.startTime).toLocaleString(),
        description: runDescription(entry),
        detail: summary!.args.length ? `args ${summary!.args.join(' ')}` : undefined,
        traceFile: entry.traceFile,
        picked: selected.has(entry.traceFile),
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Trainspect: Compare Runs', placeHolder: `Pick two to ${MAX_COMPARED_RUNS} runs`, canPickMany: true, matchOnDescription: true, matchOnDetail: true,
  });
  return picked?.map((p) => p.traceFile).filter((f): f is string => f !== undefined);
}
