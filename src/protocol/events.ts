// The events of a trace: one JSON object per line of a .jsonl file (docs/trace-format.md).
// Events from the traced process carry `time` in milliseconds since the runtime started in it;
// events added by the host (output, notice, exit) carry milliseconds since the host spawned it.
import type { NumericStats, Preview } from './preview';

export const TRACE_FORMAT_VERSION = 1;

/** A position in the user's original source: absolute path, 1-based line and column. */
export interface SourceSite {
  file: string;
  line: number;
  column: number;
}

export interface StackFrame {
  function: string | null;
  file: string | null; // absolute path, "node:…" for Node's internals, null when unknown
  line: number | null;
  column: number | null;
  /** True for the user's own code: not Node's internals, not node_modules, not Trainspect. */
  user: boolean;
}

/** How a callable was found in the source. */
export type CallableKind =
  | 'declaration' // function splitter(items) {}
  | 'variable' // const getLabel = (path) => …
  | 'assignment' // exports.splitter = …, obj.splitter = …
  | 'property' // { splitter: randomSplitter(0.2) }
  | 'callback' // ds.map((x) => …), tf.data.generator(function* () {…})
  | 'method'; // class Learner { fit() {} }: "Learner.fit" (static methods, getters and setters too)

/** First event of every trace. Written by the runtime as soon as it loads in the traced process. */
export interface RunEvent {
  type: 'run';
  version: typeof TRACE_FORMAT_VERSION;
  script: string; // absolute path
  args: string[];
  cwd: string;
  node: string | null; // process.version of the traced process; null if it never started
  platform: string;
  pid: number | null;
  startTime: string; // ISO 8601
  targets: string[]; // what was asked to be traced; empty = every callable
  maxCalls: number; // calls recorded per callable
  time: number;
}

/** A callable found while a user file was loaded; `id` is what call events refer to. */
export interface CallableEvent {
  type: 'callable';
  id: string;
  name: string;
  kind: CallableKind;
  site: SourceSite;
  traced: boolean; // whether it matches the targets (always true when targets is empty)
  time: number;
}

/**
 * A parameter the called function declares, read from its source: `items`, `validPct` with its
 * default `0.2`, a rest parameter, or a destructuring pattern as written (`{ file, label }`).
 */
export interface ParamInfo {
  name: string;
  default?: string; // the default value's source text, cut to 80 characters
  rest?: boolean; // `...name`: it receives every argument from here on
}

/**
 * A result that splits the first argument: an array of index arrays into it (a splitter's
 * `[trainIdx, validIdx]`), counted over the whole arrays.
 */
export interface SplitSummary {
  items: number; // the first argument's length
  sizes: number[]; // the length of each part, in order
  overlap: number; // items in more than one part
  missing: number; // items in no part
  outOfRange: number; // indices that are not positions in the first argument
}

/** One recorded call of a traced callable (the first `maxCalls` calls of each). */
export interface CallEvent {
  type: 'call';
  seq: number; // order in which recorded calls started, from 1
  callableId: string;
  callable: string; // name, as in the callable event
  site: SourceSite;
  callNumber: number; // 1 for the first call of this callable
  args: Preview[]; // the first PreviewLimits.maxItems arguments
  argCount?: number; // how many arguments the call received, when more than `args` shows
  /** The parameters the called function declares; absent when its source could not be read (native, bound). */
  params?: ParamInfo[];
  result?: Preview; // the return value, or what the returned promise resolved to
  /** Present when the result is a split of the first argument (see SplitSummary). */
  split?: SplitSummary;
  error?: Preview; // what it threw, or what the returned promise rejected with
  async: boolean; // returned a promise; durationMs then runs until it settled
  /** The process ended (process.exit, a fatal error) before the call returned or settled. */
  unfinished?: boolean;
  durationMs: number;
  stack: StackFrame[]; // the caller's stack, innermost first, the callable itself excluded
  time: number; // when the call started
}

/** Training began: the first fit/fitDataset/trainOnBatch call in the traced process. */
export interface PhaseEvent {
  type: 'phase';
  phase: 'training';
  api: string; // "fit", "fitDataset", "trainOnBatch"
  time: number;
}

/** Every traced callable has been recorded `maxCalls` times (or training began after each was seen). */
export interface LimitEvent {
  type: 'limit';
  reason: 'max-calls' | 'training-started';
  counts: Record<string, number>; // recorded calls per traced callable name
  time: number;
}

/** The process failed with an uncaught exception or an unhandled rejection. */
export interface UncaughtEvent {
  type: 'uncaught';
  origin: 'uncaughtException' | 'unhandledRejection';
  error: Preview;
  time: number;
}

/** Text the script wrote. Bounded by the host: later text is dropped with a notice. */
export interface OutputEvent {
  type: 'output';
  stream: 'stdout' | 'stderr';
  text: string;
  time: number;
}

export type NoticeCode =
  | 'script-not-found'
  | 'spawn-failed'
  | 'no-runtime' // the child exited before Trainspect's runtime reported in
  | 'target-not-found' // no callable by that name was loaded
  | 'target-not-called' // found but never called
  | 'tfjs-missing' // the script needs TensorFlow.js and it is not installed
  | 'output-truncated'
  | 'bad-event' // a line on the event pipe that could not be read
  | 'stopped' // the run was stopped by the user or by the call limit
  | 'transform-failed' // a user file could not be instrumented and ran as is
  | 'trace-write-failed' // the host could not write (the rest of) the trace file
  | 'trace-full' // the trace reached its size limit (trace.maxBytes): later calls were not recorded
  | 'syntax-error'; // the script (or a file it loads) could not be parsed, so it never ran

/** Something Trainspect wants the user to know; never part of the script's own output. */
export interface NoticeEvent {
  type: 'notice';
  level: 'info' | 'warning' | 'error';
  code: NoticeCode;
  message: string;
  time: number;
}

/** Last event of every trace. Written by the host when the process has ended. */
export interface ExitEvent {
  type: 'exit';
  code: number | null;
  signal: string | null;
  stoppedBy: 'user' | 'limit' | null; // null: the script ended by itself
  durationMs: number;
  time: number;
}

/**
 * How many of each label landed in each part of a split: written for a traced callable that was called
 * with the split's items (strings or numbers) and returned labels, every such call counted (not only the
 * recorded ones), when the run stops at its limit or ends. A later event for the same split and
 * callable replaces an earlier one.
 */
export interface SplitLabelsEvent {
  type: 'split-labels';
  splitSeq: number; // the `seq` of the splitter's call whose result is the split
  callableId: string; // the labeller
  callable: string;
  items: number; // distinct items the split's parts hold
  counted: number; // labeller calls counted (an item labelled twice counts twice)
  parts: [label: string | number | boolean, count: number][][]; // per part, the labels by count, most first
  otherLabels?: number; // calls whose label came after the first 100 distinct labels (not told apart)
  time: number;
}

// Training events: written by the training recorder for every fit/fitDataset call of every TF.js
// LayersModel (src/runtime/recorders/training.ts). `modelId` and `fitCall` tie them together.

/** A loss or metric: a number, or the text of one JSON cannot carry. */
export type MetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** A model's layer as the model table shows it. */
export interface LayerRow {
  name: string;
  className: string; // "Dense", "Conv2D", the user's own layer class name
  /** Output shape with null for the batch dimension, a list of them for several outputs; null when not known (a layer called on several inputs of different shapes). */
  outputShape: (number | null)[] | (number | null)[][] | null;
  params: number | null; // weights' element count; null when the layer could not say
  trainable: boolean;
}

/** A fit/fitDataset call begins (its callbacks' onTrainBegin): the model table and the call's settings. */
export interface ModelEvent {
  type: 'model';
  modelId: number; // 1 for the first model trained in the process, 2 for the next, …
  model: string; // the model's own name (model.name), e.g. "sequential_1"
  fitCall: number; // 1 for this model's first fit/fitDataset call
  api: 'fit' | 'fitDataset';
  epochs: number; // the epoch index training stops before (fit's `epochs`)
  initialEpoch: number | null; // fit's initialEpoch (0 by default); null for fitDataset (TF.js does not tell it beforehand)
  batchSize: number | null; // fit's batch size; null for fitDataset (the dataset makes the batches)
  samples: number | null; // training samples (fit); null for fitDataset
  steps: number | null; // batches per epoch when known beforehand (fitDataset's batchesPerEpoch)
  metrics: string[]; // the names the logs carry: "loss", "acc", "val_loss", …
  layers: LayerRow[];
  totalParams: number;
  trainableParams: number;
  time: number;
}

/** One batch ended (after the batch's callbacks, the user's included): its logs. */
export interface BatchEvent {
  type: 'batch';
  modelId: number;
  fitCall: number;
  epoch: number; // TF.js's epoch index, from 0 (as in History.epoch)
  batch: number; // index within the epoch, from 0
  size: number | null; // samples in the batch
  logs: Record<string, MetricValue>; // "loss", "acc", …: the batch's values, as the model's callbacks get them
  durationMs: number; // from the batch's onBatchBegin to the end of its onBatchEnd callbacks
  time: number;
}

/** One epoch ended (after its callbacks): its logs, validation included. */
export interface EpochEvent {
  type: 'epoch';
  modelId: number;
  fitCall: number;
  epoch: number;
  logs: Record<string, MetricValue>; // "loss", "acc", "val_loss", "val_acc", …: what History records
  durationMs: number; // from the epoch's onEpochBegin to the end of its onEpochEnd callbacks
  time: number;
}

/** Statistics of one weight's values; min, max, mean and std are over its finite values (null when it has none). */
export interface WeightStats {
  layer: string;
  name: string; // the weight's name, e.g. "dense_Dense1/kernel"
  shape: number[];
  dtype: string;
  trainable: boolean;
  size: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null; // population standard deviation
  zeros: number;
  nan: number;
  inf: number; // +Infinity and -Infinity
}

/** After each epoch's `epoch` event: statistics of every weight of every layer of the model. */
export interface WeightsEvent {
  type: 'weights';
  modelId: number;
  fitCall: number;
  epoch: number;
  weights: WeightStats[];
  durationMs: number; // time the statistics took (each weight read once)
  time: number;
}

/** The TF.js engine's memory at the end of a batch (tf.memory()). */
export interface MemoryEvent {
  type: 'memory';
  modelId: number;
  fitCall: number;
  epoch: number;
  batch: number;
  numTensors: number;
  numDataBuffers: number;
  numBytes: number;
  time: number;
}

// Pipeline events: written by the pipeline recorder (src/runtime/recorders/pipeline.ts), fastai's
// DataBlock.summary and show_batch for a TF.js script.

/** How a step is tied to the item followed through the pipeline. */
export type PipelineLink =
  | 'source' // returned the list the item is an element of (get items)
  | 'all-items' // took that whole list (a splitter)
  | 'item' // took the item, or an object or array holding it (a labeller, a dataset map)
  | 'previous' // took what an earlier step returned (a transform after a decode)
  | 'other-item' // took another element of the list: the callable was not recorded with the followed item
  | 'failed'; // threw, and is tied to no step above

/** One step of the pipeline summary: a recorded call of a user callable. */
export interface PipelineStep {
  seq: number; // the call's seq (its `call` event)
  callableId: string;
  callable: string;
  site: SourceSite;
  callNumber: number;
  link: PipelineLink;
  arg: number | null; // the argument that carried the item (or the earlier step's result); null for a source
  param?: string; // the parameter that received that argument, from the callee's source
  input: Preview | null; // that argument's preview
  output?: Preview; // what the call returned
  error?: Preview; // what it threw
}

/** A tensor of the batch that reaches the model, read in place; min and max over its finite values. */
export interface BatchTensor {
  name?: string; // its key when x or y is an object of named tensors, its index in an array of them
  shape: number[];
  dtype: string;
  backend: string | null; // "cpu", "wasm", …
  /** null where the values were not read: another backend (webgl, tfjs-node), over 16M elements, or none finite. */
  min: number | null;
  max: number | null;
  nan: number; // NaN and ±Infinity among the values read
}

/** The first batch that reached a model: fit's x and y as passed, fitDataset's first element, trainOnBatch's x and y. */
export interface PipelineBatch {
  api: 'fit' | 'fitDataset' | 'trainOnBatch';
  x: BatchTensor[];
  y: BatchTensor[];
  batchSize: number | null; // fit's batchSize (32 when not given); null for fitDataset and trainOnBatch
}

/**
 * The pipeline summary: the steps one item went through, in call order, the first batch that reached a
 * model, and the step that threw, if one did. Written at the first fit/fitDataset/trainOnBatch call, again
 * when fitDataset's first batch has been read or when a step throws, and at exit if none was written; a
 * later event replaces an earlier one.
 */
export interface PipelineEvent {
  type: 'pipeline';
  item: Preview | null; // the item followed
  itemIndex: number | null; // its position in the list a source step returned
  steps: PipelineStep[];
  failedStep: number | null; // index in `steps` of the step that threw
  /** What rejected the fitDataset call's first batch (a dataset map that threw), when it did. */
  batchError?: Preview;
  batch: PipelineBatch | null; // null: no batch has reached a model (yet)
  time: number;
}

/** One thumbnail of an image of a batch, with its label. */
export interface ImageThumb {
  label: number | null; // argmax of a one-hot y row, the value of a [n] or [n, 1] y, null when y is not read
  data: string; // base64 of width × height × channels uint8 values, row-major
}

/**
 * The first images of one of the first two batches whose x looks like images ([n, h, w, c] with c = 1
 * or 3, or [n, h, w]): at most 16 thumbnails of at most 64 px on the long side (196,608 bytes of pixels).
 */
export interface ImagesEvent {
  type: 'images';
  api: 'fit' | 'fitDataset' | 'trainOnBatch';
  batch: number; // 0 for the first batch, 1 for the second (fit: 0, the first samples of x as passed)
  shape: number[]; // x's shape
  width: number; // the thumbnails' size
  height: number;
  channels: 1 | 3;
  /** How values became 0–255: ×255 for values in [0, 1], as they are in [0, 255], else [min, max] stretched. */
  scale: { kind: 'unit' | 'byte' | 'range'; min: number; max: number };
  images: ImageThumb[];
  time: number;
}

export type TrainingEvent = ModelEvent | BatchEvent | EpochEvent | WeightsEvent | MemoryEvent;

// Custom training loops: written by the health recorder (src/runtime/recorders/health.ts, through
// custom-loops.ts) for model.trainOnBatch and optimizer.minimize called outside fit/fitDataset. A loop
// is a model's trainOnBatch calls, or an optimizer's minimize calls; `loopId` numbers them in the order
// they first step (1, 2, …), as the health alerts' `loopId` does.

/** A custom loop's kind. */
export type CustomLoop = 'trainOnBatch' | 'minimize';

/** One call of a custom loop ended: the values it returned and tf.memory() after it. */
export interface StepEvent {
  type: 'step';
  loop: CustomLoop;
  loopId: number;
  model: string | null; // model.name (trainOnBatch); null for minimize
  optimizer: string | null; // the optimizer's class name ("Adam", "SGD") for minimize; null for trainOnBatch
  step: number; // the call's index in its loop, from 0 (the health alerts' `batch`)
  /** trainOnBatch: its losses and metrics by the model's metricsNames; minimize: the cost as "loss" when it returned it (else {}). */
  logs: Record<string, MetricValue>;
  numTensors: number; // tf.memory() when the call returned (trainOnBatch: when its promise resolved)
  numBytes: number;
  time: number;
}

// Health alerts: written by the health recorder (src/runtime/recorders/health.ts) for fit/fitDataset
// calls and for custom loops (trainOnBatch, optimizer.minimize). They are few: at most one of each
// kind per fit call, model or optimizer.

/** Which training loop an alert is about, and where in it. */
export interface HealthWhere {
  loop: 'fit' | 'fitDataset' | 'trainOnBatch' | 'minimize';
  modelId: number | null; // the training events' modelId (fit/fitDataset); null for custom loops
  model: string | null; // model.name; null for minimize (no model is known)
  fitCall: number | null; // fit/fitDataset only
  epoch: number | null; // fit/fitDataset only
  batch: number; // index within the epoch (fit), or the call's index from 0 (trainOnBatch per model, minimize per optimizer)
  loopId?: number; // custom loops only: the loop's `loopId`, as its `step` events have it
}

/** The first batch of a fit call (or call of a custom loop) whose loss is NaN or ±Infinity. */
export interface NonFiniteLossAlert extends HealthWhere {
  type: 'health';
  kind: 'non-finite-loss';
  metric: string; // "loss", "val_loss", …
  value: 'NaN' | 'Infinity' | '-Infinity';
  kernelCheck: boolean; // whether the next batch's kernels are checked (a `non-finite-kernel` alert follows)
  time: number;
}

/** A tensor a kernel took or made, as the kernel check saw it. */
export interface KernelTensor {
  name: string; // the kernel's input name ("x", "a", "b"; "0", "1" for a custom gradient's), or the output's index
  shape: number[];
  dtype: string;
  nonFinite: number; // values that are NaN or ±Infinity (0 when not read: int32, bool, string)
  variable?: string; // the tf.Variable's name when the input is one (a weight)
}

/** The first kernel of the checked batch whose output held a non-finite value. */
export interface KernelFinding {
  kernel: string; // the kernel's name ("Log", "MatMul"), or the scope's of a custom-gradient op
  /** 'kernel': its inputs were all finite, so this kernel made the first non-finite value; 'input': an input already was (a weight, the data). */
  origin: 'kernel' | 'input';
  backward: boolean; // run while computing gradients
  gradientOf: string | null; // in the backward pass, the forward kernel whose gradient ran it, when its stack tells
  inputs: KernelTensor[];
  outputs: KernelTensor[];
  /**
   * The user's line that led there: for a backward kernel, the first user frame of its forward kernel's
   * stack ('forward-kernel'); else the first user frame of its own ('kernel-stack'); else the user's
   * fit/fitDataset/trainOnBatch call ('training-call': fit's kernels run from TF.js's frames after its
   * first await); null when none is known.
   */
  site: SourceSite | null;
  siteFrom: 'forward-kernel' | 'kernel-stack' | 'training-call' | null;
  stack: StackFrame[]; // the kernel's stack, innermost first, at most 12 frames
}

/** After a non-finite loss: what checking every kernel's output for one batch found. */
export interface NonFiniteKernelAlert extends HealthWhere {
  type: 'health';
  kind: 'non-finite-kernel';
  lossBatch: number; // the batch whose loss was non-finite (the where fields are the checked batch's)
  finding: KernelFinding | null; // null: no kernel output of the checked batch was non-finite
  kernelsChecked: number;
  checkMs: number; // what the check added to the batch
  time: number;
}

/** tf.memory() climbed at nearly every batch: tensors are likely kept that should be disposed. */
export interface LeakAlert extends HealthWhere {
  type: 'health';
  kind: 'leak';
  tensorsPerBatch: number; // growth per batch, a robust (Theil–Sen) fit over the window
  bytesPerBatch: number;
  overBatches: number; // batches in the window
  rising: number; // of those, batches after which the tensor count (or bytes) rose
  numTensors: number; // tf.memory() at the alert's batch
  numBytes: number;
  time: number;
}

export type HealthEvent = NonFiniteLossAlert | NonFiniteKernelAlert | LeakAlert;

// The post-mortem: written by the post-mortem recorder (src/runtime/recorders/postmortem.ts) once per
// run, when the run ends in an exception (or a call of process.exit with a non-zero code): what each
// frame of the failing stack held when the error was thrown, read without running any user code.

/** A variable of a post-mortem frame's scope, as a preview (tensors as TensorPreview). */
export interface ScopeVariable {
  name: string;
  value: Preview;
}

export type ScopeKind = 'local' | 'block' | 'catch' | 'closure' | 'module' | 'script' | 'with' | 'eval' | 'global';

/** One scope of a frame, innermost first: a function's locals, a block, a closure, an ES module's scope. */
export interface FrameScope {
  kind: ScopeKind;
  name: string | null; // the closure's function name, when V8 gives one
  variables: ScopeVariable[]; // at most maxProperties
  omitted: number; // variables left out past maxProperties
}

/** A frame of the failing stack, innermost first. */
export interface PostmortemFrame extends StackFrame {
  /** An async caller that awaited the failing call (after V8's `await` marker), not a frame on the stack. */
  async: boolean;
  /** The frame's scopes; null when not read (a library frame, an async caller, past maxFrames). */
  scopes: FrameScope[] | null;
}

/** A tensor an operation took, as the runtime saw it when the kernel was called. */
export interface TensorOperand {
  name: string; // the kernel's input name ("a", "b", "x"), or the argument's index
  shape: number[];
  dtype: string;
}

/** A TF.js shape or dtype error explained in one sentence, from the operands recorded as it was thrown. */
export interface ErrorCause {
  operation: string; // the kernel or layer ("MatMul", "dense_Dense1", "Concat")
  sentence: string; // "matMul at train.js:12 got a [32,784] and a [10,128] float32: inner dimensions 784 and 10 differ"
  operands: TensorOperand[];
  site: SourceSite | null; // the user's line that called it
}

export interface PostmortemEvent {
  type: 'postmortem';
  /** How the run ended: an uncaught exception, an unhandled rejection, or process.exit(code ≠ 0) (frames: the exit call's). */
  origin: 'uncaughtException' | 'unhandledRejection' | 'exit';
  error: Preview; // the thrown value (any value, not only an Error); for 'exit', the exit code
  frames: PostmortemFrame[]; // innermost first, at most maxFrames with scopes
  framesOmitted: number;
  cause: ErrorCause | null;
  /** 'complete'; 'partial': some scopes could not be read; 'none': no snapshot (see note). */
  snapshot: 'complete' | 'partial' | 'none';
  note: string | null; // why partial or none: "a debugger is attached", "the snapshot timed out after 2000 ms", …
  snapshotMs: number; // from the pause at the throw to the snapshot's end
  time: number;
}

// Tensor shapes per source site: written by the shape recorder (src/runtime/recorders/shapes.ts) for the
// tensor-producing calls of the user's files (column-precise call sites, found by the transform, or for
// plain JavaScript's TF.js ops by default from TF.js's engine).

export type ShapeSiteKind =
  | 'op' // tf.relu(x), x.matMul(w): a call that returns a tensor
  | 'layer' // tf.layers.dense({…}): a layer constructor
  | 'apply'; // layer.apply(x), model.predict(x)

/** A call site that produced a tensor, the first time it ran; `id` is what `shapes` events refer to. */
export interface ShapeSiteEvent {
  type: 'shape-site';
  id: number;
  site: SourceSite; // the callee's position: for a.b.c(…) the column of `c`
  callee: string; // the callee as written: "tf.relu", "x.matMul", "tf.layers.dense"
  kind: ShapeSiteKind;
  time: number;
}

/** How often one site produced a tensor of this shape and dtype. */
export interface ShapeSample {
  shape: number[];
  dtype: string;
  count: number;
}

/** What one site produced so far (cumulative: a later `shapes` event replaces the site's earlier stats). */
export interface SiteShapes {
  id: number;
  calls: number; // times it ran
  shapes: ShapeSample[]; // distinct shape and dtype, in order of first appearance, at most MAX_SHAPES_PER_SITE
  otherShapes: number; // runs whose shape was not among those
  /** Statistics of the last sampled result (the first K runs are sampled), when its values could be read. */
  stats: NumericStats | null;
  /** A layer site: the layer's name, class, shapes (null for the batch dimension) and parameter count once built. */
  layer: { name: string; className: string; inputShape: (number | null)[] | null; outputShape: (number | null)[] | null; params: number | null } | null;
}

/** Shapes recorded since the last `shapes` event, for the sites that ran: at the end of each epoch, and at exit. */
export interface ShapesEvent {
  type: 'shapes';
  sites: SiteShapes[];
  time: number;
}

export type TraceEvent =
  | RunEvent | CallableEvent | CallEvent | PhaseEvent | LimitEvent
  | UncaughtEvent | OutputEvent | NoticeEvent | ExitEvent | SplitLabelsEvent | TrainingEvent | StepEvent | PipelineEvent | ImagesEvent | HealthEvent
  | PostmortemEvent | ShapeSiteEvent | ShapesEvent;

export type TraceEventType = TraceEvent['type'];
