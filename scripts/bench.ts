// `npm run bench`: what Trainspect costs a user (docs/benchmarks.md).
//  (a) the callable hook, per call: bench/hook-cost.js under the real runtime, a traced labeller and
//      splitter against untraced twins in the same process, after the first maxCalls recorded calls;
//  (b) the pets example untraced (node) and traced (the CLI, --keep-running), in pairs run back to back
//      in alternating order: its start-up (spawn → first batch) and its steady-state ms per batch,
//      read from the example's own clock readings (PETS_TIMING=1), with 95% t-intervals of the paired
//      difference (start-up) and ratio (throughput);
//  (c) training: the pets example and a dense MLP (bench/dense.js) untraced and as `trainspect run`
//      without --trace (every recorder on, --keep-running), with and without the weight statistics,
//      (--shapes off), and as by default (the shapes of the workload's own ops too), in rounds: ms per
//      batch over whole epochs (bench/training-section.ts);
//  (d) hover: an editor's shape hover on a run of 10,000 shape sites (bench/hover-index.ts).
//  (e) the post-mortem recorder armed against `postmortem: false`: training throughput, a program that
//      throws and catches 10,000 errors a second, and throw → event for a frame of ten tensors
//      (bench/postmortem-section.ts).
// Traced runs find the example's files in the transform cache, as every run after the first does
// (the warm-up run fills it); `--cold` turns the cache off, so that each traced run instruments them.
// Prints a table and writes .trainspect/bench.json.
//   node --import tsx scripts/bench.ts [--repeats 30] [--epochs 3] [--training-epochs 4] [--minutes 10] [--calls 1000000] [--rounds 7]
//     [--cold] [--sections hook,startup,pets,dense,hover,postmortem] [--quick]
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mean, pairedDifference, pairedRatio, verdict, type Interval } from '../bench/stats';
import { TIMING_ENV, parsePetsTiming, runFigures, wallClock, type RunFigures } from '../bench/pets-timing';
import { HOVER_BUDGET_MS, hoverIndexBench, hoverIndexText } from '../bench/hover-index';
import { ARMS, armRatio, trainingRunner, trainingTriples, type Arm, type TrainingKey, type Workload } from '../bench/training-section';
import { postmortemSection } from '../bench/postmortem-section';

const root = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) fail(`${name} needs a positive number`);
  return value;
};
// --quick: a check that every section works (minutes, not a measurement worth reporting).
const QUICK = argv.includes('--quick');
const REPEATS = option('--repeats', QUICK ? 3 : 30);
const EPOCHS = option('--epochs', QUICK ? 2 : 3);
const TRAINING_EPOCHS = option('--training-epochs', QUICK ? 3 : 4);
const MINUTES = option('--minutes', QUICK ? 3 : 10);
const CALLS = option('--calls', QUICK ? 100_000 : 1_000_000);
const ROUNDS = option('--rounds', QUICK ? 3 : 7);
const COLD = argv.includes('--cold');
const ALL_SECTIONS = ['hook', 'startup', 'pets', 'dense', 'hover', 'postmortem'] as const;
type Section = (typeof ALL_SECTIONS)[number];
const SECTIONS: Section[] = (() => {
  const i = argv.indexOf('--sections');
  if (i < 0) return [...ALL_SECTIONS];
  const names = String(argv[i + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(ALL_SECTIONS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length) fail(`--sections takes a comma-separated list of ${ALL_SECTIONS.join(', ')}`);
  return names as Section[];
})();
/** Each section's share of --minutes (the hook and the CPU figures before them take seconds). */
const TIME_SHARE: Record<Section, number> = { hook: 0, startup: 0.4, pets: 0.3, dense: 0.3, hover: 0, postmortem: 0 }; // postmortem: --repeats pairs, a few minutes
const MIN_PAIRS = 3; // fewer, and the interval says little; the time limit never stops the bench below this
const MAX_CALLS = 3;
const TARGETS = ['labelFromFilename', 'splitter'];
const BUDGET = { hookNs: 1000, throughputRatio: 1.02, startupMs: 150, recordersRatio: 1.03, recordersWithWeightsRatio: 1.10, postmortemTrainingRatio: 1.03, postmortemThrowsRatio: 1.10, postmortemSnapshotMs: 50 };
const preload = path.join(root, 'dist', 'runtime', 'preload.js');
const cli = path.join(root, 'dist', 'cli', 'trainspect.js');
const benchDir = path.join(root, '.trainspect', 'bench');
const tracePath = path.join(benchDir, 'pets-traced.jsonl');
const startedAt = Date.now();

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(1);
}

/** Epoch ms with sub-ms precision: the clock examples/pets/train.js reads too. */

/**
 * CPU time (user + system, ms) of this process's waited-for children and their descendants, from
 * /proc/self/stat (cutime, cstime). null where /proc is missing.
 */
function childrenCpuMs(): number | null {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

interface Timed {
  spawnedAt: number;
  closedAt: number;
  cpuMs: number | null;
  code: number | null;
  stdout: string;
  stderr: string;
  events: string;
}

/** The process group of the run in progress, ended with the bench on Ctrl-C (a detached group does not get the SIGINT). */
let running: number | undefined;
process.on('SIGINT', () => {
  if (running !== undefined) {
    try {
      process.kill(-running, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  process.exit(130);
});

/**
 * Runs node with args to its end: when it was spawned and seen closed, its CPU time, its output and fd 3.
 * `detached`: in a session of its own, as the CLI starts the script it traces — Linux schedules
 * sessions as groups (autogroup), so on a busy machine both sides must be alike in this.
 */
function timed(args: string[], { env = {}, eventPipe = false, detached = false }: { env?: Record<string, string>; eventPipe?: boolean; detached?: boolean } = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const stdio: ('ignore' | 'pipe')[] = ['ignore', 'pipe', 'pipe', ...(eventPipe ? ['pipe' as const] : [])];
    const cpuBefore = childrenCpuMs();
    const spawnedAt = wallClock();
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio, detached: detached && process.platform !== 'win32' });
    running = child.pid;
    const out = { stdout: '', stderr: '', events: '' };
    child.stdout!.on('data', (d) => (out.stdout += d));
    child.stderr!.on('data', (d) => (out.stderr += d));
    if (eventPipe) (child.stdio[3] as NodeJS.ReadableStream).on('data', (d) => (out.events += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const closedAt = wallClock();
      running = undefined;
      const cpuAfter = childrenCpuMs();
      resolve({ spawnedAt, closedAt, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, code, ...out });
    });
  });
}

interface HookResult {
  tracedNs: number;
  untracedNs: number;
  tracedSamplesNs: number[];
  untracedSamplesNs: number[];
}

async function hookCost() {
  const config = { targets: TARGETS, maxCalls: MAX_CALLS, eventFd: 3 };
  const run = await timed(['--require', preload, path.join(root, 'bench', 'hook-cost.js'), String(CALLS), String(ROUNDS)],
    { env: { TRAINSPECT_CONFIG: JSON.stringify(config) }, eventPipe: true });
  if (run.code !== 0) fail(`bench/hook-cost.js failed (exit ${run.code}):\n${run.stderr}`);
  const events = run.events.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; traced?: boolean; name?: string; id?: string; callable?: string });
  // The numbers only mean something if the runtime really wrapped the pair and left the twins alone.
  const tracedSites = events.filter((e) => e.type === 'callable' && e.traced);
  if (tracedSites.length !== TARGETS.length) fail(`expected ${TARGETS.length} traced sites in bench/hook-cost.js, got ${tracedSites.map((e) => e.id).join(', ')}`);
  const traced = new Set(tracedSites.map((e) => e.name));
  const recorded = (name: string) => events.filter((e) => e.type === 'call' && e.callable === name).length;
  for (const name of TARGETS) {
    if (!traced.has(name)) fail(`the runtime did not trace ${name} in bench/hook-cost.js`);
    if (recorded(name) !== MAX_CALLS) fail(`expected ${MAX_CALLS} recorded calls of ${name}, got ${recorded(name)}`);
  }
  for (const twin of ['labelFromFilenameTwin', 'splitterTwin']) if (traced.has(twin)) fail(`the runtime traced ${twin}, which matches no target`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { labellerCost: HookResult; splitterCost: HookResult };
  // Rounds are interleaved, so round r of the traced function and of its twin form a pair.
  const cost = (r: HookResult) => ({ ...r, overhead: pairedDifference(r.untracedSamplesNs, r.tracedSamplesNs) });
  return { callsPerRound: CALLS, rounds: ROUNDS, labeller: cost(result.labellerCost), splitter: cost(result.splitterCost) };
}

/**
 * CPU ms (median of 7) a bare Node process has used when its first line of code runs: what the CLI's
 * own process costs before any of Trainspect's code. Also without NODE_EXTRA_CA_CERTS when it is set:
 * Node 20 reads and parses those certificates at start in every process, TLS or not.
 */
function nodeBootCpuMs(): { asIs: number; withoutExtraCaCerts?: number } {
  const measure = (env: NodeJS.ProcessEnv): number => {
    const samples = Array.from({ length: 7 }, () => {
      const r = spawnSync(process.execPath, ['-e', 'const u = process.cpuUsage(); console.log((u.user + u.system) / 1000)'], { env, encoding: 'utf8' });
      return Number(r.stdout);
    }).sort((a, b) => a - b);
    return samples[3];
  };
  const asIs = measure(process.env);
  if (!process.env.NODE_EXTRA_CA_CERTS) return { asIs };
  const { NODE_EXTRA_CA_CERTS: _, ...rest } = process.env;
  return { asIs, withoutExtraCaCerts: measure(rest) };
}

/**
 * CPU ms (median of 7) the CLI's process has used when it spawns the script (bench/spawn-cpu.cjs),
 * for a script that only exits: the launch phase's cost in CPU, which wall time hides on a busy machine.
 */
function cliSpawnCpuMs(): number {
  const script = path.join(benchDir, 'exit.js');
  fs.writeFileSync(script, 'function splitter(items) { return items; }\nsplitter([]);\n');
  const samples = Array.from({ length: 7 }, () => {
    const r = spawnSync(process.execPath, ['--require', path.join(root, 'bench', 'spawn-cpu.cjs'), cli, 'run', '--trace', 'splitter', '--quiet', '--out', path.join(benchDir, 'exit.jsonl'), script], { cwd: root, encoding: 'utf8' });
    const m = /^spawn-cpu (\S+)$/m.exec(r.stderr);
    if (r.status !== 0 || !m) fail(`the CLI did not run ${script}:\n${r.stderr}`);
    return Number(m[1]);
  }).sort((a, b) => a - b);
  return samples[3];
}

type Kind = 'untraced' | 'traced';
interface Run extends RunFigures {
  kind: Kind;
  pair: number;
  wallMs: number;
  /** CPU time of the run's whole process tree (traced: the CLI too). */
  treeCpuMs: number | null;
}

const train = path.join('examples', 'pets', 'train.js');
const commands: Record<Kind, string[]> = {
  untraced: [train, '--epochs', String(EPOCHS)],
  traced: [cli, 'run', ...TARGETS.flatMap((t) => ['--trace', t]), '--keep-running', '--quiet', '--out', tracePath, train, '--', '--epochs', String(EPOCHS)],
};

/** One run of the example, checked: it trained to the end, and a traced run recorded every target. */
async function runExample(kind: Kind, pair: number): Promise<Run> {
  // The CLI is in this session, the script it traces in one of its own; the untraced script likewise.
  const cache: Record<string, string> = COLD && kind === 'traced' ? { TRAINSPECT_CACHE_DIR: '' } : {}; // src/runtime/transform-cache.ts
  const run = await timed(commands[kind], { env: { [TIMING_ENV]: '1', ...cache }, detached: kind === 'untraced' });
  const what = pair ? `the ${kind} run of pair ${pair}` : `the ${kind} warm-up run`;
  if (run.code !== 0) fail(`${what} failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
  if (!/Final validation accuracy/.test(run.stdout)) fail(`${what} did not finish training`);
  if (kind === 'traced') {
    const calls = fs.readFileSync(tracePath, 'utf8').split('\n').filter((l) => l.includes('"type":"call"'));
    for (const target of TARGETS) if (!calls.some((l) => l.includes(`"callable":"${target}"`))) fail(`${what} recorded no call of ${target}`);
  }
  let figures: RunFigures;
  try {
    figures = runFigures(parsePetsTiming(run.stdout), run.spawnedAt, run.closedAt);
  } catch (error) {
    fail(`${what}: ${(error as Error).message}`);
  }
  return { kind, pair, ...figures, wallMs: run.closedAt - run.spawnedAt, treeCpuMs: run.cpuMs };
}

async function examplePairs(deadline: number): Promise<{ runs: Run[]; stoppedByTime: boolean }> {
  // One of each first, not counted: fills the file cache and compiles nothing twice for the first pair.
  for (const kind of ['untraced', 'traced'] as const) await runExample(kind, 0);
  const runs: Run[] = [];
  let stoppedByTime = false;
  for (let pair = 1; pair <= REPEATS; pair++) {
    const pairStart = Date.now();
    // Alternate which goes first, so a drift in machine load falls on both sides alike.
    const order: Kind[] = pair % 2 ? ['untraced', 'traced'] : ['traced', 'untraced'];
    const done: Record<string, Run> = {};
    for (const kind of order) done[kind] = await runExample(kind, pair);
    runs.push(done.untraced, done.traced);
    const [u, t] = [done.untraced, done.traced];
    console.log(`  pair ${String(pair).padStart(2)}/${REPEATS} (${order[0]} first)  start-up ${ms(u.startupMs)} → ${ms(t.startupMs)}  ` +
      `per batch ${u.msPerBatch.toFixed(1)} → ${t.msPerBatch.toFixed(1)} ms  wall ${s(u.wallMs)} → ${s(t.wallMs)}`);
    if (pair >= MIN_PAIRS && pair < REPEATS && Date.now() + (Date.now() - pairStart) > deadline) {
      stoppedByTime = true;
      console.log(`  stopped at this section's share of --minutes ${MINUTES} after ${pair} pairs`);
      break;
    }
  }
  return { runs, stoppedByTime };
}

/** Where a section must stop starting pairs: its share of what is left of --minutes, among the sections still to run. */
function sectionDeadline(section: Section, remaining: readonly Section[]): number {
  const shares = remaining.reduce((sum, s) => sum + TIME_SHARE[s], 0);
  const left = Math.max(0, startedAt + MINUTES * 60_000 - Date.now());
  return Date.now() + (shares > 0 ? (left * TIME_SHARE[section]) / shares : 0);
}

const WORKLOADS: Record<'pets' | 'dense', Workload> = {
  pets: { name: 'pets', script: train, args: ['--epochs', String(TRAINING_EPOCHS)], finished: /Final validation accuracy/ },
  // 2,048 samples in batches of 64: 32 batches an epoch of 784-128-64-10 (wasm).
  dense: { name: 'dense', script: path.join('bench', 'dense.js'), args: ['--epochs', String(TRAINING_EPOCHS), '--samples', '2048', '--batch-size', '64'], finished: /Final training accuracy/ },
};

const ms = (v: number) => `${Math.round(v)} ms`;
const s = (v: number) => `${(v / 1000).toFixed(2)} s`;
const signed = (v: number, digits = 0) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
const diffText = (i: Interval, unit: string, digits = 0) => `${signed(i.estimate, digits)} ${unit}  [${signed(i.low, digits)}, ${signed(i.high, digits)}]`;
const ratioText = (i: Interval) => `${i.estimate.toFixed(3)}×  [${i.low.toFixed(3)}, ${i.high.toFixed(3)}]`;
const budgetText = (i: Interval, budget: number, label: string) => `${label}: ${{ within: 'within', over: 'OVER', undecided: 'not decided by the interval' }[verdict(i, budget)]}`;
const perBatch = (v: number) => `${v.toFixed(1)} ms`;
const geometricMean = (values: number[]) => Math.exp(mean(values.map(Math.log)));

async function main(): Promise<void> {
  if (spawnSync(process.execPath, ['esbuild.js', 'runtime', 'cli'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('the build failed');
  for (const file of [preload, cli]) if (!fs.existsSync(file)) fail(`the build did not produce ${path.relative(root, file)}`);
  if (!fs.existsSync(path.join(root, 'examples', 'pets', 'data', 'images'))) {
    if (spawnSync(process.execPath, ['examples/pets/make-data.js'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('generating the images failed');
  }
  fs.mkdirSync(benchDir, { recursive: true });

  const loadAverageAtStart = os.loadavg();
  console.log(`${os.cpus().length} cores, load average ${loadAverageAtStart.map((l) => l.toFixed(1)).join(' ')} (1, 5, 15 min); sections ${SECTIONS.join(', ')}${QUICK ? ' (--quick: a check, not a measurement)' : ''}`);
  const rows: string[][] = [];
  const notes: string[] = [];
  const results: Record<string, unknown> = {
    date: new Date().toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, loadAverageAtStart,
    budget: BUDGET, options: { repeats: REPEATS, epochs: EPOCHS, trainingEpochs: TRAINING_EPOCHS, minutes: MINUTES, calls: CALLS, rounds: ROUNDS, cold: COLD, sections: SECTIONS, quick: QUICK },
  };
  const verdicts: ReturnType<typeof verdict>[] = [];
  const budgeted = (i: Interval, budget: number, label: string): string => {
    verdicts.push(verdict(i, budget));
    return budgetText(i, budget, label);
  };

  if (SECTIONS.includes('startup')) {
    const nodeBoot = nodeBootCpuMs();
    console.log(`Node's own start, CPU before the first line of code runs: ${ms(nodeBoot.asIs)}` +
      (nodeBoot.withoutExtraCaCerts === undefined ? '' : ` (${ms(nodeBoot.withoutExtraCaCerts)} without NODE_EXTRA_CA_CERTS, which every Node process reads at start; a traced run starts two)`));
    const cliSpawnCpu = cliSpawnCpuMs();
    console.log(`The CLI's process, CPU until it spawns the script: ${ms(cliSpawnCpu)} (Node's start included)`);
    Object.assign(results, { nodeBootCpuMs: nodeBoot, cliSpawnCpuMs: cliSpawnCpu });
  }

  if (SECTIONS.includes('hook')) {
    console.log(`(a) hook cost per call: ${CALLS.toLocaleString('en-US')} calls × ${ROUNDS} rounds per function, after the first ${MAX_CALLS} recorded`);
    const hook = await hookCost();
    results.hook = hook;
    rows.push(
      ['labeller, ns per call', `${hook.labeller.untracedNs.toFixed(1)} / ${hook.labeller.tracedNs.toFixed(1)}`, diffText(hook.labeller.overhead, 'ns', 1), budgeted(hook.labeller.overhead, BUDGET.hookNs, '≤ 1 µs')],
      ['splitter, ns per call', `${hook.splitter.untracedNs.toFixed(1)} / ${hook.splitter.tracedNs.toFixed(1)}`, diffText(hook.splitter.overhead, 'ns', 1), budgeted(hook.splitter.overhead, BUDGET.hookNs, '≤ 1 µs')],
    );
  }

  if (SECTIONS.includes('startup')) {
    console.log(`(b) pets example, ${EPOCHS} epochs: untraced (node) and traced (trainspect run --keep-running), up to ${REPEATS} pairs in alternating order; transform cache ${COLD ? 'off (--cold)' : 'on (filled by the warm-up run)'}`);
    const { runs, stoppedByTime } = await examplePairs(sectionDeadline('startup', SECTIONS.slice(SECTIONS.indexOf('startup'))));
    type Key = keyof RunFigures | 'wallMs' | 'treeCpuMs';
    const of = (kind: Kind, key: Key) => runs.filter((r) => r.kind === kind).map((r) => r[key] as number);
    const compare = (key: Key, as: 'difference' | 'ratio') => (as === 'ratio' ? pairedRatio : pairedDifference)(of('untraced', key), of('traced', key));
    // Each side's mean goes with the interval's estimate: arithmetic for differences, geometric for ratios.
    const sideMean = (kind: Kind, key: Key, as: 'difference' | 'ratio') => (as === 'ratio' ? geometricMean(of(kind, key)) : mean(of(kind, key)));
    interface Row { label: string; key: Key; as: 'difference' | 'ratio'; unit: (v: number) => string; budget?: [number, string] }
    const specs: Row[] = [
      { label: 'pets: start-up (spawn → 1st batch)', key: 'startupMs', as: 'difference', unit: ms, budget: [BUDGET.startupMs, '≤ +150 ms'] },
      { label: '  spawn → script process', key: 'launchMs', as: 'difference', unit: ms },
      { label: '  process → TF.js ready', key: 'loadMs', as: 'difference', unit: ms },
      { label: '    its CPU time', key: 'loadCpuMs', as: 'difference', unit: ms },
      { label: '  TF.js ready → 1st batch', key: 'prepareMs', as: 'difference', unit: ms },
      { label: '    its CPU time', key: 'prepareCpuMs', as: 'difference', unit: ms },
      { label: 'pets: steady state, ms per batch', key: 'msPerBatch', as: 'ratio', unit: perBatch, budget: [BUDGET.throughputRatio, '≤ 1.02×'] },
      { label: '  its CPU time per batch', key: 'cpuMsPerBatch', as: 'ratio', unit: perBatch },
      { label: 'pets: end of work → exit', key: 'tailMs', as: 'difference', unit: ms },
      { label: 'pets: whole run, wall', key: 'wallMs', as: 'ratio', unit: s },
      ...(runs.every((r) => r.treeCpuMs !== null) ? [{ label: 'pets: whole run, CPU of all processes', key: 'treeCpuMs', as: 'ratio', unit: s } as Row] : []),
    ];
    const intervals = Object.fromEntries(specs.map((r) => [r.key, compare(r.key, r.as)])) as Record<Key, Interval>;
    rows.push(...specs.map((r) => [
      r.label,
      `${r.unit(sideMean('untraced', r.key, r.as))} / ${r.unit(sideMean('traced', r.key, r.as))}`,
      r.as === 'ratio' ? ratioText(intervals[r.key]) : diffText(intervals[r.key], 'ms'),
      r.budget ? budgeted(intervals[r.key], ...r.budget) : '',
    ]));
    notes.push(`(b) ${runs.length / 2} pairs${stoppedByTime ? ' (stopped by --minutes)' : ''}, ${EPOCHS} epochs each; ${runs[0].steadyIntervals} batch intervals per run in the steady state (epochs 2–${EPOCHS}).`);
    results.example = { pairs: runs.length / 2, stoppedByTime, intervals, runs };
  }

  const training: Record<string, unknown> = {};
  for (const section of ['pets', 'dense'] as const) {
    if (!SECTIONS.includes(section)) continue;
    const workload = WORKLOADS[section];
    console.log(`(c) training, ${section === 'pets' ? 'the pets example' : 'a dense MLP (bench/dense.js)'}, ${TRAINING_EPOCHS} epochs: untraced (node), trainspect run without --trace ` +
      `(--keep-running) with --shapes off without the weight statistics and with them, and as by default (with them and the shapes of its own ops), up to ${REPEATS} rounds, a dozen orders in turn`);
    const runOne = trainingRunner({ cli, benchDir, fail, spawnNode: (args, options) => timed(args, options) }, workload);
    const { runs, stoppedByTime } = await trainingTriples(runOne, REPEATS, sectionDeadline(section, SECTIONS.slice(SECTIONS.indexOf(section))), MIN_PAIRS, console.log);
    const side = (arm: Arm, key: TrainingKey) => geometricMean(runs.filter((r) => r.arm === arm).map((r) => r[key]));
    const compare = (key: TrainingKey, base: Arm, arm: Arm) => armRatio(runs, key, base, arm);
    const line = (label: string, key: TrainingKey, base: Arm, arm: Arm, budget?: [number, string]): string[] => {
      const interval = compare(key, base, arm);
      return [label, `${perBatch(side(base, key))} / ${perBatch(side(arm, key))}`, ratioText(interval), budget ? budgeted(interval, ...budget) : ''];
    };
    rows.push(
      line(`${section}: ms per batch, recorders, no weights`, 'msPerBatch', 'untraced', 'noWeights', [BUDGET.recordersRatio, '≤ 1.03×']),
      line('  its CPU time per batch', 'cpuMsPerBatch', 'untraced', 'noWeights'),
      line(`${section}: ms per batch, recorders + weights`, 'msPerBatch', 'untraced', 'recorders', [BUDGET.recordersWithWeightsRatio, '≤ 1.10×']),
      line('  its CPU time per batch', 'cpuMsPerBatch', 'untraced', 'recorders'),
      line('  within epochs only (no epoch ends)', 'withinEpochMsPerBatch', 'untraced', 'recorders'),
      line('  weights on / off (traced both)', 'msPerBatch', 'noWeights', 'recorders'),
      line('    its CPU time per batch', 'cpuMsPerBatch', 'noWeights', 'recorders'),
      line(`${section}: ms per batch, by default (recorders + weights + shapes)`, 'msPerBatch', 'untraced', 'shapes', [BUDGET.recordersWithWeightsRatio, '≤ 1.10×']),
      line('  its CPU time per batch', 'cpuMsPerBatch', 'untraced', 'shapes'),
      line('  shapes on / off (traced both)', 'msPerBatch', 'recorders', 'shapes'),
    );
    notes.push(`(c) ${section}: ${runs.length / ARMS.length} rounds${stoppedByTime ? ' (stopped by --minutes)' : ''}, ${TRAINING_EPOCHS} epochs each; ms per batch from the first batch of epoch 2 to the first of epoch ${TRAINING_EPOCHS} (${runs[0].batches} batches and their epoch ends).`);
    training[section] = {
      workload, rounds: runs.length / ARMS.length, stoppedByTime, runs,
      intervals: Object.fromEntries((['noWeights', 'recorders', 'shapes'] as const).map((arm) => [arm, { msPerBatch: compare('msPerBatch', 'untraced', arm), cpuMsPerBatch: compare('cpuMsPerBatch', 'untraced', arm) }])),
    };
  }
  if (Object.keys(training).length) results.training = training;

  if (SECTIONS.includes('hover')) {
    const hover = hoverIndexBench(QUICK ? 2_000 : 20_000);
    console.log(`(d) ${hoverIndexText(hover)}`);
    results.hover = hover;
    const within = hover.p99Ms < HOVER_BUDGET_MS;
    verdicts.push(within ? 'within' : 'over');
    rows.push(['hover on 10,000 sites, ms (median / p99)', `${hover.medianMs.toFixed(3)} / ${hover.p99Ms.toFixed(3)}`, '', `< ${HOVER_BUDGET_MS} ms: ${within ? 'within' : 'OVER'}`]);
  }

  if (SECTIONS.includes('postmortem')) {
    const repeats = Math.min(REPEATS, 10);
    console.log(`(e) the post-mortem recorder, armed vs postmortem: false (the runtime preloaded, nothing traced), ${repeats} pairs each in alternating order`);
    const pm = await postmortemSection({ root, preload, spawnNode: (args, options) => timed(args, options), fail, log: console.log, repeats, epochs: TRAINING_EPOCHS });
    const side = (values: number[], unit: (v: number) => string) => unit(geometricMean(values));
    rows.push(
      ['post-mortem: dense training (cpu), ms per batch', `${side(pm.training.off, perBatch)} / ${side(pm.training.armed, perBatch)}`, ratioText(pm.training.ratio), budgeted(pm.training.ratio, BUDGET.postmortemTrainingRatio, '≤ 1.03×')],
      ['post-mortem: 10,000 throws a second, loop time', `${side(pm.throwLoop.off, ms)} / ${side(pm.throwLoop.armed, ms)}`, ratioText(pm.throwLoop.ratio), budgeted(pm.throwLoop.ratio, BUDGET.postmortemThrowsRatio, '≤ 1.10×')],
      ['post-mortem: ten tensors, throw → event written', `median ${pm.snapshot.medianMs.toFixed(1)} ms, max ${pm.snapshot.maxMs.toFixed(1)} ms`, `${pm.snapshot.interval.estimate.toFixed(1)} ms  [${pm.snapshot.interval.low.toFixed(1)}, ${pm.snapshot.interval.high.toFixed(1)}]`, budgeted(pm.snapshot.interval, BUDGET.postmortemSnapshotMs, '≤ 50 ms')],
    );
    notes.push(`(e) ${repeats} pairs each; the throw loop caught ${pm.throwLoop.caught.toLocaleString('en-US')} errors; the post-mortem's own pause (snapshotMs) ${pm.snapshot.snapshotMs.map((v) => v.toFixed(1)).join(', ')} ms.`);
    results.postmortem = pm;
  }
  const loadAverageAtEnd = os.loadavg();

  const header = ['measure', 'untraced / traced (mean)', 'traced vs untraced [95% interval]', 'budget'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  console.log('');
  for (const r of [header, ...rows]) console.log(r.map((cell, c) => cell.padEnd(widths[c] + 2)).join('').trimEnd());
  console.log(`\n${notes.join('\n')}`);
  console.log("Intervals: Student t on the paired differences (ms, ns) and on the paired log-ratios (×: geometric mean ratio). CPU times are the script process's own (process.cpuUsage()) unless said.");
  console.log(`Load average ${loadAverageAtStart[0].toFixed(1)} at the start, ${loadAverageAtEnd[0].toFixed(1)} at the end (the bench's own runs add about 1).`);

  Object.assign(results, { loadAverageAtEnd, withinBudget: verdicts.every((v) => v === 'within') });
  const out = path.join(root, '.trainspect', 'bench.json');
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Every run's figures: ${path.relative(root, out)}`);
}

void main();
