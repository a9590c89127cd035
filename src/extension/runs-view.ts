// The Runs view (trainspect.runs): every stored run and every CLI trace in the workspace, grouped by
// script, newest first. Refreshed when a run starts or ends, when a workspace `.jsonl` changes, and
// when the trainspect.runs settings change.
import * as vscode from 'vscode';
import type { RunEntry } from '../host/run-library';
import { firstRunEvent } from '../host/run-library-read';
import type { RunController } from './run-controller';
import { runItem, scriptItem, type RunNode, type RunsNode, type ScriptNode } from './runs-items';

const REFRESH_DELAY_MS = 300; // a CLI run writing its trace changes it many times a second
const MAX_WORKSPACE_FILES = 5000;

export class RunsTreeProvider implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private listing: Promise<RunEntry[]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Whether each workspace `.jsonl` begins with a run event, by path, for the mtime it had. */
  private readonly traceCheck = new Map<string, { mtime: number; trace: boolean }>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly runs: RunController, private readonly output: vscode.OutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.jsonl');
    this.disposables.push(
      watcher, watcher.onDidCreate(() => this.refreshSoon()), watcher.onDidChange(() => this.refreshSoon()), watcher.onDidDelete(() => this.refreshSoon()),
      runs.onDidChangeStoredRuns(() => this.refreshSoon()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('trainspect.runs') && this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
  }

  /** Every run, newest first (the listing the tree shows; a refresh makes a new one). */
  list(): Promise<RunEntry[]> {
    return (this.listing ??= this.readList());
  }

  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listing = undefined;
    this.changed.fire();
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    return node.kind === 'script' ? scriptItem(node) : runItem(node);
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (node?.kind === 'run') return [];
    if (node?.kind === 'script') return node.entries.map(runNode);
    return groupByScript(await this.list());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private refreshSoon(): void {
    this.timer ??= setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  private async readList(): Promise<RunEntry[]> {
    try {
      return await this.runs.storage.library().list(await this.workspaceTraces());
    } catch (error) {
      this.output.appendLine(`[trainspect] error: Could not list the stored runs: ${(error as Error).message}`);
      return [];
    }
  }

  /** The workspace's `.jsonl` files whose first line is a Trainspect run event (node_modules left out). */
  private async workspaceTraces(): Promise<string[]> {
    const uris = await vscode.workspace.findFiles('**/*.jsonl', '**/node_modules/**', MAX_WORKSPACE_FILES);
    const traces: string[] = [];
    for (const uri of uris) {
      if (uri.scheme !== 'file') continue;
      const file = uri.fsPath;
      let mtime: number;
      try {
        mtime = (await vscode.workspace.fs.stat(uri)).mtime;
      } catch {
        continue;
      }
      let check = this.traceCheck.get(file);
      if (check?.mtime !== mtime) this.traceCheck.set(file, (check = { mtime, trace: (await firstRunEvent(file)) !== undefined }));
      if (check.trace) traces.push(file);
    }
    return traces;
  }
}

const runNode = (entry: RunEntry): RunNode => ({ kind: 'run', entry, traceFile: entry.traceFile });

/** Scripts by their newest run, newest first; damaged traces without a run event last. */
function groupByScript(entries: RunEntry[]): ScriptNode[] {
  const groups = new Map<string | undefined, ScriptNode>();
  for (const entry of entries) {
    const script = entry.summary?.script;
    let group = groups.get(script);
    if (!group) groups.set(script, (group = { kind: 'script', script, entries: [] }));
    group.entries.push(entry);
  }
  return [...groups.values()].sort((a, b) => (a.script === undefined ? 1 : 0) - (b.script === undefined ? 1 : 0));
}
