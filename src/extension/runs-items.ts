// How one stored run reads in the Runs view: its label (the start time), description (duration · status
// · final loss), Markdown tooltip (captured text added as text, never as Markdown) and codicon by status.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunEntry } from '../host/run-library';
import { formatDuration } from '../protocol/exit';
import { metricText } from '../protocol/metric-text';
import type { RunStatusKind } from '../protocol/run-summary';

/** A script's runs, or the traces that have no readable run event (`script` undefined). */
export interface ScriptNode {
  kind: 'script';
  script: string | undefined;
  entries: RunEntry[];
}

/** One run. `traceFile` is what Compare, Export Report and Export to TensorBoard are given. */
export interface RunNode {
  kind: 'run';
  entry: RunEntry;
  traceFile: string;
}

export type RunsNode = ScriptNode | RunNode;

const ICONS: Record<RunStatusKind | 'damaged', [icon: string, colour: string | undefined]> = {
  finished: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  stopped: ['debug-stop', undefined],
  interrupted: ['warning', 'list.warningForeground'],
  running: ['loading~spin', undefined],
  damaged: ['circle-slash', 'list.errorForeground'],
};

export function scriptItem(node: ScriptNode): vscode.TreeItem {
  const label = node.script ? vscode.workspace.asRelativePath(node.script) : 'Damaged traces';
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `script:${node.script ?? ''}`;
  item.description = `${node.entries.length} run${node.entries.length === 1 ? '' : 's'}`;
  item.iconPath = node.script ? vscode.ThemeIcon.File : new vscode.ThemeIcon('circle-slash');
  if (node.script) item.resourceUri = vscode.Uri.file(node.script);
  item.contextValue = 'trainspect.script';
  return item;
}

export function runItem(node: RunNode): vscode.TreeItem {
  const { entry } = node;
  const { summary } = entry;
  const item = new vscode.TreeItem(summary ? new Date(summary.startTime).toLocaleString() : path.basename(entry.traceFile), vscode.TreeItemCollapsibleState.None);
  item.id = `run:${entry.traceFile}`;
  item.description = runDescription(entry);
  item.tooltip = runTooltip(entry);
  const [icon, colour] = ICONS[entry.damaged && summary?.status !== 'running' ? 'damaged' : summary?.status ?? 'damaged'];
  item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
  // trainspect.run.<status>[.damaged].<stored|workspace>: the menus' when clauses read it.
  item.contextValue = ['trainspect.run', summary?.status ?? 'unreadable', ...(entry.damaged ? ['damaged'] : []), entry.stored ? 'stored' : 'workspace'].join('.');
  item.command = { command: 'trainspect.runs.open', title: 'Open Run', arguments: [node] };
  return item;
}

/** "1.2 s · failed · loss 0.4321"; a damaged trace says so. */
export function runDescription(entry: RunEntry): string {
  const { summary } = entry;
  if (!summary) return `damaged: ${entry.damaged ?? 'no run event'}`;
  const parts = [formatDuration(summary.durationMs), summary.status];
  if (summary.finalLoss !== null) parts.push(`loss ${metricText(summary.finalLoss)}`);
  if (entry.damaged) parts.push('damaged');
  return parts.join(' · ');
}

function runTooltip(entry: RunEntry): vscode.MarkdownString {
  const tip = new vscode.MarkdownString(); // not trusted, no commands: it holds captured text
  const { summary } = entry;
  const line = (label: string, text: string) => tip.appendMarkdown(`**${label}** `).appendText(text).appendMarkdown('  \n');
  if (summary) {
    line('Script', summary.script);
    line('Arguments', summary.args.length ? summary.args.join(' ') : '(none)');
    line('Folder', summary.cwd);
    if (summary.targets.length) line('Traced', summary.targets.join(', '));
    line('Status', summary.detail ? `${summary.status}: ${summary.detail}` : summary.status);
    const metrics = Object.entries(summary.finalMetrics);
    if (metrics.length) line('Final', metrics.map(([k, v]) => `${k} ${typeof v === 'number' ? metricText(v) : v}`).join(', '));
    line('Events', summary.eventCount.toLocaleString('en-US'));
  }
  if (entry.damaged) line('Damaged', entry.damaged);
  line('Trace', entry.traceFile);
  return tip;
}
