// What the status-bar item and the progress notification say about the live run, read from its run
// model: while a model trains, its name, epoch/epochs, batch and latest loss; else where the run is.
// No vscode import.
import { recordedCalls, trainingProgress, type RunModel } from '../protocol/run-model';
import { metricText } from '../protocol/metric-text';

export interface RunStatus {
  /** The status-bar item's text (with its spinning codicon). */
  text: string;
  tooltip: string;
  /** The progress notification's message. */
  progress: string;
}

/** `sequential_1 · epoch 2/5 · batch 7/32 · loss 0.3141`, or undefined before training. */
export function trainingText(model: RunModel): string | undefined {
  const p = trainingProgress(model);
  if (!p) return undefined;
  const batch = p.batch === undefined ? '' : ` · batch ${p.batch}${p.batches ? `/${p.batches}` : ''}`;
  const loss = p.loss === undefined ? '' : ` · loss ${metricText(p.loss)}`;
  return `${p.model} · epoch ${p.epoch}/${p.epochs}${batch}${loss}`;
}

export function runStatus(title: string, model: RunModel): RunStatus {
  const training = trainingText(model);
  const calls = recordedCalls(model);
  const callText = `${calls} call${calls === 1 ? '' : 's'} recorded`;
  const doing = model.status === 'stopping' ? 'stopping' : model.run?.targets.length === 0 ? 'running with introspection' : 'tracing';
  const progress = model.status === 'starting' ? 'starting…' : model.status === 'stopping' ? `stopping… (${callText})` : training ? `${training} (${callText})` : callText;
  return {
    text: `$(loading~spin) ${training ?? `Trainspect: ${title}`}`,
    tooltip: `Trainspect is ${doing} ${title}${training ? `: ${training}` : ''}. Click to open the panel.`,
    progress,
  };
}
