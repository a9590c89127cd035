// The events a panel needs to show a run it did not see from the start: one rule for what the
// extension sends a panel that opens (or comes back) mid-run and for what the panel saves to survive
// a reload, bounded whatever the run. Every event in trace order, except that output is one event per
// stream without its text, calls are the first MAX_CATCH_UP_CALLS, batch, memory and step events every
// k-th (at most MAX_CATCH_UP_PER_BATCH of each type), weight statistics the first and the latest per model, the
// latest pipeline summary, and what the run model drops past its own bounds is dropped here too.
import type { ShapesEvent, SiteShapes, TraceEvent } from './events';
import { MAX_CUSTOM_LOOPS, MAX_HEALTH, MAX_IMAGE_EVENTS, MAX_NOTICES, MAX_SHAPE_SITES, MAX_UNCAUGHT, recordedCalls, type RunModel } from './run-model';
import { MAX_EPOCHS, MAX_FIT_CALLS, MAX_TRAINED_MODELS } from './run-model/training';

/** Calls kept: enough to show after a reload, while the saved state stays small. */
export const MAX_CATCH_UP_CALLS = 200;
/** Batch (memory, step) events kept at most: every k-th of them, k doubling when full. */
export const MAX_CATCH_UP_PER_BATCH = 500;

type PerBatchType = 'batch' | 'memory' | 'step';

export interface CatchUpLog {
  /**
   * The events kept, in trace order. Only ever appended to: whatever leaves it makes a new array, so
   * a reader that holds an earlier array and its length still reads what it had.
   */
  events: TraceEvent[];
  /** Calls left out. */
  droppedCalls: number;
  /** Per-batch events seen and kept, by type. */
  perBatch: Record<PerBatchType, { seen: number; kept: number; stride: number }>;
}

export function createCatchUpLog(): CatchUpLog {
  const counter = () => ({ seen: 0, kept: 0, stride: 1 });
  return { events: [], droppedCalls: 0, perBatch: { batch: counter(), memory: counter(), step: counter() } };
}

/**
 * Takes `event` into the log. Call it just before the event is applied to `model`, the run model of
 * the same events: the model says what came before (a stream already written, calls so far, the
 * weights kept).
 */
export function keepForCatchUp(log: CatchUpLog, model: RunModel, event: TraceEvent): void {
  switch (event.type) {
    case 'output':
      if (!model.output.wrote[event.stream]) log.events.push({ ...event, text: '' });
      return;
    case 'call':
      if (recordedCalls(model) >= MAX_CATCH_UP_CALLS) log.droppedCalls++;
      else log.events.push(event);
      return;
    case 'notice':
      if (model.notices.length < MAX_NOTICES) log.events.push(event);
      return;
    case 'uncaught':
      if (model.uncaught.length < MAX_UNCAUGHT) log.events.push(event);
      return;
    case 'health':
      if (model.health.length < MAX_HEALTH) log.events.push(event);
      return;
    case 'batch':
    case 'memory':
      if (trainingKept(model, event.modelId)) keepPerBatch(log, event);
      return;
    case 'step': // every k-th step of the loops the run model keeps (each step carries its index: the gaps show)
      if (model.customLoops.has(event.loopId) || model.customLoops.size < MAX_CUSTOM_LOOPS) keepPerBatch(log, event);
      return;
    case 'model':
      if (trainingKept(model, event.modelId) && (model.training.get(event.modelId)?.fits.length ?? 0) < MAX_FIT_CALLS) log.events.push(event);
      return;
    case 'epoch': {
      const trained = model.training.get(event.modelId);
      if (trainingKept(model, event.modelId) && (trained?.epochs.length ?? 0) < MAX_EPOCHS) log.events.push(event);
      return;
    }
    case 'weights': {
      if (!trainingKept(model, event.modelId)) return;
      // The first and the latest statistics of each model, as the run model keeps them.
      const { first, last } = model.training.get(event.modelId)?.weights ?? {};
      if (last && last !== first) log.events = log.events.filter((e) => e !== last);
      log.events.push(event);
      return;
    }
    case 'pipeline': { // a later summary replaces an earlier one
      const replaced = model.pipeline;
      if (replaced) log.events = log.events.filter((e) => e !== replaced);
      log.events.push(event);
      return;
    }
    case 'images':
      if (model.images.length < MAX_IMAGE_EVENTS) log.events.push(event);
      return;
    case 'postmortem':
      if (!model.postmortem) log.events.push(event);
      return;
    case 'shape-site':
      if (model.shapes.sites.size < MAX_SHAPE_SITES && !model.shapes.sites.has(event.id)) log.events.push(event);
      return;
    case 'shapes': { // one merged event: each kept site's latest stats (they are cumulative)
      const merged = new Map<number, SiteShapes>();
      const previous = lastShapesEvent(log.events);
      for (const stats of previous?.sites ?? []) merged.set(stats.id, stats);
      for (const stats of event.sites) if (model.shapes.sites.has(stats.id)) merged.set(stats.id, stats);
      if (previous) log.events = log.events.filter((e) => e !== previous);
      log.events.push({ ...event, sites: [...merged.values()] });
      return;
    }
    default:
      log.events.push(event);
  }
}

function lastShapesEvent(events: TraceEvent[]): ShapesEvent | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event.type === 'shapes') return event;
  }
  return undefined;
}

/** The run model keeps the training of the first MAX_TRAINED_MODELS models. */
const trainingKept = (model: RunModel, modelId: number): boolean => model.training.has(modelId) || model.training.size < MAX_TRAINED_MODELS;

/** Every k-th batch (memory, step) event; once MAX_CATCH_UP_PER_BATCH are kept, every other one goes and k doubles. */
function keepPerBatch(log: CatchUpLog, event: TraceEvent & { type: PerBatchType }): void {
  const count = log.perBatch[event.type];
  if (count.seen++ % count.stride !== 0) return;
  log.events.push(event);
  if (++count.kept <= MAX_CATCH_UP_PER_BATCH) return;
  let nth = 0;
  log.events = log.events.filter((e) => e.type !== event.type || nth++ % 2 === 0);
  count.kept = Math.ceil(count.kept / 2);
  count.stride *= 2;
}
