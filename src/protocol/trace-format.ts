// Reading and writing the JSON Lines trace format: one event per line, first a `run` event.
import { TRACE_FORMAT_VERSION, type TraceEvent, type TraceEventType } from './events';
import { isNumericStats, isPreview } from './preview';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number';
const isStr = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const orNull = (check: (v: unknown) => boolean) => (v: unknown): boolean => v === null || check(v);
const isArrayOf = (v: unknown, check: (item: unknown) => boolean): boolean => Array.isArray(v) && v.every(check);
const isSite = (v: unknown): boolean => isObject(v) && isStr(v.file) && isNum(v.line) && isNum(v.column);
const isFrame = (v: unknown): boolean =>
  isObject(v) && orNull(isStr)(v.function) && orNull(isStr)(v.file) && orNull(isNum)(v.line) && orNull(isNum)(v.column) && isBool(v.user);
const isParam = (v: unknown): boolean =>
  isObject(v) && isStr(v.name) && (v.default === undefined || isStr(v.default)) && (v.rest === undefined || isBool(v.rest));
const isCount = (v: unknown): boolean => isNum(v) && Number.isInteger(v) && v >= 0;
const isSplit = (v: unknown): boolean =>
  isObject(v) && isCount(v.items) && isArrayOf(v.sizes, isCount) && isCount(v.overlap) && isCount(v.missing) && isCount(v.outOfRange);
const isLabelCount = (v: unknown): boolean =>
  Array.isArray(v) && v.length === 2 && (isStr(v[0]) || isNum(v[0]) || isBool(v[0])) && isCount(v[1]);
const optionalPreview = (v: unknown): boolean => v === undefined || isPreview(v);
const isMetric = (v: unknown): boolean => isNum(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
const isLogs = (v: unknown): boolean => isObject(v) && Object.values(v).every(isMetric);
const isDim = (v: unknown): boolean => v === null || isCount(v);
const isShape = (v: unknown): boolean => isArrayOf(v, isDim);
const isLayerRow = (v: unknown): boolean => isObject(v) && isStr(v.name) && isStr(v.className)
  && (v.outputShape === null || isShape(v.outputShape) || isArrayOf(v.outputShape, isShape)) && orNull(isCount)(v.params) && isBool(v.trainable);
const isWeightStats = (v: unknown): boolean => isObject(v) && isStr(v.layer) && isStr(v.name) && isArrayOf(v.shape, isCount) && isStr(v.dtype)
  && isBool(v.trainable) && isCount(v.size) && orNull(isNum)(v.min) && orNull(isNum)(v.max) && orNull(isNum)(v.mean) && orNull(isNum)(v.std)
  && isCount(v.zeros) && isCount(v.nan) && isCount(v.inf);
const isLoop = (v: unknown): boolean => v === 'fit' || v === 'fitDataset' || v === 'trainOnBatch' || v === 'minimize';
/** The fields every health alert has: which loop, where in it. */
const isHealthWhere = (e: Record<string, unknown>): boolean => isLoop(e.loop) && orNull(isCount)(e.modelId) && orNull(isStr)(e.model)
  && orNull(isCount)(e.fitCall) && orNull(isCount)(e.epoch) && isCount(e.batch) && (e.loopId === undefined || isCount(e.loopId));
const isKernelTensor = (v: unknown): boolean => isObject(v) && isStr(v.name) && isArrayOf(v.shape, isCount) && isStr(v.dtype) && isCount(v.nonFinite)
  && (v.variable === undefined || isStr(v.variable));
const isKernelFinding = (v: unknown): boolean => isObject(v) && isStr(v.kernel) && (v.origin === 'kernel' || v.origin === 'input') && isBool(v.backward)
  && orNull(isStr)(v.gradientOf) && isArrayOf(v.inputs, isKernelTensor) && isArrayOf(v.outputs, isKernelTensor) && orNull(isSite)(v.site)
  && (v.siteFrom === null || v.siteFrom === 'forward-kernel' || v.siteFrom === 'kernel-stack' || v.siteFrom === 'training-call') && isArrayOf(v.stack, isFrame);
const healthValidators: Record<string, (e: Record<string, unknown>) => boolean> = {
  'non-finite-loss': (e) => isStr(e.metric) && (e.value === 'NaN' || e.value === 'Infinity' || e.value === '-Infinity') && isBool(e.kernelCheck),
  'non-finite-kernel': (e) => isCount(e.lossBatch) && (e.finding === null || isKernelFinding(e.finding)) && isCount(e.kernelsChecked) && isNum(e.checkMs),
  leak: (e) => isNum(e.tensorsPerBatch) && isNum(e.bytesPerBatch) && isCount(e.overBatches) && isCount(e.rising) && isCount(e.numTensors) && isCount(e.numBytes),
};
/** The fields every training event has: which model, which of its fit calls. */
const isTrainingCall = (e: Record<string, unknown>): boolean => isCount(e.modelId) && isCount(e.fitCall);

const PIPELINE_LINKS = ['source', 'all-items', 'item', 'previous', 'other-item', 'failed'];
const isTrainApi = (v: unknown): boolean => v === 'fit' || v === 'fitDataset' || v === 'trainOnBatch';
const isPipelineStep = (v: unknown): boolean => isObject(v) && isCount(v.seq) && isStr(v.callableId) && isStr(v.callable) && isSite(v.site)
  && isCount(v.callNumber) && PIPELINE_LINKS.includes(v.link as string) && orNull(isCount)(v.arg) && (v.param === undefined || isStr(v.param)) && (v.input === null || isPreview(v.input))
  && optionalPreview(v.output) && optionalPreview(v.error);
const isBatchTensor = (v: unknown): boolean => isObject(v) && (v.name === undefined || isStr(v.name)) && isArrayOf(v.shape, isCount) && isStr(v.dtype)
  && orNull(isStr)(v.backend) && orNull(isNum)(v.min) && orNull(isNum)(v.max) && isCount(v.nan);
const isPipelineBatch = (v: unknown): boolean => isObject(v) && isTrainApi(v.api) && isArrayOf(v.x, isBatchTensor) && isArrayOf(v.y, isBatchTensor)
  && orNull(isCount)(v.batchSize);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** An images event's thumbnails: each exactly width × height × channels bytes of base64. */
const isThumbs = (e: Record<string, unknown>): boolean => {
  if (!isCount(e.width) || !isCount(e.height) || (e.channels !== 1 && e.channels !== 3)) return false;
  const bytes = (e.width as number) * (e.height as number) * (e.channels as number);
  return isArrayOf(e.images, (t) => isObject(t) && orNull(isNum)(t.label) && isStr(t.data) && t.data.length === 4 * Math.ceil(bytes / 3) && BASE64.test(t.data));
};

const SCOPE_KINDS = ['local', 'block', 'catch', 'closure', 'module', 'script', 'with', 'eval', 'global'];
const isScope = (v: unknown): boolean => isObject(v) && SCOPE_KINDS.includes(v.kind as string) && orNull(isStr)(v.name)
  && isArrayOf(v.variables, (x) => isObject(x) && isStr(x.name) && isPreview(x.value)) && isCount(v.omitted);
const isPostmortemFrame = (v: unknown): boolean => isFrame(v) && isBool((v as Record<string, unknown>).async)
  && ((v as Record<string, unknown>).scopes === null || isArrayOf((v as Record<string, unknown>).scopes, isScope));
const isOperand = (v: unknown): boolean => isObject(v) && isStr(v.name) && isArrayOf(v.shape, isCount) && isStr(v.dtype);
const isCause = (v: unknown): boolean => isObject(v) && isStr(v.operation) && isStr(v.sentence) && isArrayOf(v.operands, isOperand) && orNull(isSite)(v.site);
const isLayerShapes = (v: unknown): boolean => isObject(v) && isStr(v.name) && isStr(v.className) && orNull(isShape)(v.inputShape)
  && orNull(isShape)(v.outputShape) && orNull(isCount)(v.params);
const isSiteShapes = (v: unknown): boolean => isObject(v) && isCount(v.id) && isCount(v.calls)
  && isArrayOf(v.shapes, (s) => isObject(s) && isArrayOf(s.shape, isCount) && isStr(s.dtype) && isCount(s.count)) && isCount(v.otherShapes)
  && (v.stats === null || isNumericStats(v.stats)) && (v.layer === null || isLayerShapes(v.layer));

/**
 * The fields each event type must have, checked before an event is trusted: everything a reader
 * (the CLI, the panel) uses without checking again, previews and stack frames included.
 */
const validators: Record<TraceEventType, (e: Record<string, unknown>) => boolean> = {
  run: (e) => isNum(e.version) && isStr(e.script) && isArrayOf(e.args, isStr) && isStr(e.cwd) && orNull(isStr)(e.node)
    && orNull(isNum)(e.pid) && isStr(e.startTime) && isArrayOf(e.targets, isStr) && isNum(e.maxCalls),
  callable: (e) => isStr(e.id) && isStr(e.name) && isStr(e.kind) && isSite(e.site) && isBool(e.traced),
  call: (e) => isNum(e.seq) && isStr(e.callableId) && isStr(e.callable) && isSite(e.site) && isNum(e.callNumber)
    && isArrayOf(e.args, isPreview) && (e.argCount === undefined || isNum(e.argCount)) && (e.params === undefined || isArrayOf(e.params, isParam)) && optionalPreview(e.result) && (e.split === undefined || isSplit(e.split)) && optionalPreview(e.error) && isBool(e.async)
    && isNum(e.durationMs) && isArrayOf(e.stack, isFrame),
  phase: (e) => isStr(e.phase) && isStr(e.api),
  limit: (e) => isStr(e.reason) && isObject(e.counts) && Object.values(e.counts).every(isNum),
  uncaught: (e) => isStr(e.origin) && isPreview(e.error),
  output: (e) => (e.stream === 'stdout' || e.stream === 'stderr') && isStr(e.text),
  notice: (e) => (e.level === 'info' || e.level === 'warning' || e.level === 'error') && isStr(e.code) && isStr(e.message),
  'split-labels': (e) => isCount(e.splitSeq) && isStr(e.callableId) && isStr(e.callable) && isCount(e.items) && isCount(e.counted)
    && isArrayOf(e.parts, (part) => isArrayOf(part, isLabelCount)) && (e.otherLabels === undefined || isCount(e.otherLabels)),
  model: (e) => isTrainingCall(e) && isStr(e.model) && (e.api === 'fit' || e.api === 'fitDataset') && isCount(e.epochs) && orNull(isCount)(e.initialEpoch)
    && orNull(isCount)(e.batchSize) && orNull(isCount)(e.samples) && orNull(isCount)(e.steps) && isArrayOf(e.metrics, isStr)
    && isArrayOf(e.layers, isLayerRow) && isCount(e.totalParams) && isCount(e.trainableParams),
  batch: (e) => isTrainingCall(e) && isCount(e.epoch) && isCount(e.batch) && orNull(isCount)(e.size) && isLogs(e.logs) && isNum(e.durationMs),
  epoch: (e) => isTrainingCall(e) && isCount(e.epoch) && isLogs(e.logs) && isNum(e.durationMs),
  weights: (e) => isTrainingCall(e) && isCount(e.epoch) && isArrayOf(e.weights, isWeightStats) && isNum(e.durationMs),
  memory: (e) => isTrainingCall(e) && isCount(e.epoch) && isCount(e.batch) && isCount(e.numTensors) && isCount(e.numDataBuffers) && isCount(e.numBytes),
  step: (e) => (e.loop === 'trainOnBatch' || e.loop === 'minimize') && isCount(e.loopId) && orNull(isStr)(e.model) && orNull(isStr)(e.optimizer)
    && isCount(e.step) && isLogs(e.logs) && isCount(e.numTensors) && isCount(e.numBytes),
  pipeline: (e) => (e.item === null || isPreview(e.item)) && orNull(isCount)(e.itemIndex) && isArrayOf(e.steps, isPipelineStep)
    && orNull(isCount)(e.failedStep) && (e.failedStep === null || (e.failedStep as number) < (e.steps as unknown[]).length)
    && optionalPreview(e.batchError) && (e.batch === null || isPipelineBatch(e.batch)),
  images: (e) => isTrainApi(e.api) && isCount(e.batch) && isArrayOf(e.shape, isCount) && isObject(e.scale)
    && ['unit', 'byte', 'range'].includes(e.scale.kind as string) && isNum(e.scale.min) && isNum(e.scale.max) && isThumbs(e),
  health: (e) => isHealthWhere(e) && isStr(e.kind) && Object.hasOwn(healthValidators, e.kind) && healthValidators[e.kind](e),
  postmortem: (e) => ['uncaughtException', 'unhandledRejection', 'exit'].includes(e.origin as string) && isPreview(e.error)
    && isArrayOf(e.frames, isPostmortemFrame) && isCount(e.framesOmitted) && (e.cause === null || isCause(e.cause))
    && ['complete', 'partial', 'none'].includes(e.snapshot as string) && orNull(isStr)(e.note) && isNum(e.snapshotMs),
  'shape-site': (e) => isCount(e.id) && isSite(e.site) && isStr(e.callee) && ['op', 'layer', 'apply'].includes(e.kind as string),
  shapes: (e) => isArrayOf(e.sites, isSiteShapes),
  exit: (e) => orNull(isNum)(e.code) && orNull(isStr)(e.signal) && (e.stoppedBy === null || e.stoppedBy === 'user' || e.stoppedBy === 'limit')
    && isNum(e.durationMs),
};

export function isTraceEvent(value: unknown): value is TraceEvent {
  if (!isObject(value) || !isStr(value.type) || !isNum(value.time)) return false;
  const validate = validators[value.type as TraceEventType];
  return validate !== undefined && validate(value);
}

/** One line of the file, newline included. */
export function encodeEvent(event: TraceEvent): string {
  return `${JSON.stringify(event)}\n`;
}

export class TraceFormatError extends Error {
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'TraceFormatError';
  }
}

/** Parses one line; throws TraceFormatError with the line number when it is not a valid event. */
export function decodeEvent(line: string, lineNumber = 1): TraceEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new TraceFormatError(`not JSON (${(error as Error).message})`, lineNumber);
  }
  if (!isTraceEvent(value)) throw new TraceFormatError('not a Trainspect event', lineNumber);
  return value;
}

/**
 * One line of a trace, read in order (`first`: no event has been read before it): the event, or
 * undefined for a blank line or an event type this version does not know (a newer writer's, skipped so
 * that a reader of version 1 can read a later file). Throws TraceFormatError when the line is not an
 * event, when the first event is not a `run` event, or when its major `version` is newer.
 */
export function decodeTraceLine(text: string, lineNumber: number, first: boolean): TraceEvent | undefined {
  const line = text.trim();
  if (!line) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new TraceFormatError(`not JSON (${(error as Error).message})`, lineNumber);
  }
  if (isObject(value) && isStr(value.type) && !(value.type in validators)) return undefined;
  const event = decodeEvent(line, lineNumber);
  if (first && event.type !== 'run') throw new TraceFormatError('a trace must begin with a "run" event', lineNumber);
  if (event.type === 'run' && event.version > TRACE_FORMAT_VERSION) {
    throw new TraceFormatError(`trace format version ${event.version} is newer than this Trainspect reads (${TRACE_FORMAT_VERSION})`, lineNumber);
  }
  return event;
}

/** Parses a whole trace held in memory (see decodeTraceLine); an empty one is an error. */
export function parseTrace(text: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const event = decodeTraceLine(lines[i], i + 1, events.length === 0);
    if (event) events.push(event);
  }
  if (events.length === 0) throw new TraceFormatError('the trace is empty', 1);
  return events;
}
