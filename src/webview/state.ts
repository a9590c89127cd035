// What the panel holds of the run it shows: the run model (the protocol's, the one the CLI and the
// extension build too) and what the panel saves to survive a reload.
import type { TraceEvent } from '../protocol/events';
import { applyEvent, createRunModel, recordedCalls, type RunModel, type RunState } from '../protocol/run-model';
import { TrainingCurves } from '../protocol/series/training-curves';

export interface PanelRun {
  runId: string;
  title: string;
  model: RunModel;
  /** Every batch's and epoch's logs, whole (the run model keeps a bounded copy), for the Training view. */
  curves: TrainingCurves;
  /**
   * What the panel saves to survive a reload, bounded whatever the run: every event in order, but
   * output only as one event per stream without its text, and only the first MAX_SAVED_CALLS calls.
   */
  kept: TraceEvent[];
  /** Calls left out of `kept`. */
  unsavedCalls: number;
  /** Per-batch events seen and saved, by type (see keepPerBatch). */
  perBatch: Record<PerBatchType, { seen: number; saved: number; stride: number }>;
}

type PerBatchType = 'batch' | 'memory';

/** Calls saved with setState: enough to show after a reload, while the saved state stays small. */
export const MAX_SAVED_CALLS = 200;
/** Batch (and memory) events saved at most: every k-th of them, k doubling when full. */
export const MAX_SAVED_PER_BATCH = 500;

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
    runId: from.runId, title: from.title, model: createRunModel({ status: from.state, keepRunning: from.keepRunning }), curves: new TrainingCurves(), kept: [], unsavedCalls: 0,
    perBatch: { batch: { seen: 0, saved: 0, stride: 1 }, memory: { seen: 0, saved: 0, stride: 1 } },
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
  } else if (event.type === 'batch' || event.type === 'memory') {
    keepPerBatch(run, event);
  } else if (event.type === 'weights') {
    // The first and the latest statistics of each model, as the run model keeps them.
    const { first, last } = model.training.get(event.modelId)?.weights ?? {};
    const replaced = last && last !== first ? run.kept.lastIndexOf(last) : -1;
    if (replaced >= 0) run.kept.splice(replaced, 1);
    run.kept.push(event);
  } else {
    run.kept.push(event);
  }
  applyEvent(model, event);
  run.curves.apply(model, event);
}

/** Every k-th batch (or memory) event; once MAX_SAVED_PER_BATCH are saved, every other one goes and k doubles. */
function keepPerBatch(run: PanelRun, event: TraceEvent & { type: PerBatchType }): void {
  const count = run.perBatch[event.type];
  if (count.seen++ % count.stride !== 0) return;
  run.kept.push(event);
  if (++count.saved <= MAX_SAVED_PER_BATCH) return;
  let nth = 0;
  run.kept = run.kept.filter((e) => e.type !== event.type || nth++ % 2 === 0);
  count.saved = Math.ceil(count.saved / 2);
  count.stride *= 2;
}

export function saveRun(run: PanelRun): SavedRun {
  return { runId: run.runId, title: run.title, state: run.model.status, keepRunning: run.model.keepRunning, events: run.kept };
}
