// The run model: what a run's events add up to, the one picture of a run that the CLI, the extension's
// run session and the panel all read. Built by applying events in trace order (applyEvent's switch
// does not compile when an event type is left unhandled); each type has its retention rule, so that
// memory stays bounded however long the run is while the trace file keeps every event whole.
// Besides events, a run's lifecycle has two inputs from its host: a stop asked for and keep-running.
import type {
  CallableEvent, CallEvent, ExitEvent, HealthEvent, ImagesEvent, LimitEvent, NoticeEvent, PhaseEvent, PipelineEvent, PostmortemEvent, RunEvent, SplitLabelsEvent, TraceEvent, UncaughtEvent,
} from '../events';
import { exitOutcome, type RunOutcome } from '../exit';
import { applyStepEvent, type CustomLoopModel } from './custom-loops';
import { applyShapeSiteEvent, applyShapesEvent, createShapesModel, type ShapesModel } from './shapes';
import { applyBatchEvent, applyEpochEvent, applyMemoryEvent, applyModelEvent, applyWeightsEvent, type TrainedModel } from './training';

export * from './select';
export { trainingProgress, type TrainingProgress } from './progress';
export { MAX_CONTEXT_CALLS, postmortemContext, type PostmortemContext } from './postmortem-context';
export { seriesPoints, type BoundedSeries, type SeriesPoint } from './bounded-series';
export type { TrainedModel } from './training';
export { loopTitle, MAX_CUSTOM_LOOPS, type CustomLoopModel } from './custom-loops';
export { MAX_SHAPE_SITES, type ShapesModel, type ShapeSiteModel } from './shapes';

/** Where a run is: waiting for the runtime, running, asked to stop (by the user or the call limit), over. */
export type RunState = 'starting' | 'running' | 'stopping' | 'finished';

export interface CallableModel {
  callable: CallableEvent;
  calls: CallEvent[]; // recorded calls, in the order they started
}

export interface RunModel {
  status: RunState;
  /** The run goes on past the call limit (it was started so, or told to since). */
  keepRunning: boolean;
  run: RunEvent | undefined;
  callables: Map<string, CallableModel>; // by callable id, in load order
  calls: CallEvent[]; // every recorded call, in seq order (bounded: MAX_MODEL_CALLS)
  droppedCalls: number; // recorded calls beyond MAX_MODEL_CALLS, counted only
  phases: PhaseEvent[]; // the first event of each phase
  limit: LimitEvent | undefined;
  uncaught: UncaughtEvent[];
  notices: NoticeEvent[];
  output: {
    stdoutChars: number;
    stderrChars: number;
    stderrTail: string;
    /** Whether the script wrote to each stream (the panel gets its output events without their text). */
    wrote: { stdout: boolean; stderr: boolean };
  };
  exit: ExitEvent | undefined;
  /**
   * What labellers said of each split's items, by the splitter call's seq: the latest event per labeller,
   * the one updated last at the end. Each update is a new array, so a reader can tell what changed.
   */
  splitLabels: Map<number, SplitLabelsEvent[]>;
  /** What training did, per model trained (by modelId), in the order training began (see training.ts). */
  training: Map<number, TrainedModel>;
  /** What custom loops (trainOnBatch, minimize) did, per loop (by loopId), in the order they first stepped (custom-loops.ts). */
  customLoops: Map<number, CustomLoopModel>;
  /** The pipeline summary: the latest pipeline event (each replaces the one before). */
  pipeline: PipelineEvent | undefined;
  /** Thumbnails of the first batches that looked like images, the first MAX_IMAGE_EVENTS. */
  images: ImagesEvent[];
  /** Health alerts (non-finite loss, the kernel that made it, a likely leak), in trace order: the first MAX_HEALTH. */
  health: HealthEvent[];
  /** The post-mortem of the exception that ended the run: the first, whole (one per run). */
  postmortem: PostmortemEvent | undefined;
  /** Tensor shapes by call site (shapes.ts): the first MAX_SHAPE_SITES sites. */
  shapes: ShapesModel;
  outcome: RunOutcome | undefined;
  eventCount: number;
}

export const MAX_MODEL_CALLS = 10_000;
export const MAX_NOTICES = 200;
export const MAX_UNCAUGHT = 20;
export const MAX_IMAGE_EVENTS = 2;
export const MAX_HEALTH = 200;
const STDERR_TAIL = 4096;

export interface RunModelOptions {
  /** The state it starts in: a run restored or shown from a host starts where the host says it is. */
  status?: RunState;
  keepRunning?: boolean;
}

export function createRunModel(options: RunModelOptions = {}): RunModel {
  return {
    status: options.status ?? 'starting', keepRunning: options.keepRunning ?? false,
    run: undefined, callables: new Map(), calls: [], droppedCalls: 0, phases: [], limit: undefined, uncaught: [], notices: [],
    output: { stdoutChars: 0, stderrChars: 0, stderrTail: '', wrote: { stdout: false, stderr: false } },
    exit: undefined, splitLabels: new Map(), training: new Map(), customLoops: new Map(), pipeline: undefined, images: [], health: [], postmortem: undefined, shapes: createShapesModel(), outcome: undefined, eventCount: 0,
  };
}

export function buildRunModel(events: Iterable<TraceEvent>, options?: RunModelOptions): RunModel {
  const model = createRunModel(options);
  for (const event of events) applyEvent(model, event);
  return model;
}

/** Applies one event to the model (in place) and returns it. */
export function applyEvent(model: RunModel, event: TraceEvent): RunModel {
  model.eventCount++;
  switch (event.type) {
    case 'run': // one per run: kept whole
      model.run = event;
      if (model.status === 'starting') model.status = 'running';
      break;
    case 'callable': // one per callable the user's files define: kept whole, the first for each id
      if (!model.callables.has(event.id)) model.callables.set(event.id, { callable: event, calls: [] });
      break;
    case 'call': // at most maxCalls per callable from the runtime; the first MAX_MODEL_CALLS kept, the rest counted
      addCall(model, event);
      break;
    case 'phase': // the first of each phase
      if (!model.phases.some((p) => p.phase === event.phase)) model.phases.push(event);
      break;
    case 'limit': // one per run: kept whole. The runner stops the child at the limit unless told to keep running.
      model.limit = event;
      if (!model.keepRunning && isLive(model)) model.status = 'stopping';
      break;
    case 'uncaught': // the first MAX_UNCAUGHT
      if (model.uncaught.length < MAX_UNCAUGHT) model.uncaught.push(event);
      break;
    case 'notice': // the first MAX_NOTICES
      if (model.notices.length < MAX_NOTICES) model.notices.push(event);
      break;
    case 'output': // counts, whether each stream was written, and stderr's last STDERR_TAIL characters
      model.output.wrote[event.stream] = true;
      if (event.stream === 'stdout') model.output.stdoutChars += event.text.length;
      else {
        model.output.stderrChars += event.text.length;
        model.output.stderrTail = (model.output.stderrTail + event.text).slice(-STDERR_TAIL);
      }
      break;
    case 'split-labels': { // the latest per split and labeller (bounded by the recorded calls)
      const others = (model.splitLabels.get(event.splitSeq) ?? []).filter((e) => e.callableId !== event.callableId);
      model.splitLabels.set(event.splitSeq, [...others, event]);
      break;
    }
    // Training, for the first MAX_TRAINED_MODELS models (training.ts):
    case 'model': // a fit call's settings and layer table: whole, the first MAX_FIT_CALLS per model
      applyModelEvent(model.training, event);
      break;
    case 'batch': // each log name's values: a bounded downsampled series (bounded-series.ts), the latest batch whole
      applyBatchEvent(model.training, event);
      break;
    case 'memory': // bytes and tensors: bounded downsampled series, the latest reading whole
      applyMemoryEvent(model.training, event);
      break;
    case 'epoch': // every epoch whole, up to MAX_EPOCHS per model
      applyEpochEvent(model.training, event);
      break;
    case 'weights': // the first and the latest statistics, whole
      applyWeightsEvent(model.training, event);
      break;
    case 'step': // a custom loop's values and memory per step: bounded downsampled series, the latest step whole
      applyStepEvent(model.customLoops, event);
      break;
    case 'pipeline': // the latest, whole (its steps and previews are bounded by the runtime)
      model.pipeline = event;
      break;
    case 'images': // the first MAX_IMAGE_EVENTS, whole (each at most 16 thumbnails of 64 px)
      if (model.images.length < MAX_IMAGE_EVENTS) model.images.push(event);
      break;
    case 'health': // few (one of each kind per fit call, model or optimizer): the first MAX_HEALTH, whole
      if (model.health.length < MAX_HEALTH) model.health.push(event);
      break;
    case 'postmortem': // one per run: the first, whole (its frames and scopes are bounded by the runtime)
      model.postmortem ??= event;
      break;
    case 'shape-site': // one per site: the first MAX_SHAPE_SITES, whole
      applyShapeSiteEvent(model.shapes, event);
      break;
    case 'shapes': // cumulative per site: each site's latest stats replace its earlier ones
      applyShapesEvent(model.shapes, event);
      break;
    case 'exit': // one per run, the last word: kept whole
      model.exit = event;
      model.status = 'finished';
      model.outcome = exitOutcome(event, { uncaught: model.uncaught.length > 0 });
      break;
    default: {
      // A new TraceEvent type does not compile until it has its case here, with its retention rule.
      const unhandled: never = event;
      void unhandled;
    }
  }
  return model;
}

export const isLive = (model: RunModel): boolean => model.status !== 'finished';

/**
 * The host says where the run is (a stop asked for, a restored run that is over); false when nothing
 * changed. A finished run stays finished: its exit event is the last word.
 */
export function setRunState(model: RunModel, status: RunState): boolean {
  if (model.status === status || model.status === 'finished') return false;
  model.status = status;
  return true;
}

/** The run goes on past the call limit from now on; false when it already did. */
export function setKeepRunning(model: RunModel, keepRunning: boolean): boolean {
  if (model.keepRunning === keepRunning) return false;
  model.keepRunning = keepRunning;
  return true;
}

function addCall(model: RunModel, call: CallEvent): void {
  if (model.calls.length >= MAX_MODEL_CALLS) {
    model.droppedCalls++;
    return;
  }
  insertBySeq(model.calls, call);
  let entry = model.callables.get(call.callableId);
  if (!entry) {
    // A call whose callable event is missing (a damaged trace): keep it under a stand-in.
    entry = { callable: { type: 'callable', id: call.callableId, name: call.callable, kind: 'declaration', site: call.site, traced: true, time: call.time }, calls: [] };
    model.callables.set(call.callableId, entry);
  }
  insertBySeq(entry.calls, call);
}

/** Calls are written when they end (an inner call before its caller): keep them in start order. */
function insertBySeq(calls: CallEvent[], call: CallEvent): void {
  let i = calls.length;
  while (i > 0 && calls[i - 1].seq > call.seq) i--;
  calls.splice(i, 0, call);
}
