// The bench's post-mortem section (`--sections postmortem`, scripts/bench.ts): what the post-mortem
// recorder costs a program, each time against the same runtime with `postmortem: false`, in pairs run
// back to back in alternating order, both with the runtime preloaded as the CLI starts it and its events
// read from the pipe:
//  - training throughput: bench/dense.js (cpu backend), ms per batch over whole epochs;
//  - a program that throws and catches ~10,000 errors a second (bench/throw-loop.js): its loop's time;
//  - from the throw to the event written, for a frame with ten tensors (bench/ten-tensors.js).
import * as path from 'node:path';
import { median, pairedRatio, tInterval, type Interval } from './stats';
import { TIMING_ENV, parsePetsTiming, trainingFigures } from './pets-timing';

interface Spawned { code: number | null; stdout: string; stderr: string; events: string }
type SpawnNode = (args: string[], options: { env?: Record<string, string>; eventPipe?: boolean }) => Promise<Spawned>;

export interface PostmortemContext {
  root: string;
  preload: string;
  spawnNode: SpawnNode;
  fail: (message: string) => never;
  log: (line: string) => void;
  repeats: number;
  epochs: number;
}

export interface PostmortemFigures {
  training: { off: number[]; armed: number[]; ratio: Interval };
  throwLoop: { off: number[]; armed: number[]; ratio: Interval; caught: number };
  snapshot: { throwToWrittenMs: number[]; snapshotMs: number[]; interval: Interval; medianMs: number; maxMs: number };
}

type Arm = 'off' | 'armed';
const ARMS: Arm[] = ['off', 'armed'];

/** The runtime's config as the host gives it, with nothing traced, the post-mortem on or off. */
const configEnv = (arm: Arm, extra: Record<string, string> = {}): Record<string, string> => ({
  TRAINSPECT_CONFIG: JSON.stringify({ targets: ['noCallableOfThisName'], maxCalls: 3, eventFd: 3, ...(arm === 'off' ? { postmortem: false } : {}) }),
  ...extra,
});

function lineOf(stdout: string, tag: string, what: string, fail: PostmortemContext['fail']): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith(`${tag} `));
  if (!line) fail(`${what} printed no "${tag}" line`);
  return JSON.parse(line.slice(tag.length + 1)) as Record<string, number>;
}

/** Runs `once(arm)` for both arms in pairs, alternating which goes first. */
async function pairs(ctx: PostmortemContext, label: string, once: (arm: Arm, what: string) => Promise<number>): Promise<Record<Arm, number[]>> {
  const out: Record<Arm, number[]> = { off: [], armed: [] };
  for (const arm of ARMS) await once(arm, `the ${arm} warm-up run of ${label}`);
  for (let pair = 1; pair <= ctx.repeats; pair++) {
    const order = pair % 2 ? ARMS : [...ARMS].reverse();
    for (const arm of order) out[arm].push(await once(arm, `the ${arm} run ${pair} of ${label}`));
    ctx.log(`  ${label} pair ${pair}/${ctx.repeats}: ${out.off[pair - 1].toFixed(2)} → ${out.armed[pair - 1].toFixed(2)}`);
  }
  return out;
}

export async function postmortemSection(ctx: PostmortemContext): Promise<PostmortemFigures> {
  const node = (script: string, args: string[]): string[] => ['--require', ctx.preload, path.join(ctx.root, 'bench', script), ...args];

  const training = await pairs(ctx, 'dense training, ms per batch', async (arm, what) => {
    const r = await ctx.spawnNode(node('dense.js', ['--epochs', String(ctx.epochs), '--samples', '2048', '--batch-size', '64']), { env: configEnv(arm, { [TIMING_ENV]: '1', DENSE_BACKEND: 'cpu' }), eventPipe: true });
    if (r.code !== 0) ctx.fail(`${what} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
    return trainingFigures(parsePetsTiming(r.stdout)).msPerBatch;
  });

  let caught = 0;
  const throwLoop = await pairs(ctx, 'throw and catch 10,000 a second, loop ms', async (arm, what) => {
    const r = await ctx.spawnNode(node('throw-loop.js', []), { env: configEnv(arm), eventPipe: true });
    if (r.code !== 0) ctx.fail(`${what} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
    const figures = lineOf(r.stdout, 'throw-loop', what, ctx.fail);
    caught = figures.caught;
    return figures.ms;
  });

  const throwToWrittenMs: number[] = [];
  const snapshotMs: number[] = [];
  for (let i = 0; i <= ctx.repeats; i++) {
    const what = `ten-tensors run ${i}`;
    const r = await ctx.spawnNode(node('ten-tensors.js', []), { env: configEnv('armed'), eventPipe: true });
    if (r.code !== 1) ctx.fail(`${what} should fail with exit 1, got ${r.code}:\n${r.stderr.slice(-2000)}`);
    const { throwAt } = lineOf(r.stdout, 'ten-tensors', what, ctx.fail);
    const events = r.events.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; time: number; startTime?: string; snapshot?: string; snapshotMs?: number });
    const run = events.find((e) => e.type === 'run');
    const postmortem = events.find((e) => e.type === 'postmortem');
    if (!run?.startTime || !postmortem) ctx.fail(`${what} wrote no post-mortem`);
    if (postmortem.snapshot !== 'complete') ctx.fail(`${what}: the snapshot is ${postmortem.snapshot}`);
    if (i === 0) continue; // the warm-up run
    throwToWrittenMs.push(Date.parse(run.startTime) + postmortem.time - throwAt);
    snapshotMs.push(postmortem.snapshotMs ?? NaN);
  }
  ctx.log(`  ten tensors, throw → post-mortem written: ${throwToWrittenMs.map((v) => v.toFixed(1)).join(', ')} ms (paused for ${snapshotMs.map((v) => v.toFixed(1)).join(', ')} ms)`);

  return {
    training: { ...training, ratio: pairedRatio(training.off, training.armed) },
    throwLoop: { ...throwLoop, ratio: pairedRatio(throwLoop.off, throwLoop.armed), caught },
    snapshot: { throwToWrittenMs, snapshotMs, interval: tInterval(throwToWrittenMs), medianMs: median(throwToWrittenMs), maxMs: Math.max(...throwToWrittenMs) },
  };
}
