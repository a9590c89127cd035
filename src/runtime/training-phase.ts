// Whether a model's fit or fitDataset is between its train begin and its train end: the training
// recorder (recorders/training.ts) marks both, from TF.js's own callback list; the shape recorder's
// engine sites (recorders/op-sites.ts) stop capturing stacks for ops the training loop runs itself.
let depth = 0;

export function trainingBegan(): void {
  depth++;
}

export function trainingEnded(): void {
  if (depth > 0) depth--;
}

/** True from a fit's train begin to its train end (a fit that throws stays in training). */
export const inTraining = (): boolean => depth > 0;
