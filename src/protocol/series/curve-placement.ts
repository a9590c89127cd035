// Where a model's training points go on the charts' x axes, from the events a panel got, which may be
// every k-th batch only (what the extension keeps for a panel that opens mid-run, and what a panel saves
// to survive a reload: catch-up.ts). The batch number counts the batches left out, read from each
// event's epoch and batch index; and a fit call that ended partway through an epoch without its epoch's
// end (it threw) leaves the next call's epochs to carry on from where it stopped, not from before it. Pure.
import type { BatchEvent, EpochEvent, ModelEvent } from '../events';
import type { TrainedModel } from '../run-model';
import { batchesPerEpoch } from '../run-model/training';

export interface Placement {
  step: number; // the batch number across the model's fit calls, batches left out counted
  epochShift: number; // added to the run model's epoch
}

/** Batches a panel did not get: every k-th of them was kept, up to the batch `upTo`. */
export interface LeftOutBatches {
  stride: number; // k: the widest gap seen, plus one
  upTo: number; // the batch number of the last event after a gap
  count: number;
}

interface ModelPlacement {
  fitCall: number;
  steps: number;
  epochShift: number;
  furthestEpoch: number;
  last: BatchEvent | undefined; // the model's latest batch event
}

export class CurvePlacement {
  leftOut: LeftOutBatches | undefined;
  private readonly models = new Map<number, ModelPlacement>();

  /** Where a batch event's points go; call once per event, in trace order, after the run model applied it. */
  batch(trained: TrainedModel, event: BatchEvent): Placement {
    const model = this.enter(trained, event);
    const missing = missingBefore(model.last, event, fitOf(trained, event.fitCall));
    model.steps += missing + 1;
    model.last = event;
    if (missing > 0) this.leftOutBefore(model, missing);
    return { step: model.steps, epochShift: model.epochShift };
  }

  /** Where an epoch event's points go. */
  epoch(trained: TrainedModel, event: EpochEvent): Placement {
    const model = this.enter(trained, event);
    const { last } = model;
    const perEpoch = last?.fitCall === event.fitCall && last.epoch === event.epoch ? batchesOf(fitOf(trained, event.fitCall)) : null;
    // The epoch's last batches were left out too, when the events are known to leave some out (in a
    // whole stream, an epoch that ends early was stopped: model.stopTraining).
    if (this.leftOut && last && perEpoch && last.batch < perEpoch - 1) {
      const tail = perEpoch - 1 - last.batch;
      model.steps += tail;
      model.last = { ...last, batch: perEpoch - 1 };
      this.leftOutBefore(model, tail);
    }
    return { step: model.steps, epochShift: model.epochShift };
  }

  /** A point of the model was placed at this epoch (shift included). */
  placed(modelId: number, epoch: number): void {
    const model = this.models.get(modelId);
    if (model) model.furthestEpoch = Math.max(model.furthestEpoch, epoch);
  }

  private leftOutBefore(model: ModelPlacement, missing: number): void {
    const left = (this.leftOut ??= { stride: 1, upTo: 0, count: 0 });
    left.stride = Math.max(left.stride, missing + 1);
    left.upTo = model.steps;
    left.count += missing;
  }

  private enter(trained: TrainedModel, event: BatchEvent | EpochEvent): ModelPlacement {
    let model = this.models.get(trained.modelId);
    if (!model) this.models.set(trained.modelId, (model = { fitCall: event.fitCall, steps: 0, epochShift: 0, furthestEpoch: 0, last: undefined }));
    if (event.fitCall !== model.fitCall) {
      // A new fit call starts at the epochs done before it; one before it that threw inside an epoch got further.
      model.fitCall = event.fitCall;
      model.epochShift = Math.max(0, model.furthestEpoch - trained.epochsBefore);
    }
    return model;
  }
}

const batchesOf = (fit: ModelEvent | undefined): number | null => (fit ? batchesPerEpoch(fit) : null);

function fitOf(trained: TrainedModel, fitCall: number): ModelEvent | undefined {
  for (let i = trained.fits.length - 1; i >= 0; i--) if (trained.fits[i].fitCall === fitCall) return trained.fits[i];
  return undefined;
}

/** Batches between the model's previous batch event and this one that the panel did not get. */
function missingBefore(previous: BatchEvent | undefined, event: BatchEvent, fit: ModelEvent | undefined): number {
  const perEpoch = batchesOf(fit);
  if (!previous || previous.fitCall !== event.fitCall) {
    const epochsIn = event.epoch - (fit?.initialEpoch ?? 0);
    return Math.max(0, (perEpoch ? epochsIn * perEpoch : 0) + event.batch);
  }
  if (event.epoch === previous.epoch) return Math.max(0, event.batch - previous.batch - 1);
  // Without the batches per epoch, only the ones in this epoch before this batch are known to be missing.
  const restOfPrevious = perEpoch ? Math.max(0, perEpoch - 1 - previous.batch) + (event.epoch - previous.epoch - 1) * perEpoch : 0;
  return restOfPrevious + event.batch;
}
