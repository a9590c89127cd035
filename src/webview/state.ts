// What the panel holds of the run it shows: the run model (the protocol's, the one the CLI and the
// extension build too) and what the panel saves to survive a reload.
import type { TraceEvent } from '../protocol/events';
import { applyEvent, createRunModel, recordedCalls, type RunModel, type RunState } from '../protocol/run-model';

export interface PanelRun {
  runId: string;
  title: string;
  model: RunModel;
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

/** Saved with setState (see PanelRun.kept). */
export interface SavedRun {
  runId: string;
  title: string;
  state: RunState;
  keepRunning: boolean;
  events: TraceEvent[];
}

export function createPanelRun(from: SavedRun): PanelRun {
  const run: PanelRun = {
    runId: from.runId, title: from.title, model: createRunModel({ status: from.state, keepRunning: from.keepRunning }), kept: [], unsavedCalls: 0,
  };
  for (const event of from.events) applyToPanelRun(run, event);
  return run;
}

export function applyToPanelRun(run: PanelRun, event: TraceEvent): void {
  const { model } = run;
  if (event.type === 'output') {
    if (!model.output.wrote[event.stream]) run.kept.push({ ...event, text: '' });
  } else if (event.type === 'call' && recordedCalls(model) >= MAX_SAVED_CALLS) {
    run.unsavedCalls++;
  } else {
    run.kept.push(event);
  }
  applyEvent(model, event);
}

export function saveRun(run: PanelRun): SavedRun {
  return { runId: run.runId, title: run.title, state: run.model.status, keepRunning: run.model.keepRunning, events: run.kept };
}
