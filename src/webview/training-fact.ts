// The header's line on training, true at each state: while it runs, the fit call's epoch; once the run
// is over, the epochs trained and how the run ended; stopped by the call limit as training began, only
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
    return { name: 'Training', value: progress ? `${api} · epoch ${progress.epoch}/${progress.epochs}` : api };
  }
  const epochs = epochsTrained(model);
  const trained = epochs > 0 ? `${plural(epochs, 'epoch')} ${api}` : api;
  return { name: 'Trained', value: model.exit ? `${trained} · ${describeExit(model.exit)}` : trained };
}
