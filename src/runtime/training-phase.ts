// Whether a model's fit, fitDataset or trainOnBatch is running: the health recorder's wrappers of them
// (recorders/health.ts) mark each call's start and its promise settling; the shape recorder's engine
// sites (recorders/op-sites.ts) stop capturing stacks for ops the training loop runs itself.
let depth = 0;

export function trainingBegan(): void {
  depth++;
}

export function trainingEnded(): void {
  if (depth > 0) depth--;
}

/** True while such a call runs, from its start until its promise settles. */
export const inTraining = (): boolean => depth > 0;
