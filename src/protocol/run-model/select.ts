// Small pure readings of the run model, in the words the views use.
import type { PhaseEvent, SplitLabelsEvent, WeightsEvent, WeightStats } from '../events';
import type { RunOutcome } from '../exit';
import type { CallableModel, RunModel } from './index';
import type { TrainedModel } from './training';

/** The traced callables (those that match the targets), in load order. */
export function tracedCallables(model: RunModel): CallableModel[] {
  return [...model.callables.values()].filter((c) => c.callable.traced);
}

/** Every call the run recorded, those the model keeps and those beyond its bound. */
export const recordedCalls = (model: RunModel): number => model.calls.length + model.droppedCalls;

/** A group of calls in the filter bar: one traced callable site. */
export interface CallableGroup {
  id: string;
  label: string;
  count: number;
}

/** The callables that have recorded calls, in order of their first call; same names get their line. */
export function callGroups(model: RunModel): CallableGroup[] {
  const groups = new Map<string, CallableGroup & { line: number }>();
  for (const call of model.calls) {
    const group = groups.get(call.callableId);
    if (group) group.count++;
    else groups.set(call.callableId, { id: call.callableId, label: call.callable, count: 1, line: call.site.line });
  }
  const names = new Map<string, number>();
  for (const g of groups.values()) names.set(g.label, (names.get(g.label) ?? 0) + 1);
  return [...groups.values()].map(({ id, label, count, line }) => ({ id, label: (names.get(label) ?? 0) > 1 ? `${label}:${line}` : label, count }));
}

/** What labellers said of the items of the split that call `splitSeq` returned (empty: nothing yet). */
export function splitLabelsFor(model: RunModel, splitSeq: number): readonly SplitLabelsEvent[] {
  return model.splitLabels.get(splitSeq) ?? [];
}

/** When training began, if it did. */
export const trainingPhase = (model: RunModel): PhaseEvent | undefined => model.phases.find((p) => p.phase === 'training');

/** How the run ended; 'ended' for one that is over without an exit event (e.g. restored after a reload mid-run). */
export function finalOutcome(model: RunModel): RunOutcome | 'ended' | undefined {
  if (model.status !== 'finished') return undefined;
  return model.outcome ?? 'ended';
}

/** Whether the run would stop by itself at the call limit, so that "keep running" means something. */
export function limitWouldStop(model: RunModel): boolean {
  if (model.keepRunning || model.status === 'finished' || model.status === 'stopping') return false;
  if (model.run && model.run.targets.length === 0) return false;
  return model.limit === undefined;
}

/** The models trained, in the order they began training. */
export const trainedModels = (model: RunModel): TrainedModel[] => [...model.training.values()];

/** Epochs done across the model's fit calls when these weight statistics were taken (undefined past MAX_EPOCHS). */
export function epochsDoneAt(trained: TrainedModel, weights: WeightsEvent): number | undefined {
  for (let i = trained.epochs.length - 1; i >= 0; i--) {
    const { event, epoch } = trained.epochs[i];
    if (event.fitCall === weights.fitCall && event.epoch === weights.epoch) return epoch;
  }
  return undefined;
}

/** A weight's latest statistics, and its first (after the first epoch) when they were taken at an earlier epoch. */
export interface WeightChange { latest: WeightStats; first: WeightStats | undefined }

/** Each weight of the latest statistics, in layer order, beside the same weight's first statistics (matched by name). */
export function weightChanges(trained: TrainedModel): WeightChange[] {
  const { first, last } = trained.weights;
  if (!last) return [];
  const earlier = new Map<string, WeightStats>();
  if (first && first !== last) for (const w of first.weights) if (!earlier.has(w.name)) earlier.set(w.name, w);
  return last.weights.map((latest) => ({ latest, first: earlier.get(latest.name) }));
}

/** Epochs that ended, over every model and fit call of the run (those past MAX_EPOCHS counted too). */
export const epochsTrained = (model: RunModel): number => trainedModels(model).reduce((n, t) => n + t.epochs.length + t.droppedEpochs, 0);
