// Trainspect's VS Code layer: wires the commands, the CodeLenses, the panel (and its restore after a
// reload) and the output channel to the run controller, and returns the API tests and others use.
import * as vscode from 'vscode';
import type { TrainspectApi } from './api';
import { CallableCodeLensProvider, CODELENS_SELECTOR } from './codelens';
import { ComparePanel, COMPARE_VIEW_TYPE, type ComparisonShown } from './compare-panel';
import { compareRunsCommand } from './compare-runs';
import { breakInCallable, rerunInDebugger, runWithIntrospection, traceSplitterInputs } from './commands';
import { registerExceptionBreakpoints } from './debug-exception';
import { EntryScripts } from './entry-script';
import { exportReport } from './export-report';
import { exportToTensorBoard } from './export-tensorboard';
import { HealthAlerts } from './health-alerts';
import { PANEL_VIEW_TYPE, revealSite } from './panel';
import { rankedCallables } from './pick-callables';
import { PostmortemMarks } from './postmortem-mark';
import { RunController } from './run-controller';
import { registerRunsCommands } from './runs-commands';
import { runStorage } from './runs-settings';
import { RunsTreeProvider } from './runs-view';
import { showShapeTimeline, trackShapeFiles } from './shape-timeline';
import { ShapeDocuments, SHAPES_SELECTOR } from './shape-documents';
import { ShapeHintsProvider, toggleShapeHints } from './shape-hints';
import { ShapeHoverProvider } from './shape-hover';
import { registerTensorInlineValues } from './tensor-inline-values';

let controller: RunController | undefined;

export function activate(context: vscode.ExtensionContext): TrainspectApi {
  const output = vscode.window.createOutputChannel('Trainspect');
  const runs = new RunController(context.extensionUri, output, runStorage(vscode.Uri.joinPath(context.globalStorageUri, 'traces').fsPath));
  controller = runs;
  const runsTree = new RunsTreeProvider(runs, output);
  const runsView = vscode.window.createTreeView('trainspect.runs', { treeDataProvider: runsTree, canSelectMany: true, showCollapseAll: true });
  const codeLenses = new CallableCodeLensProvider();
  const entries = new EntryScripts(context.workspaceState);
  const healthAlerts = new HealthAlerts(runs.onDidChangeRun, revealSite);
  const postmortemMarks = new PostmortemMarks(runs.onDidChangeRun, runs.onDidStartRun);
  const shapeDocuments = new ShapeDocuments(() => runs.current, runs.onDidChangeRun);
  const shapeHints = new ShapeHintsProvider(shapeDocuments, runs.onDidChangeRun);
  const comparisons: ComparisonShown[] = [];
  const comparisonShown = (shown: ComparisonShown) => comparisons.push(shown);
  void vscode.commands.executeCommand('setContext', 'trainspect.running', false);
  void vscode.commands.executeCommand('setContext', 'trainspect.hasPostmortem', false);

  context.subscriptions.push(
    output,
    runs,
    codeLenses,
    entries,
    healthAlerts,
    postmortemMarks,
    registerExceptionBreakpoints(),
    vscode.commands.registerCommand('trainspect.rerunInDebugger', (arg?: unknown) => rerunInDebugger(runs, arg)),
    shapeDocuments,
    shapeHints,
    vscode.commands.registerCommand('trainspect.traceSplitterInputs', (arg?: unknown) => traceSplitterInputs(runs, entries, arg)),
    vscode.commands.registerCommand('trainspect.runWithIntrospection', (arg?: unknown) => runWithIntrospection(runs, entries, arg)),
    vscode.commands.registerCommand('trainspect.selectEntryScript', (arg?: unknown) => entries.select(arg)),
    vscode.commands.registerCommand('trainspect.breakInCallable', (arg?: unknown) => breakInCallable(entries, arg)),
    vscode.commands.registerCommand('trainspect.stopRun', () => runs.stop()),
    vscode.commands.registerCommand('trainspect.openPanel', () => runs.openPanel()),
    vscode.commands.registerCommand('trainspect.exportTensorBoard', (arg?: unknown) => exportToTensorBoard(runs, arg)),
    vscode.commands.registerCommand('trainspect.exportReport', (arg?: unknown) => exportReport(runs, arg)),
    vscode.languages.registerCodeLensProvider(CODELENS_SELECTOR, codeLenses),
    vscode.languages.registerHoverProvider(SHAPES_SELECTOR, new ShapeHoverProvider(shapeDocuments)),
    vscode.languages.registerInlayHintsProvider(SHAPES_SELECTOR, shapeHints),
    vscode.commands.registerCommand('trainspect.toggleShapeHints', toggleShapeHints),
    registerTensorInlineValues(),
    runsTree,
    runsView,
    ...registerRunsCommands(runs, runsTree),
    trackShapeFiles(runs),
    vscode.commands.registerCommand('trainspect.showShapeTimeline', (arg?: unknown) => showShapeTimeline(runs, arg)),
    vscode.commands.registerCommand('trainspect.compareRuns', (item?: unknown, selected?: unknown) =>
      compareRunsCommand({ extensionUri: context.extensionUri, listRuns: () => runsTree.list(), selection: () => runsView.selection, shown: comparisonShown }, item, selected)),
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        context.subscriptions.push(new ComparePanel(panel, context.extensionUri, comparisonShown));
      },
    }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        runs.revivePanel(panel, state);
      },
    }),
  );

  return {
    get currentRun() {
      return runs.current;
    },
    onDidChangeRun: runs.onDidChangeRun,
    get runStatus() {
      return runs.status;
    },
    get healthNotifications() {
      return healthAlerts.shown;
    },
    get postmortemMarks() {
      return postmortemMarks.shown;
    },
    get entryScript() {
      return entries.current;
    },
    runs: { list: () => runsTree.list(), tree: runsTree },
    comparisons,
    async detectCallables(uri: vscode.Uri) {
      return rankedCallables(await vscode.workspace.openTextDocument(uri));
    },
  };
}

/** A live run's process tree is stopped before the extension host goes away. */
export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
