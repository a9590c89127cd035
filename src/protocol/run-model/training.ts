// What the run model holds of training, per model trained (by modelId): each fit call's model event
// (the layer table and settings) and every epoch kept whole, per-batch losses, metrics and memory as
// bounded downsampled series (bounded-series.ts), and the first and latest weight statistics.
import type { BatchEvent, EpochEvent, MemoryEvent, MetricValue, ModelEvent, WeightsEvent } from '../events';
import { addPoint, createSeries, type BoundedSeries, type SeriesPoint } from './bounded-series';

export interface TrainedModel {
  modelId: number;
  /** The model event of each fit call, in order (the layer table is the model's; the settings are the call's). */
  fits: ModelEvent[];
  /** Every epoch's event with where it ended: `step` batches and `epoch` epochs done across the fit calls. */
  epochs: { event: EpochEvent; step: number; epoch: number }[];
  droppedEpochs: number; // epochs beyond MAX_EPOCHS, counted only
  /** Per-batch values by log name ("loss", "acc", …), the first MAX_METRICS names. */
  batchLogs: Map<string, BoundedSeries>;
  lastBatch: BatchEvent | undefined;
  steps: number; // batches ended, across the fit calls
  /** tf.memory() after each batch. */
  memory: { bytes: BoundedSeries; tensors: BoundedSeries; last: MemoryEvent | undefined };
  weights: { first: WeightsEvent | undefined; last: WeightsEvent | undefined };
  /** Epochs done before the current fit call began. */
  epochsBefore: number;
}

export const MAX_TRAINED_MODELS = 20;
export const MAX_FIT_CALLS = 100;
export const MAX_EPOCHS = 10_000;
export const MAX_METRICS = 50;

export function metricNumber(value: MetricValue): number {
  return typeof value === 'number' ? value : value === 'NaN' ? NaN : value === 'Infinity' ? Infinity : -Infinity;
}

type Trained = Map<number, TrainedModel>;

/** The model a training event belongs to, created at its first event (undefined past MAX_TRAINED_MODELS). */
function trainedModel(models: Trained, modelId: number): TrainedModel | undefined {
  let trained = models.get(modelId);
  if (!trained && models.size < MAX_TRAINED_MODELS) {
    trained = {
      modelId, fits: [], epochs: [], droppedEpochs: 0, batchLogs: new Map(), lastBatch: undefined, steps: 0,
      memory: { bytes: createSeries(), tensors: createSeries(), last: undefined }, weights: { first: undefined, last: undefined }, epochsBefore: 0,
    };
    models.set(modelId, trained);
  }
  return trained;
}

/** A fit call begins: the first MAX_FIT_CALLS model events are kept whole. */
export function applyModelEvent(models: Trained, event: ModelEvent): void {
  const trained = trainedModel(models, event.modelId);
  if (!trained) return;
  trained.epochsBefore = trained.epochs.length + trained.droppedEpochs;
  if (trained.fits.length < MAX_FIT_CALLS) trained.fits.push(event);
}

export function applyBatchEvent(models: Trained, event: BatchEvent): void {
  const trained = trainedModel(models, event.modelId);
  if (!trained) return;
  trained.steps++;
  trained.lastBatch = event;
  const point = batchPoint(trained, event);
  for (const [name, value] of Object.entries(event.logs)) {
    let series = trained.batchLogs.get(name);
    if (!series && trained.batchLogs.size < MAX_METRICS) trained.batchLogs.set(name, (series = createSeries()));
    if (series) addPoint(series, { ...point, value: metricNumber(value) });
  }
}

export function applyMemoryEvent(models: Trained, event: MemoryEvent): void {
  const trained = trainedModel(models, event.modelId);
  if (!trained) return;
  trained.memory.last = event;
  const point = batchPoint(trained, event);
  addPoint(trained.memory.bytes, { ...point, value: event.numBytes });
  addPoint(trained.memory.tensors, { ...point, value: event.numTensors });
}

export function applyEpochEvent(models: Trained, event: EpochEvent): void {
  const trained = trainedModel(models, event.modelId);
  if (!trained) return;
  const epoch = trained.epochsBefore + event.epoch - (currentFit(trained, event.fitCall)?.initialEpoch ?? 0) + 1;
  if (trained.epochs.length < MAX_EPOCHS) trained.epochs.push({ event, step: trained.steps, epoch });
  else trained.droppedEpochs++;
}

/** Only the first (where training started from) and the latest weight statistics. */
export function applyWeightsEvent(models: Trained, event: WeightsEvent): void {
  const trained = trainedModel(models, event.modelId);
  if (!trained) return;
  trained.weights.first ??= event;
  trained.weights.last = event;
}

function currentFit(trained: TrainedModel, fitCall: number): ModelEvent | undefined {
  const last = trained.fits.at(-1);
  return last?.fitCall === fitCall ? last : trained.fits.find((f) => f.fitCall === fitCall);
}

/** Where a batch (or the memory reading after it) lies: its step, and epochs done counting this batch. */
function batchPoint(trained: TrainedModel, event: BatchEvent | MemoryEvent): Omit<SeriesPoint, 'value'> {
  const fit = currentFit(trained, event.fitCall);
  const perEpoch = fit ? batchesPerEpoch(fit) : null;
  const within = event.epoch - (fit?.initialEpoch ?? 0);
  const fraction = perEpoch ? Math.min(1, (event.batch + 1) / perEpoch) : 0;
  return { step: trained.steps, epoch: trained.epochsBefore + within + fraction, time: event.time };
}

/** Batches per epoch of a fit call, when it says beforehand (fitDataset's batchesPerEpoch, or samples and batch size). */
export function batchesPerEpoch(fit: ModelEvent): number | null {
  if (fit.steps !== null) return fit.steps;
  return fit.samples !== null && fit.batchSize ? Math.ceil(fit.samples / fit.batchSize) : null;
}
