// What the panel knows about the run it shows, built by applying trace events in order.
import type { CallEvent, CallableEvent, ExitEvent, LimitEvent, NoticeEvent, PhaseEvent, RunEvent, SplitLabelsEvent, TraceEvent, UncaughtEvent } from '../protocol/events';
import type { RunState } from '../protocol/webview-messages';

export interface RunView {
  runId: string;
  title: string;
  state: RunState;
  keepRunning: boolean;
  run?: RunEvent;
  callables: Map<string, CallableEvent>;
  calls: CallEvent[];
  notices: NoticeEvent[];
  uncaught: UncaughtEvent[];
  limit?: LimitEvent;
  phase?: PhaseEvent;
  exit?: ExitEvent;
  /** What labellers said of each split's items, by the splitter call's seq: the latest event per labeller. */
  splitLabels: Map<number, SplitLabelsEvent[]>;
  /** Whether the script wrote to each stream; the text itself is in the output channel. */
  wroteOutput: { stdout: boolean; stderr: boolean };
  /**
   * What the panel saves to survive a reload, bounded whatever the run: every event in order, but
   * output only as one event per stream without its text, and only the first MAX_SAVED_CALLS calls.
   */
  kept: TraceEvent[];
  /** Calls left out of `kept`. */
  unsavedCalls: number;
}

/** Calls saved with setState: enough to show after a reload, while the saved state stays small. */
export const MAX_SAVED_CALLS = 200;

/** Saved with setState (see RunView.kept). */
export interface SavedRun {
  runId: string;
  title: string;
  state: RunState;
  keepRunning: boolean;
  events: TraceEvent[];
}

export function createRunView(from: SavedRun): RunView {
  const view: RunView = {
    runId: from.runId,
    title: from.title,
    state: from.state,
    keepRunning: from.keepRunning,
    callables: new Map(),
    calls: [],
    notices: [],
    uncaught: [],
    splitLabels: new Map(),
    wroteOutput: { stdout: false, stderr: false },
    kept: [],
    unsavedCalls: 0,
  };
  for (const event of from.events) applyEvent(view, event);
  return view;
}

export function applyEvent(view: RunView, event: TraceEvent): void {
  if (event.type === 'output') {
    if (!view.wroteOutput[event.stream]) view.kept.push({ ...event, text: '' });
    view.wroteOutput[event.stream] = true;
    return;
  }
  if (event.type === 'call' && view.calls.length >= MAX_SAVED_CALLS) view.unsavedCalls++;
  else view.kept.push(event);
  switch (event.type) {
    case 'run': view.run = event; break;
    case 'callable': view.callables.set(event.id, event); break;
    case 'call': view.calls.push(event); break;
    case 'notice': view.notices.push(event); break;
    case 'uncaught': view.uncaught.push(event); break;
    case 'limit': view.limit = event; break;
    case 'phase': view.phase ??= event; break;
    case 'split-labels': {
      const labels = (view.splitLabels.get(event.splitSeq) ?? []).filter((e) => e.callableId !== event.callableId);
      view.splitLabels.set(event.splitSeq, [...labels, event]);
      break;
    }
    case 'exit': view.exit = event; view.state = 'finished'; break;
  }
}

export function saveRun(view: RunView): SavedRun {
  return { runId: view.runId, title: view.title, state: view.state, keepRunning: view.keepRunning, events: view.kept };
}

/** A group of calls in the filter bar: one traced callable site. */
export interface CallableGroup {
  id: string;
  label: string;
  count: number;
}

/** The callables that have recorded calls, in order of their first call; same names get their line. */
export function callGroups(view: RunView): CallableGroup[] {
  const groups = new Map<string, CallableGroup>();
  for (const call of view.calls) {
    const group = groups.get(call.callableId);
    if (group) group.count++;
    else groups.set(call.callableId, { id: call.callableId, label: call.callable, count: 1 });
  }
  const list = [...groups.values()];
  const names = new Map<string, number>();
  for (const g of list) names.set(g.label, (names.get(g.label) ?? 0) + 1);
  for (const g of list) {
    const site = view.calls.find((c) => c.callableId === g.id)?.site;
    if ((names.get(g.label) ?? 0) > 1 && site) g.label = `${g.label}:${site.line}`;
  }
  return list;
}
