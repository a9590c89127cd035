// Messages between the extension host and the panel's webview. Every message has a guard: the
// host checks what the webview sends, and the webview checks what the host sends.
import { isComparisonView, type ComparisonView } from './comparison-view';
import type { SourceSite, TraceEvent } from './events';
import type { RunState } from './run-model';
import { isTraceEvent } from './trace-format';

export type { RunState };

// ---- host → webview (notifications)

/** A new run replaces what the panel shows. `events` holds what is known already (a restored run). */
export interface ShowRunMessage { type: 'show-run'; runId: string; title: string; state: RunState; keepRunning: boolean; events: TraceEvent[] }
/** More events of the run being shown, in order. */
export interface AppendEventsMessage { type: 'append-events'; runId: string; events: TraceEvent[] }
export interface RunStateMessage { type: 'run-state'; runId: string; state: RunState; keepRunning: boolean }

/** Select the Shapes view and, in it, the sites of this line of `file` (1-based), as "Show Shape Timeline" asks. */
export interface ShowShapesMessage { type: 'show-shapes'; file: string; line: number }

/** Show this view of the panel (the Post-mortem view when a run fails), as if its tab were clicked. */
export interface SelectViewMessage { type: 'select-view'; view: string }

export type HostToWebviewMessage = ShowRunMessage | AppendEventsMessage | RunStateMessage | ShowShapesMessage | SelectViewMessage;

// ---- webview → host (commands)

export interface ReadyMessage { type: 'ready' }
export interface RevealSiteMessage { type: 'reveal-site'; site: SourceSite }
export interface StopRunMessage { type: 'stop-run'; runId: string }
/** Let the run go on past the call limit. */
export interface KeepRunningMessage { type: 'keep-running'; runId: string }
/** Start the run's script again with the same targets and arguments; `keepRunning` lets it go past the call limit. */
export interface RunAgainMessage { type: 'run-again'; runId: string; keepRunning: boolean }

/** Debug the run's script again, stopping inside the callable of the recorded call `seq`, at that call. */
export interface BreakAtCallMessage { type: 'break-at-call'; runId: string; seq: number }

/** Debug the run's script again, stopping where the exception of its post-mortem is thrown (the Post-mortem view's button). */
export interface DebugExceptionMessage { type: 'debug-exception'; runId: string }

/** What the panel now shows of a run: lets the host (and tests) know the webview really rendered it. */
export interface RenderedMessage { type: 'rendered'; runId: string; calls: number }

/** What the panel's run model now holds: events applied and batches of training, so the host (and tests) know it has them. */
export interface ReceivedMessage { type: 'received'; runId: string; events: number; steps: number }

/** The view the panel now shows for a run, after a select-view (lets the host and tests know it switched). */
export interface ViewShownMessage { type: 'view-shown'; runId: string; view: string }

export type WebviewToHostMessage = ReadyMessage | RevealSiteMessage | StopRunMessage | KeepRunningMessage | RunAgainMessage | RenderedMessage | ReceivedMessage | BreakAtCallMessage | DebugExceptionMessage | ViewShownMessage;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const RUN_STATES: readonly string[] = ['starting', 'running', 'stopping', 'finished'];
const isEvents = (v: unknown): boolean => Array.isArray(v) && v.every(isTraceEvent);

export const isShowRunMessage = (m: unknown): m is ShowRunMessage =>
  isObject(m) && m.type === 'show-run' && typeof m.runId === 'string' && typeof m.title === 'string' && RUN_STATES.includes(m.state as string) && typeof m.keepRunning === 'boolean' && isEvents(m.events);
export const isAppendEventsMessage = (m: unknown): m is AppendEventsMessage =>
  isObject(m) && m.type === 'append-events' && typeof m.runId === 'string' && isEvents(m.events);
export const isRunStateMessage = (m: unknown): m is RunStateMessage =>
  isObject(m) && m.type === 'run-state' && typeof m.runId === 'string' && RUN_STATES.includes(m.state as string) && typeof m.keepRunning === 'boolean';
export const isSelectViewMessage = (m: unknown): m is SelectViewMessage => isObject(m) && m.type === 'select-view' && typeof m.view === 'string';

export const isReadyMessage = (m: unknown): m is ReadyMessage => isObject(m) && m.type === 'ready';
export const isRevealSiteMessage = (m: unknown): m is RevealSiteMessage =>
  isObject(m) && m.type === 'reveal-site' && isObject(m.site) && typeof m.site.file === 'string' && typeof m.site.line === 'number' && typeof m.site.column === 'number';
export const isStopRunMessage = (m: unknown): m is StopRunMessage => isObject(m) && m.type === 'stop-run' && typeof m.runId === 'string';
export const isKeepRunningMessage = (m: unknown): m is KeepRunningMessage => isObject(m) && m.type === 'keep-running' && typeof m.runId === 'string';
export const isRunAgainMessage = (m: unknown): m is RunAgainMessage =>
  isObject(m) && m.type === 'run-again' && typeof m.runId === 'string' && typeof m.keepRunning === 'boolean';
export const isBreakAtCallMessage = (m: unknown): m is BreakAtCallMessage =>
  isObject(m) && m.type === 'break-at-call' && typeof m.runId === 'string' && Number.isInteger(m.seq);
export const isDebugExceptionMessage = (m: unknown): m is DebugExceptionMessage => isObject(m) && m.type === 'debug-exception' && typeof m.runId === 'string';
export const isRenderedMessage = (m: unknown): m is RenderedMessage => isObject(m) && m.type === 'rendered' && typeof m.runId === 'string' && typeof m.calls === 'number';
export const isViewShownMessage = (m: unknown): m is ViewShownMessage => isObject(m) && m.type === 'view-shown' && typeof m.runId === 'string' && typeof m.view === 'string';
export const isReceivedMessage = (m: unknown): m is ReceivedMessage =>
  isObject(m) && m.type === 'received' && typeof m.runId === 'string' && typeof m.events === 'number' && typeof m.steps === 'number';

export const isShowShapesMessage = (m: unknown): m is ShowShapesMessage =>
  isObject(m) && m.type === 'show-shapes' && typeof m.file === 'string' && Number.isInteger(m.line) && (m.line as number) >= 1;

export function isHostToWebviewMessage(m: unknown): m is HostToWebviewMessage {
  return isShowRunMessage(m) || isAppendEventsMessage(m) || isRunStateMessage(m) || isShowShapesMessage(m) || isSelectViewMessage(m);
}

export function isWebviewToHostMessage(m: unknown): m is WebviewToHostMessage {
  return isReadyMessage(m) || isRevealSiteMessage(m) || isStopRunMessage(m) || isKeepRunningMessage(m) || isRunAgainMessage(m) || isRenderedMessage(m) || isReceivedMessage(m) || isBreakAtCallMessage(m) || isDebugExceptionMessage(m) || isViewShownMessage(m);
}

// ---- the comparison panel (Trainspect: Compare Runs), its own webview

/** The runs to compare, replacing what the comparison panel shows. */
export interface ShowComparisonMessage { type: 'show-comparison'; comparison: ComparisonView }
export type HostToCompareMessage = ShowComparisonMessage;

/** What the comparison panel now shows: each run's label, its charts and table rows (lets the host and tests know it rendered). */
export interface ComparisonShownMessage { type: 'comparison-shown'; labels: string[]; charts: number; rows: number }
export type CompareToHostMessage = ReadyMessage | ComparisonShownMessage;

export const isShowComparisonMessage = (m: unknown): m is ShowComparisonMessage => isObject(m) && m.type === 'show-comparison' && isComparisonView(m.comparison);
export const isComparisonShownMessage = (m: unknown): m is ComparisonShownMessage =>
  isObject(m) && m.type === 'comparison-shown' && Array.isArray(m.labels) && m.labels.every((l) => typeof l === 'string') && typeof m.charts === 'number' && typeof m.rows === 'number';

export const isHostToCompareMessage = (m: unknown): m is HostToCompareMessage => isShowComparisonMessage(m);
export const isCompareToHostMessage = (m: unknown): m is CompareToHostMessage => isReadyMessage(m) || isComparisonShownMessage(m);
