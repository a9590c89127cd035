// What was going on when the run failed, for the post-mortem: where training was and its latest losses
// and metrics, the last recorded calls of the traced callables, and tensor memory. One selection for the
// panel's Post-mortem view and the CLI's post-mortem lines.
import type { CallEvent, MemoryEvent, MetricValue } from '../events';
import type { RunModel } from './index';
import { latestTrainedModel, trainingProgress, type TrainingProgress } from './progress';

/** Recorded calls the context shows, the latest last. */
export const MAX_CONTEXT_CALLS = 3;

export interface PostmortemContext {
  /** Where training was (the model that trained last), undefined when no fit call began. */
  training: TrainingProgress | undefined;
  /** The latest logs of that fit call: its latest batch's, else its latest epoch's, in the order TF.js gave them. */
  logs: [name: string, value: MetricValue][];
  /** The last MAX_CONTEXT_CALLS recorded calls, in the order they started. */
  calls: CallEvent[];
  /** tf.memory() after the latest batch of the model that trained last. */
  memory: MemoryEvent | undefined;
}

export function postmortemContext(model: RunModel): PostmortemContext {
  const training = trainingProgress(model);
  const trained = latestTrainedModel(model);
  const fitCall = trained?.fits.at(-1)?.fitCall;
  const batch = trained?.lastBatch?.fitCall === fitCall ? trained?.lastBatch : undefined;
  const epoch = trained?.epochs.at(-1)?.event;
  const latest = epoch?.fitCall === fitCall && (!batch || epoch!.time >= batch.time) ? epoch : batch;
  return {
    training,
    logs: latest ? Object.entries(latest.logs) : [],
    calls: model.calls.slice(-MAX_CONTEXT_CALLS),
    memory: trained?.memory.last,
  };
}
