// The run model: what a run's events add up to, for the CLI printer.
// Built by applying events in trace order; memory stays bounded however long the run is, since calls
// are already bounded per callable by the runtime and output is kept only as counts and a short tail.
// New event types become new fields here, not a new model.
import type {
  CallableEvent, CallEvent, ExitEvent, LimitEvent, NoticeEvent, PhaseEvent, RunEvent, SplitLabelsEvent, TraceEvent, UncaughtEvent,
} from '../protocol/events';
import { exitOutcome, type RunOutcome } from '../protocol/exit';

export interface CallableModel {
  callable: CallableEvent;
  calls: CallEvent[]; // recorded calls, in the order they started
}

export type RunStatus = 'starting' | 'running' | 'finished';
/** How a finished run ended: by itself with code 0, by itself otherwise, or stopped by Trainspect/the user. */

export interface RunModel {
  run: RunEvent | undefined;
  callables: Map<string, CallableModel>; // by callable id, in load order
  calls: CallEvent[]; // every recorded call, in seq order (bounded: MAX_MODEL_CALLS)
  droppedCalls: number; // recorded calls beyond MAX_MODEL_CALLS, counted only
  phases: PhaseEvent[];
  limit: LimitEvent | undefined;
  uncaught: UncaughtEvent[];
  notices: NoticeEvent[];
  output: { stdoutChars: number; stderrChars: number; stderrTail: string };
  exit: ExitEvent | undefined;
  /** A labeller's counts per part of a split, by `${splitSeq}:${callableId}`: the latest event for each. */
  splitLabels: Map<string, SplitLabelsEvent>;
  status: RunStatus;
  outcome: RunOutcome | undefined;
  eventCount: number;
}

export const MAX_MODEL_CALLS = 10_000;
const MAX_NOTICES = 200;
const STDERR_TAIL = 4096;

export function createRunModel(): RunModel {
  return {
    run: undefined, callables: new Map(), calls: [], droppedCalls: 0, phases: [], limit: undefined, uncaught: [],
    notices: [], output: { stdoutChars: 0, stderrChars: 0, stderrTail: '' }, exit: undefined, splitLabels: new Map(),
    status: 'starting', outcome: undefined, eventCount: 0,
  };
}

/** Applies one event to the model (in place) and returns it. */
export function applyEvent(model: RunModel, event: TraceEvent): RunModel {
  model.eventCount++;
  switch (event.type) {
    case 'run':
      model.run = event;
      if (model.status === 'starting') model.status = 'running';
      break;
    case 'callable':
      if (!model.callables.has(event.id)) model.callables.set(event.id, { callable: event, calls: [] });
      break;
    case 'call': {
      if (model.calls.length >= MAX_MODEL_CALLS) {
        model.droppedCalls++;
        break;
      }
      insertBySeq(model.calls, event);
      let entry = model.callables.get(event.callableId);
      if (!entry) {
        // A call whose callable event is missing (a damaged trace): keep it under a stand-in.
        entry = { callable: { type: 'callable', id: event.callableId, name: event.callable, kind: 'declaration', site: event.site, traced: true, time: event.time }, calls: [] };
        model.callables.set(event.callableId, entry);
      }
      insertBySeq(entry.calls, event);
      break;
    }
    case 'phase':
      model.phases.push(event);
      break;
    case 'limit':
      model.limit = event;
      break;
    case 'uncaught':
      model.uncaught.push(event);
      break;
    case 'notice':
      if (model.notices.length < MAX_NOTICES) model.notices.push(event);
      break;
    case 'output':
      if (event.stream === 'stdout') model.output.stdoutChars += event.text.length;
      else {
        model.output.stderrChars += event.text.length;
        model.output.stderrTail = (model.output.stderrTail + event.text).slice(-STDERR_TAIL);
      }
      break;
    case 'split-labels':
      model.splitLabels.set(`${event.splitSeq}:${event.callableId}`, event);
      break;
    case 'exit':
      model.exit = event;
      model.status = 'finished';
      model.outcome = exitOutcome(event, { uncaught: model.uncaught.length > 0 });
      break;
  }
  return model;
}

export function buildRunModel(events: Iterable<TraceEvent>): RunModel {
  const model = createRunModel();
  for (const event of events) applyEvent(model, event);
  return model;
}

/** The traced callables (those that match the targets), in load order. */
export function tracedCallables(model: RunModel): CallableModel[] {
  return [...model.callables.values()].filter((c) => c.callable.traced);
}

/** Calls are written when they end (an inner call before its caller): keep them in start order. */
function insertBySeq(calls: CallEvent[], call: CallEvent): void {
  let i = calls.length;
  while (i > 0 && calls[i - 1].seq > call.seq) i--;
  calls.splice(i, 0, call);
}
