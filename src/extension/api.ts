// What the extension offers other extensions and its own tests: the value `activate()` returns, and
// the argument shapes of its commands.
import type * as vscode from 'vscode';
import type { TraceEvent } from '../protocol/events';
import type { RunModel } from '../protocol/run-model';
import type { RunState } from '../protocol/webview-messages';
import type { DetectedCallable } from '../host/detect-callables';
import type { EntryScript } from '../host/entry-scripts';
import type { ShapeIndex } from '../host/shape-index';
import type { RunEntry } from '../host/run-library';
import type { ComparisonShown } from './compare-panel';
import type { HealthNotification } from './health-alerts';
import type { PostmortemMark } from './postmortem-mark';
import type { RunStatus } from './run-status';
import type { RunsNode } from './runs-items';

export interface RunSnapshot {
  id: string;
  state: RunState;
  pid: number | undefined;
  /**
   * The events a panel opened now is sent, bounded however long the run (src/protocol/catch-up.ts):
   * output as one event per stream without its text, the first 200 calls, every k-th batch and memory
   * event (at most 500 of each). The trace file has every event.
   */
  events: readonly TraceEvent[];
  /** The run model, live (read it with the protocol's selectors; do not change it). */
  model: Readonly<RunModel>;
  /** The trace file, which has every event (written as they arrive); for a stored run opened from the Runs view, its trace; undefined for a run restored after a reload. */
  traceFile: string | undefined;
  /** The run's shape sites and traced callables by file and line, with each file's hash as the run read it (live). */
  shapeIndex: ShapeIndex;
  /** Calls the panel's webview reports it has rendered (its latest 'rendered' message). */
  renderedCalls: number;
  /** What the panel's webview reports its run model holds: events applied and training batches (its latest 'received' message). */
  panelReceived: { events: number; steps: number };
  /** The view the panel's webview says it shows after the host selected one (the Post-mortem view when the run failed). */
  panelView: string | undefined;
}

export interface TrainspectApi {
  /** The run shown in the panel. */
  readonly currentRun: RunSnapshot | undefined;
  readonly onDidChangeRun: vscode.Event<RunSnapshot>;
  /** What the status-bar item and the progress notification say about the live run; undefined when none is live. */
  readonly runStatus: RunStatus | undefined;
  /** The health warnings shown for the current run (at most MAX_HEALTH_NOTIFICATIONS), as VS Code shows them. */
  readonly healthNotifications: readonly HealthNotification[];
  /** The failing lines marked in the editor: one per script whose last run ended in an exception. */
  readonly postmortemMarks: readonly PostmortemMark[];
  /** Every callable in a file, in quick-pick order (the one at the cursor, then by tier, splitter-like, …). */
  detectCallables(uri: vscode.Uri): Promise<DetectedCallable[]>;
  /** The workspace's entry script (trainspect.selectEntryScript), which a trace of a module's callable runs. */
  readonly entryScript: EntryScript | undefined;
  /** The Runs view: its listing (stored runs and the workspace's CLI traces, newest first) and its tree's data provider. */
  readonly runs: { list(): Promise<RunEntry[]>; tree: vscode.TreeDataProvider<RunsNode> };
  /** What each comparison panel's webview reports it rendered (its 'comparison-shown' message), oldest first. */
  readonly comparisons: readonly ComparisonShown[];
}

/** `trainspect.traceSplitterInputs`: resolves to the run id once the run has started. */
export interface TraceCommandArgs {
  uri?: string | vscode.Uri; // default: the active editor's file
  targets?: string[]; // given: no quick pick
  maxCalls?: number; // default: setting trainspect.maxCalls
  keepRunning?: boolean; // default: setting trainspect.keepRunning
}

/** `trainspect.runWithIntrospection`: resolves to the run id once the run has started. */
export interface RunCommandArgs {
  uri?: string | vscode.Uri; // default: the active editor's file (a module's: the entry script runs)
}

/** `trainspect.showShapeTimeline`: resolves to true once the panel was asked to show the line. */
export interface ShapeTimelineArgs {
  uri?: string | vscode.Uri; // default: the active editor's file
  line?: number; // 1-based; default: the cursor's line
}

/** `trainspect.breakInCallable`: resolves to true once the debug session has started. */
export interface BreakCommandArgs {
  uri?: string | vscode.Uri; // the script to run
  name?: string; // given: no quick pick
  line?: number; // 1-based line of the callable, when several share the name
  target?: string; // the runtime's target ("splitter@18"), for a callable the script's file may not show
  callNumber?: number; // which call stops (default 1)
  args?: string[]; // the script's arguments
  cwd?: string; // default: the script's workspace folder
}
