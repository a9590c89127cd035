// What the panel holds of the run it shows: the run model (the protocol's, the one the CLI and the
// extension build too) and what the panel saves to survive a reload.
import { createCatchUpLog, keepForCatchUp, type CatchUpLog } from '../protocol/catch-up';
import type { TraceEvent } from '../protocol/events';
import { applyEvent, createRunModel, type RunModel, type RunState } from '../protocol/run-model';
import { TrainingCurves } from '../protocol/series/training-curves';

export interface PanelRun {
  runId: string;
  title: string;
  model: RunModel;
  /** Every batch's and epoch's logs, whole (the run model keeps a bounded copy), for the Training view. */
  curves: TrainingCurves;
  /**
   * What the panel saves to survive a reload, bounded whatever the run: the events a panel needs to
   * catch up (src/protocol/catch-up.ts, the rule the extension's run session keeps them by too).
   */
  kept: CatchUpLog;
}

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
    runId: from.runId, title: from.title, model: createRunModel({ status: from.state, keepRunning: from.keepRunning }), curves: new TrainingCurves(), kept: createCatchUpLog(),
  };
  for (const event of from.events) applyToPanelRun(run, event);
  return run;
}

export function applyToPanelRun(run: PanelRun, event: TraceEvent): void {
  keepForCatchUp(run.kept, run.model, event);
  applyEvent(run.model, event);
  run.curves.apply(run.model, event);
}

export function saveRun(run: PanelRun): SavedRun {
  return { runId: run.runId, title: run.title, state: run.model.status, keepRunning: run.model.keepRunning, events: run.kept.events };
}
