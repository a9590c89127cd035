// Reads the `pets-timing {…}` line that examples/pets/train.js prints with PETS_TIMING=1 (its own
// clock readings, in epoch milliseconds) and turns it into the figures scripts/bench.ts compares.
export const TIMING_ENV = 'PETS_TIMING';
const PREFIX = 'pets-timing ';

export interface PetsTiming {
  /** When the script's Node process started (performance.timeOrigin). */
  processStart: number;
  /** When TF.js and its backend were ready. */
  tfReady: number;
  /** Per epoch: when it began, when each batch began, when it ended (after validation). */
  epochs: { begin: number; batches: number[]; end: number }[];
  /** When the script's work was done (after the final evaluation). */
  end: number;
}

export interface RunFigures {
  /** Spawn → the first batch begins: everything a user waits for before training. */
  startupMs: number;
  /** Spawn → the script's own Node process starts (traced: the CLI's start-up and its spawn). */
  launchMs: number;
  /** Process start → TF.js ready (Node, the preload, loading and instrumenting modules, the backend). */
  loadMs: number;
  /** TF.js ready → the first batch (listing, splitting and labelling the items, building the model). */
  prepareMs: number;
  /** Steady state: the mean time from one batch's begin to the next's, in epochs 2 and later. */
  msPerBatch: number;
  /** How many batch-to-batch intervals msPerBatch is the mean of. */
  steadyIntervals: number;
  /** The script's work done → the bench saw the run end (exit; traced: the CLI finishing the trace). */
  tailMs: number;
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const ascending = (values: readonly number[]): boolean => values.every((v, i) => i === 0 || v >= values[i - 1]);

/** The last `pets-timing` line of a run's stdout, checked: every reading present and in order. */
export function parsePetsTiming(stdout: string): PetsTiming {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith(PREFIX));
  if (line === undefined) throw new Error(`no "${PREFIX.trim()}" line in the output (is ${TIMING_ENV}=1 reaching the script?)`);
  let data: PetsTiming;
  try {
    data = JSON.parse(line.slice(PREFIX.length)) as PetsTiming;
  } catch (error) {
    throw new Error(`the ${PREFIX.trim()} line is not JSON: ${(error as Error).message}`);
  }
  const bad = (what: string): never => {
    throw new Error(`the ${PREFIX.trim()} line is not usable: ${what}`);
  };
  if (typeof data !== 'object' || data === null) bad('not an object');
  if (!isTime(data.processStart) || !isTime(data.tfReady) || !isTime(data.end)) bad('processStart, tfReady and end must be numbers');
  if (!Array.isArray(data.epochs) || data.epochs.length === 0) bad('no epochs');
  const readings = [data.processStart, data.tfReady];
  data.epochs.forEach((epoch, i) => {
    if (!isTime(epoch?.begin) || !isTime(epoch.end) || !Array.isArray(epoch.batches) || !epoch.batches.every(isTime)) bad(`epoch ${i + 1} has a missing reading`);
    if (epoch.batches.length === 0) bad(`epoch ${i + 1} has no batches`);
    readings.push(epoch.begin, ...epoch.batches, epoch.end);
  });
  readings.push(data.end);
  if (!ascending(readings)) bad('the readings are not in order');
  return data;
}

/** The figures of one run, given when the bench spawned it and when it saw it end (epoch ms). */
export function runFigures(timing: PetsTiming, spawnedAt: number, closedAt: number): RunFigures {
  const steady = timing.epochs.slice(1); // the first epoch also compiles and warms everything up
  const intervals = steady.reduce((n, e) => n + e.batches.length - 1, 0);
  if (intervals === 0) throw new Error('the steady-state throughput needs at least 2 epochs of at least 2 batches');
  const span = steady.reduce((sum, e) => sum + (e.batches[e.batches.length - 1] - e.batches[0]), 0);
  const firstBatch = timing.epochs[0].batches[0];
  return {
    startupMs: firstBatch - spawnedAt,
    launchMs: timing.processStart - spawnedAt,
    loadMs: timing.tfReady - timing.processStart,
    prepareMs: firstBatch - timing.tfReady,
    msPerBatch: span / intervals,
    steadyIntervals: intervals,
    tailMs: closedAt - timing.end,
  };
}
