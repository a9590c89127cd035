// Reads the `pets-timing {…}` line that examples/pets/train.js prints with PETS_TIMING=1 (its own
// clock readings, in epoch milliseconds) and turns it into the figures scripts/bench.ts compares.
export const TIMING_ENV = 'PETS_TIMING';
const PREFIX = 'pets-timing ';

export interface PetsTiming {
  /** When the script's Node process started (performance.timeOrigin). */
  processStart: number;
  /** When TF.js and its backend were ready, and the process's CPU time (user + system ms) then. */
  tfReady: number;
  tfReadyCpu: number;
  /** Per epoch: when it began, when each batch began (and the CPU time then), when it ended (after validation). */
  epochs: { begin: number; batches: number[]; batchesCpu: number[]; end: number }[];
  /** When the script's work was done (after the final evaluation), and the CPU time then. */
  end: number;
  endCpu: number;
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
  /** The script process's own CPU time: to TF.js ready, from there to the first batch, per batch in the steady state. */
  loadCpuMs: number;
  prepareCpuMs: number;
  cpuMsPerBatch: number;
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
  if (![data.processStart, data.tfReady, data.tfReadyCpu, data.end, data.endCpu].every(isTime)) bad('processStart, tfReady, tfReadyCpu, end and endCpu must be numbers');
  if (!Array.isArray(data.epochs) || data.epochs.length === 0) bad('no epochs');
  const readings = [data.processStart, data.tfReady];
  const cpuReadings = [0, data.tfReadyCpu];
  data.epochs.forEach((epoch, i) => {
    const times = (v: unknown): v is number[] => Array.isArray(v) && v.every(isTime);
    if (!isTime(epoch?.begin) || !isTime(epoch.end) || !times(epoch.batches) || !times(epoch.batchesCpu)) bad(`epoch ${i + 1} has a missing reading`);
    if (epoch.batches.length === 0) bad(`epoch ${i + 1} has no batches`);
    if (epoch.batchesCpu.length !== epoch.batches.length) bad(`epoch ${i + 1} has ${epoch.batches.length} batch times but ${epoch.batchesCpu.length} CPU times`);
    readings.push(epoch.begin, ...epoch.batches, epoch.end);
    cpuReadings.push(...epoch.batchesCpu);
  });
  readings.push(data.end);
  cpuReadings.push(data.endCpu);
  if (!ascending(readings) || !ascending(cpuReadings)) bad('the readings are not in order');
  return data;
}

/**
 * The spawning process's reading of the clock the example's timing lines use (its wall time at start
 * plus its monotonic time since, examples/pets/timing.js): the wall clock now. The spawner's own
 * timeOrigin + performance.now() would carry every step of the wall clock since the spawner started,
 * such as a VM its host paused (a clean-clone CI run once saw the example end 698 ms after its CLI had
 * closed).
 */
export const wallClock = (): number => Date.now();

/** The figures of one run, given when the bench spawned it and when it saw it end (wallClock, epoch ms). */
export function runFigures(timing: PetsTiming, spawnedAt: number, closedAt: number): RunFigures {
  const steady = timing.epochs.slice(1); // the first epoch also compiles and warms everything up
  const intervals = steady.reduce((n, e) => n + e.batches.length - 1, 0);
  if (intervals === 0) throw new Error('the steady-state throughput needs at least 2 epochs of at least 2 batches');
  const span = (key: 'batches' | 'batchesCpu') => steady.reduce((sum, e) => sum + (e[key][e[key].length - 1] - e[key][0]), 0);
  const firstBatch = timing.epochs[0].batches[0];
  return {
    startupMs: firstBatch - spawnedAt,
    launchMs: timing.processStart - spawnedAt,
    loadMs: timing.tfReady - timing.processStart,
    prepareMs: firstBatch - timing.tfReady,
    msPerBatch: span('batches') / intervals,
    steadyIntervals: intervals,
    loadCpuMs: timing.tfReadyCpu,
    prepareCpuMs: timing.epochs[0].batchesCpu[0] - timing.tfReadyCpu,
    cpuMsPerBatch: span('batchesCpu') / intervals,
    tailMs: closedAt - timing.end,
  };
}

export interface TrainingFigures {
  /**
   * Mean ms per batch over whole epochs after the first: from the first batch of epoch 2 to the first
   * batch of the last epoch, so that what happens between epochs (validation, the training recorder's
   * epoch logs and weight statistics) counts, divided by the batches in between.
   */
  msPerBatch: number;
  cpuMsPerBatch: number;
  /** How many batches that span holds. */
  batches: number;
}

/** The training section's figures of one run (scripts/bench.ts): needs at least 3 epochs. */
export function trainingFigures(timing: PetsTiming): TrainingFigures {
  const { epochs } = timing;
  if (epochs.length < 3) throw new Error(`whole-epoch throughput needs at least 3 epochs, got ${epochs.length}`);
  const [from, to] = [epochs[1], epochs[epochs.length - 1]];
  const batches = epochs.slice(1, -1).reduce((n, e) => n + e.batches.length, 0);
  return {
    msPerBatch: (to.batches[0] - from.batches[0]) / batches,
    cpuMsPerBatch: (to.batchesCpu[0] - from.batchesCpu[0]) / batches,
    batches,
  };
}
