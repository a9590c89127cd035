// The header's line on training, true at each state: while it runs, the fit call's epoch (a custom
// loop's step); once the run is over, the epochs (or custom-loop steps) trained and how the run ended; stopped by the call limit as training began, only
// that it began (the limit's own line says why it stopped).
import { plural } from '../protocol/call-text';
import { describeExit } from '../protocol/exit';
import { epochsTrained, trainingPhase, trainingProgress, type RunModel } from '../protocol/run-model';

export interface TrainingFact { name: string; value: string }

export function trainingFact(model: RunModel): TrainingFact | undefined {
  const phase = trainingPhase(model);
  if (!phase) return undefined;
  const api = `(${phase.api})`;
  const stoppedByLimit = model.exit ? model.exit.stoppedBy === 'limit' : model.status === 'stopping' && model.limit !== undefined && !model.keepRunning;
  if (stoppedByLimit) return { name: 'Training', value: `began ${api}` };
  if (model.status !== 'finished') {
    const progress = trainingProgress(model);
    const steps = loopSteps(model);
    return { name: 'Training', value: progress ? `${api} · epoch ${progress.epoch}/${progress.epochs}` : steps ? `${api} · step ${steps.toLocaleString('en-US')}` : api };
  }
  const epochs = epochsTrained(model);
  const steps = loopSteps(model);
  const trained = epochs > 0 ? `${plural(epochs, 'epoch')} ${api}` : steps > 0 ? `${plural(steps, 'step')} ${api}` : api;
  return { name: 'Trained', value: model.exit ? `${trained} · ${describeExit(model.exit)}` : trained };
}

/** Steps of the custom loops (trainOnBatch, minimize) so far, by their own indices (steps a panel was not sent count). */
function loopSteps(model: RunModel): number {
  let steps = 0;
  for (const loop of model.customLoops.values()) steps += loop.last ? loop.last.step + 1 : 0;
  return steps;
}
