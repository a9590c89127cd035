// `npm run bench`: what Trainspect costs (docs/benchmarks.md).
//  (a) the callable hook, per call: bench/hook-cost.js under the real runtime, a traced labeller and
//      splitter against untraced twins in the same process, after the first maxCalls recorded calls;
//  (b) the pets example's wall time traced through the CLI (--keep-running, so it trains fully)
//      against plain node, runs alternating, median of each.
// Prints a table and writes .trainspect/bench.json.
//   node scripts/bench.mjs [--repeats 5] [--calls 1000000] [--rounds 7] [--epochs 6]
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const REPEATS = option('--repeats', 5);
const CALLS = option('--calls', 1_000_000);
const ROUNDS = option('--rounds', 7);
const EPOCHS = option('--epochs', 6);
const MAX_CALLS = 3;
const BUDGET = { overheadNs: 1000, ratio: 1.1 };
const preload = path.join(root, 'dist', 'runtime', 'preload.js');
const cli = path.join(root, 'dist', 'cli', 'trainspect.js');
const benchDir = path.join(root, '.trainspect', 'bench');

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

const median = (values) => {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * CPU time (user + system, ms) of this process's waited-for children and their descendants, from
 * /proc/self/stat (cutime, cstime): unlike wall time, hardly moved by other work on the machine.
 * null where /proc is missing.
 */
function childrenCpuMs() {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** Runs a command to its end; resolves to its wall and CPU time in ms, stdout, and what came on fd 3. */
function timed(args, { env = {}, eventPipe = false } = {}) {
  return new Promise((resolve, reject) => {
    const stdio = ['ignore', 'pipe', 'pipe', ...(eventPipe ? ['pipe'] : [])];
    const started = process.hrtime.bigint();
    const cpuBefore = childrenCpuMs();
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio });
    const out = { stdout: '', stderr: '', events: '' };
    child.stdout.on('data', (d) => (out.stdout += d));
    child.stderr.on('data', (d) => (out.stderr += d));
    if (eventPipe) child.stdio[3].on('data', (d) => (out.events += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuAfter = childrenCpuMs();
      resolve({ ms, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, code, signal, ...out });
    });
  });
}

async function hookCost() {
  const config = { targets: ['labelFromFilename', 'splitter'], maxCalls: MAX_CALLS, eventFd: 3 };
  const run = await timed(['--require', preload, path.join(root, 'bench', 'hook-cost.js'), String(CALLS), String(ROUNDS)],
    { env: { TRAINSPECT_CONFIG: JSON.stringify(config) }, eventPipe: true });
  if (run.code !== 0) fail(`bench/hook-cost.js failed (exit ${run.code}):\n${run.stderr}`);
  const events = run.events.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  // The numbers only mean something if the runtime really wrapped the pair and left the twins alone.
  const tracedSites = events.filter((e) => e.type === 'callable' && e.traced);
  if (tracedSites.length !== config.targets.length) fail(`expected ${config.targets.length} traced sites in bench/hook-cost.js, got ${tracedSites.map((e) => e.id).join(', ')}`);
  const traced = new Set(tracedSites.map((e) => e.name));
  const recorded = (name) => events.filter((e) => e.type === 'call' && e.callable === name).length;
  for (const name of config.targets) {
    if (!traced.has(name)) fail(`the runtime did not trace ${name} in bench/hook-cost.js`);
    if (recorded(name) !== MAX_CALLS) fail(`expected ${MAX_CALLS} recorded calls of ${name}, got ${recorded(name)}`);
  }
  for (const twin of ['labelFromFilenameTwin', 'splitterTwin']) if (traced.has(twin)) fail(`the runtime traced ${twin}, which matches no target`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

async function exampleWallTime() {
  const train = path.join('examples', 'pets', 'train.js');
  const plain = [train, '--epochs', String(EPOCHS)];
  const traced = [cli, 'run', '--trace', 'splitter', '--trace', 'labelFromFilename', '--keep-running', '--quiet',
    '--out', path.join(benchDir, 'pets-traced.jsonl'), train, '--', '--epochs', String(EPOCHS)];
  const runs = { untraced: [], traced: [] };
  const cpu = { untraced: [], traced: [] };
  const check = (run, what) => {
    if (run.code !== 0) fail(`${what} run of the example failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
    if (!/Final validation accuracy/.test(run.stdout)) fail(`${what} run of the example did not finish training`);
  };
  await timed(plain).then((run) => check(run, 'warm-up')); // fills the file cache; not counted
  for (let i = 0; i < REPEATS; i++) {
    // Alternate which goes first, so a drift in machine load falls on both sides.
    const order = i % 2 ? ['traced', 'untraced'] : ['untraced', 'traced'];
    for (const kind of order) {
      const run = await timed(kind === 'traced' ? traced : plain);
      check(run, kind);
      runs[kind].push(run.ms);
      cpu[kind].push(run.cpuMs);
      process.stdout.write(`  run ${i + 1}/${REPEATS} ${kind.padEnd(8)} ${(run.ms / 1000).toFixed(2)} s wall, ${run.cpuMs === null ? '?' : (run.cpuMs / 1000).toFixed(2)} s cpu\n`);
    }
  }
  const trace = fs.readFileSync(path.join(benchDir, 'pets-traced.jsonl'), 'utf8');
  const calls = trace.split('\n').filter((l) => l.includes('"type":"call"')).length;
  if (calls === 0) fail('the traced run recorded no calls');
  return {
    epochs: EPOCHS, repeats: REPEATS, recordedCalls: calls,
    untracedMs: median(runs.untraced), tracedMs: median(runs.traced),
    ratio: median(runs.traced) / median(runs.untraced),
    // The fastest run of each is the one least disturbed by other work: a steadier ratio on a busy machine.
    minRatio: Math.min(...runs.traced) / Math.min(...runs.untraced),
    untracedRunsMs: runs.untraced, tracedRunsMs: runs.traced,
    ...(cpu.traced.includes(null) || cpu.untraced.includes(null) ? {} : {
      untracedCpuMs: median(cpu.untraced), tracedCpuMs: median(cpu.traced), cpuRatio: median(cpu.traced) / median(cpu.untraced),
      untracedRunsCpuMs: cpu.untraced, tracedRunsCpuMs: cpu.traced,
    }),
  };
}

const ns = (v) => `${v.toFixed(1)} ns`;
const verdict = (ok) => (ok ? 'within budget' : 'OVER BUDGET');

if (spawnSync(process.execPath, ['esbuild.js', 'runtime', 'cli'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('the build failed');
for (const file of [preload, cli]) if (!fs.existsSync(file)) fail(`the build did not produce ${path.relative(root, file)}`);
if (!fs.existsSync(path.join(root, 'examples', 'pets', 'data', 'images'))) {
  if (spawnSync(process.execPath, ['examples/pets/make-data.js'], { cwd: root, stdio: 'inherit' }).status !== 0) fail('generating the images failed');
}
fs.mkdirSync(benchDir, { recursive: true });

const loadAverageAtStart = os.loadavg();
console.log(`${os.cpus().length} cores, load average ${loadAverageAtStart[0].toFixed(1)} (wall times are only comparable on an otherwise idle machine)`);
console.log(`(a) hook cost per call: ${CALLS.toLocaleString('en-US')} calls × ${ROUNDS} rounds per function, after the first ${MAX_CALLS} recorded`);
const { labellerCost, splitterCost, callsPerRound, rounds } = await hookCost();
const hook = { callsPerRound, rounds, labeller: labellerCost, splitter: splitterCost };
console.log(`(b) pets example, ${EPOCHS} epochs: untraced (node) vs traced (trainspect run --keep-running), ${REPEATS} alternating repeats`);
const wall = await exampleWallTime();

const rows = [
  ['labeller: traced / untraced', `${ns(hook.labeller.tracedNs)} / ${ns(hook.labeller.untracedNs)}`, `+${ns(hook.labeller.overheadNs)} per call`, verdict(hook.labeller.overheadNs <= BUDGET.overheadNs)],
  ['splitter: traced / untraced', `${ns(hook.splitter.tracedNs)} / ${ns(hook.splitter.untracedNs)}`, `+${ns(hook.splitter.overheadNs)} per call`, verdict(hook.splitter.overheadNs <= BUDGET.overheadNs)],
  ['pets example: traced / untraced', `${(wall.tracedMs / 1000).toFixed(2)} s / ${(wall.untracedMs / 1000).toFixed(2)} s`, `${wall.ratio.toFixed(3)}×`, verdict(wall.ratio <= BUDGET.ratio)],
  ['  same, fastest run of each', `${(Math.min(...wall.tracedRunsMs) / 1000).toFixed(2)} s / ${(Math.min(...wall.untracedRunsMs) / 1000).toFixed(2)} s`, `${wall.minRatio.toFixed(3)}×`, '(for reference)'],
  ...(wall.cpuRatio === undefined ? [] : [['  same, CPU time (user + sys)', `${(wall.tracedCpuMs / 1000).toFixed(2)} s / ${(wall.untracedCpuMs / 1000).toFixed(2)} s`, `${wall.cpuRatio.toFixed(3)}×`, '(for reference)']]),
];
const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
console.log('\nmeasure                          median                      cost                  budget (≤ 1 µs/call, ≤ 1.10×)');
for (const r of rows) console.log(`${r[0].padEnd(widths[0] + 2)}${r[1].padEnd(widths[1] + 2)}${r[2].padEnd(widths[2] + 2)}${r[3]}`);

const results = {
  date: new Date().toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`,
  cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, loadAverageAtStart, loadAverageAtEnd: os.loadavg(),
  budget: BUDGET, hook, example: wall,
  withinBudget: hook.labeller.overheadNs <= BUDGET.overheadNs && hook.splitter.overheadNs <= BUDGET.overheadNs && wall.ratio <= BUDGET.ratio,
};
const out = path.join(root, '.trainspect', 'bench.json');
fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nResults: ${path.relative(root, out)}`);
