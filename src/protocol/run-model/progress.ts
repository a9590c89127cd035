// Where training is now, in the words of a status bar: the model that trained last, its epoch out of
// the fit call's epochs (numbered as the CLI prints them: TF.js's epoch index + 1), the batch within
// the epoch, and the latest loss.
import type { MetricValue } from '../events';
import type { RunModel } from './index';
import { batchesPerEpoch, type TrainedModel } from './training';

export interface TrainingProgress {
  model: string; // the model's own name ("sequential_1")
  fitCall: number;
  epoch: number; // 1-based
  epochs: number; // the fit call's `epochs`
  batch: number | undefined; // 1-based within the epoch; undefined before its first batch
  batches: number | null; // per epoch, when known beforehand
  loss: MetricValue | undefined; // the latest batch's, else the latest epoch's
}

/** The latest training of the run; undefined before any fit call began. */
export function trainingProgress(model: RunModel): TrainingProgress | undefined {
  const latest = latestTrainedModel(model);
  const fit = latest?.fits.at(-1);
  if (!latest || !fit) return undefined;
  const batch = latest.lastBatch?.fitCall === fit.fitCall ? latest.lastBatch : undefined;
  const ended = latest.epochs.at(-1)?.event;
  const endedHere = ended?.fitCall === fit.fitCall ? ended : undefined;
  // After an epoch's end and before the next one's first batch, the epoch shown is the one that ended.
  const epochIndex = Math.max(batch?.epoch ?? fit.initialEpoch ?? 0, endedHere?.epoch ?? -1);
  const inEpoch = batch && batch.epoch === epochIndex ? batch : undefined;
  const lossFromEpoch = endedHere && (!batch || endedHere.time >= batch.time) ? endedHere.logs.loss : undefined;
  return {
    model: fit.model, fitCall: fit.fitCall, epoch: epochIndex + 1, epochs: fit.epochs,
    batch: inEpoch ? inEpoch.batch + 1 : undefined, batches: batchesPerEpoch(fit),
    loss: lossFromEpoch ?? batch?.logs.loss,
  };
}

/** The model that trained last (its latest batch, epoch or fit call); undefined before any fit call began. */
export function latestTrainedModel(model: RunModel): TrainedModel | undefined {
  let latest: TrainedModel | undefined;
  for (const trained of model.training.values()) if (!latest || lastTime(trained) >= lastTime(latest)) latest = trained;
  return latest;
}

const lastTime = (trained: TrainedModel): number => Math.max(trained.lastBatch?.time ?? -1, trained.fits.at(-1)?.time ?? -1, trained.epochs.at(-1)?.event.time ?? -1);
