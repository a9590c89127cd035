// The bench's training sections (scripts/bench.ts, docs/benchmarks.md): a training script run untraced
// and as `trainspect run` without --trace runs it (every callable traced, the training recorder on,
// --keep-running: to the end), with the recorder's weight statistics on and off (shapes off), and as it runs
// by default (weights, and the shapes of the workload's own ops from TF.js's engine), in rounds of the four run back to
// back in a dozen orders in turn; the whole-epoch ms per batch of each traced arm against the untraced one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pairedRatio, type Interval } from './stats';
import { parsePetsTiming, runFigures, trainingFigures, TIMING_ENV, type TrainingFigures } from './pets-timing';

/**
 * untraced: node; recorders: the CLI with the training recorder's curves, model table, health, memory
 * and weight statistics (`--shapes off`); noWeights: the same with `"weights": false`; shapes: the CLI
 * as a user runs it by default, the shapes of the workloads' own ops seen from TF.js's engine (their
 * files as written).
 */
export type Arm = 'untraced' | 'recorders' | 'noWeights' | 'shapes';
export const ARMS: readonly Arm[] = ['untraced', 'noWeights', 'recorders', 'shapes'];

export interface Workload {
  name: string;
  script: string;
  args: string[];
  /** What its stdout says once it has trained to the end. */
  finished: RegExp;
}

export interface TrainingRun extends TrainingFigures {
  arm: Arm;
  pair: number;
  /** Within epochs only (batch begin to batch begin, epochs 2 and later): runFigures' steady state. */
  withinEpochMsPerBatch: number;
  wallMs: number;
}

export interface Spawned {
  spawnedAt: number;
  closedAt: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SectionContext {
  cli: string;
  benchDir: string;
  /** Runs node with these arguments to its end (the bench's `timed`). */
  spawnNode(args: string[], options: { env: Record<string, string>; detached: boolean }): Promise<Spawned>;
  fail(message: string): never;
}

/**
 * `--node` wrappers for the CLI: the same Node for both traced arms, one of them adding
 * `"weights": false` to the runtime config the CLI passes (TRAINSPECT_CONFIG), so that only that differs.
 */
function nodeWrappers(benchDir: string): Record<Exclude<Arm, 'untraced'>, string> {
  const write = (name: string, setup: string): string => {
    const file = path.join(benchDir, name);
    fs.writeFileSync(file, `#!/bin/sh\n${setup}exec "${process.execPath}" "$@"\n`, { mode: 0o755 });
    return file;
  };
  return {
    recorders: write('node-as-is', ''),
    shapes: path.join(benchDir, 'node-as-is'),
    noWeights: write('node-without-weights', `TRAINSPECT_CONFIG='{"weights":false,'"\${TRAINSPECT_CONFIG#?}"\nexport TRAINSPECT_CONFIG\n`),
  };
}

/** Every run of one workload, checked: trained to the end, and a traced run recorded every batch and (only with them on) the weights. */
export function trainingRunner(context: SectionContext, workload: Workload): (arm: Arm, pair: number) => Promise<TrainingRun> {
  const wrappers = nodeWrappers(context.benchDir);
  const trace = path.join(context.benchDir, `${workload.name}-training.jsonl`);
  return async (arm, pair) => {
    const args = arm === 'untraced'
      ? [workload.script, ...workload.args]
      : [context.cli, 'run', '--keep-running', '--quiet', ...(arm === 'shapes' ? [] : ['--shapes', 'off']), '--node', wrappers[arm], '--out', trace, workload.script, '--', ...workload.args];
    // The CLI starts the script in a session of its own; the untraced script gets one too.
    const run = await context.spawnNode(args, { env: { [TIMING_ENV]: '1' }, detached: arm === 'untraced' });
    const what = `the ${workload.name} ${arm} run ${pair ? `of triple ${pair}` : '(warm-up)'}`;
    if (run.code !== 0) context.fail(`${what} failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
    if (!workload.finished.test(run.stdout)) context.fail(`${what} did not finish training`);
    let timing;
    try {
      timing = parsePetsTiming(run.stdout);
    } catch (error) {
      context.fail(`${what}: ${(error as Error).message}`);
    }
    if (arm !== 'untraced') {
      const count = (type: string) => fs.readFileSync(trace, 'utf8').split('\n').filter((line) => line.startsWith(`{"type":"${type}"`)).length;
      const batches = timing.epochs.reduce((n, e) => n + e.batches.length, 0);
      if (count('batch') !== batches) context.fail(`${what}: ${count('batch')} batch events for ${batches} batches`);
      const weights = arm === 'noWeights' ? 0 : timing.epochs.length;
      if (count('weights') !== weights) context.fail(`${what}: ${count('weights')} weights events, expected ${weights}`);
      if ((count('shape-site') > 0) !== (arm === 'shapes')) context.fail(`${what}: ${count('shape-site')} shape sites`);
    }
    return {
      arm, pair, ...trainingFigures(timing), withinEpochMsPerBatch: runFigures(timing, run.spawnedAt, run.closedAt).msPerBatch, wallMs: run.closedAt - run.spawnedAt,
    };
  };
}

/** A dozen orders of the four arms, cycled through: each arm runs first, and second after each other arm, equally often. */
const ORDERS: Arm[][] = ARMS.flatMap((first) => ARMS.filter((a) => a !== first).flatMap((second) => [[first, second, ...ARMS.filter((a) => a !== first && a !== second)]]));

/** Rounds of every arm until `repeats` or the deadline (never fewer than minTriples), in the orders in turn. */
export async function trainingTriples(
  runOne: (arm: Arm, pair: number) => Promise<TrainingRun>, repeats: number, deadline: number, minTriples: number, log: (line: string) => void,
): Promise<{ runs: TrainingRun[]; stoppedByTime: boolean }> {
  for (const arm of ARMS) await runOne(arm, 0); // not counted: warms the file cache and the transform cache
  const runs: TrainingRun[] = [];
  for (let pair = 1; pair <= repeats; pair++) {
    const started = Date.now();
    const order = ORDERS[(pair - 1) % ORDERS.length];
    const done = {} as Record<Arm, TrainingRun>;
    for (const arm of order) done[arm] = await runOne(arm, pair);
    runs.push(...ARMS.map((arm) => done[arm]));
    log(`  round ${String(pair).padStart(2)}/${repeats} (${order.join(', ')})  ms per batch ${ARMS.map((arm) => done[arm].msPerBatch.toFixed(1)).join(' / ')}`);
    if (pair >= minTriples && pair < repeats && Date.now() + (Date.now() - started) > deadline) {
      log(`  stopped at the time limit after ${pair} rounds`);
      return { runs, stoppedByTime: true };
    }
  }
  return { runs, stoppedByTime: false };
}

export type TrainingKey = 'msPerBatch' | 'cpuMsPerBatch' | 'withinEpochMsPerBatch';

/** The paired log-ratio interval of a figure, one arm against another. */
export function armRatio(runs: readonly TrainingRun[], key: TrainingKey, base: Arm, arm: Arm): Interval {
  const of = (a: Arm) => runs.filter((r) => r.arm === a).map((r) => r[key]);
  return pairedRatio(of(base), of(arm));
}
