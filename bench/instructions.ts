// Instructions per epoch, traced against untraced, counted by valgrind (cachegrind without its cache
// simulation): what the training recorder costs, decided where wall time on a busy 2-core VM cannot
// decide 2–3 % (docs/benchmarks.md, "(g) Instructions, not seconds"). The script's process only: the untraced
// run is `valgrind node <script>`, the traced runs are `trainspect run` with `--node` a wrapper that
// starts the script under valgrind, so the CLI, its host and the reading of the event pipe are not
// counted. Each arm runs for two epoch counts; the difference over the extra epochs is its steady
// state (start-up, TF.js loading and the model's first compile cancel out). A warm-up fills the
// transform cache first, so that parsing the workload's files is in no counted run.
// With --cache-sim, cachegrind also simulates the caches (first level and last level, data and
// instructions) and the misses an epoch are printed beside the instructions: where the same
// instructions take longer in one arm (docs/benchmarks.md, "(g)" and "Where the time per instruction goes").
// --ll SIZE,ASSOC,LINE sets the simulated last level (valgrind's --LL): on an AMD EPYC VM valgrind
// otherwise takes a 256 MiB direct-mapped one, which no core has; one CCX is 33554432,16,64.
//   npm run bench:instructions -- [--workload pets|dense] [--epochs 2,8] [--repeats 1] [--arms training,weights,default] [--cache-sim [--ll 33554432,16,64]]
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { flag, numberOption, stringOption } from './options';
import { ensurePetsImages } from './pets-data';

/**
 * training: the training recorder's curves, model table, health and memory (weights and shapes off:
 * issue 7's ≤ 1.03×); weights: with the per-epoch weight statistics (≤ 1.10×); default: what
 * `trainspect run` records by default, the shapes of the workload's own ops included (issue 9's ≤ 1.10×).
 */
type Arm = 'untraced' | 'training' | 'weights' | 'default';
const ARMS: readonly Arm[] = ['untraced', 'training', 'weights', 'default'];

const root = path.resolve(__dirname, '..');
const WORKLOAD = stringOption('--workload', 'pets');
const [FEW, MANY] = stringOption('--epochs', '2,8').split(',').map(Number);
const REPEATS = numberOption('--repeats', 1);
/** The arms to run (untraced always): all by default. */
const CHOSEN = new Set(['untraced', ...stringOption('--arms', 'training,weights,default').split(',')]);
const CACHE_SIM = flag('--cache-sim');

const WORKLOADS: Record<string, { script: string; args: string[]; batchesPerEpoch: number; finished: RegExp }> = {
  pets: { script: path.join(root, 'examples', 'pets', 'train.js'), args: [], batchesPerEpoch: 8, finished: /Final validation accuracy/ },
  dense: { script: path.join(root, 'bench', 'dense.js'), args: ['--samples', '1024', '--batch-size', '64'], batchesPerEpoch: 16, finished: /Final training accuracy/ },
};

function fail(message: string): never {
  console.error(`bench/instructions: ${message}`);
  process.exit(1);
}

const workload = WORKLOADS[WORKLOAD] ?? fail(`--workload is one of ${Object.keys(WORKLOADS).join(', ')}`);
if (!(FEW >= 1 && MANY > FEW)) fail('--epochs takes two counts, the second larger: 2,8');
if (spawnSync('valgrind', ['--version']).status !== 0) fail('valgrind is not installed (Debian: apt-get install valgrind)');
const cli = path.join(root, 'dist', 'cli', 'trainspect.js');
if (!fs.existsSync(cli)) fail('dist/cli/trainspect.js is missing: run npm run build first');
if (WORKLOAD === 'pets' && !ensurePetsImages(root)) fail('generating the pets images failed');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-instructions-'));
const LL = stringOption('--ll', '');
if (LL && !/^\d+,\d+,\d+$/.test(LL)) fail('--ll takes SIZE,ASSOC,LINE: 33554432,16,64');
const VALGRIND = ['valgrind', '--tool=cachegrind', `--cache-sim=${CACHE_SIM ? 'yes' : 'no'}`, ...(CACHE_SIM && LL ? [`--LL=${LL}`] : [])];
/**
 * V8 compiles (JavaScript and wasm tier-up) and collects garbage on threads of its own, so how much of
 * that is done by a given point varies from run to run; on one thread it is done in the same order
 * each time. Both arms get the same flags.
 */
const NODE_FLAGS = ['--single-threaded'];

/** A `--node` for the CLI: the script's Node under valgrind, its count written to `countFile`. */
function wrapper(arm: Arm, countFile: string): string {
  const file = path.join(work, `node-${arm}`);
  const weightsOff = arm === 'training' ? `TRAINSPECT_CONFIG='{"weights":false,'"\${TRAINSPECT_CONFIG#?}"\nexport TRAINSPECT_CONFIG\n` : '';
  fs.writeFileSync(file, `#!/bin/sh\n${weightsOff}exec ${VALGRIND.join(' ')} --cachegrind-out-file=${countFile} "${process.execPath}" ${NODE_FLAGS.join(' ')} "$@"\n`, { mode: 0o755 });
  return file;
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** cachegrind's counts of the script's process, by event (Ir: instructions; D1mr, DLmr, …: misses), one arm, `epochs` epochs. */
async function count(arm: Arm, epochs: number): Promise<Record<string, number>> {
  const countFile = path.join(work, `${arm}-${epochs}.out`);
  fs.rmSync(countFile, { force: true });
  const scriptArgs = [...workload.args, '--epochs', String(epochs)];
  const trace = path.join(work, `${arm}.jsonl`);
  const result = arm === 'untraced'
    ? await run(VALGRIND[0], [...VALGRIND.slice(1), `--cachegrind-out-file=${countFile}`, process.execPath, ...NODE_FLAGS, workload.script, ...scriptArgs])
    : await run(process.execPath, [cli, 'run', '--keep-running', '--quiet', ...(arm === 'default' ? [] : ['--shapes', 'off']), '--node', wrapper(arm, countFile), '--out', trace, workload.script, '--', ...scriptArgs]);
  const what = `the ${arm} run of ${epochs} epochs`;
  if (result.code !== 0 || !workload.finished.test(result.stdout)) fail(`${what} failed (exit ${result.code}):\n${result.stderr.slice(-2000)}`);
  if (arm !== 'untraced') {
    const lines = fs.readFileSync(trace, 'utf8').split('\n');
    const batches = lines.filter((l) => l.startsWith('{"type":"batch"')).length;
    const weights = lines.filter((l) => l.startsWith('{"type":"weights"')).length;
    if (batches !== epochs * workload.batchesPerEpoch) fail(`${what} recorded ${batches} batches, not ${epochs * workload.batchesPerEpoch}`);
    const shapeSites = lines.filter((l) => l.startsWith('{"type":"shape-site"')).length;
    if (weights !== (arm === 'training' ? 0 : epochs)) fail(`${what} recorded ${weights} weights events`);
    if ((shapeSites > 0) !== (arm === 'default')) fail(`${what} recorded ${shapeSites} shape sites`);
  }
  const text = fs.readFileSync(countFile, 'utf8');
  const events = /^events:\s+(.+)$/m.exec(text)?.[1].trim().split(/\s+/);
  const summary = /^summary:\s+(.+)$/m.exec(text)?.[1].trim().split(/\s+/).map(Number);
  if (!events || !summary || events[0] !== 'Ir') fail(`${what}: valgrind wrote no summary to ${countFile}`);
  return Object.fromEntries(events.map((name, i) => [name, summary[i]]));
}

/**
 * A traced run of each arm's options, not counted: the transform cache then holds the workload's files
 * as they are instrumented for it (the key has the shapes option), so no counted run parses them.
 */
async function warmUp(): Promise<void> {
  for (const shapes of [['--shapes', 'off'], []]) {
    const result = await run(process.execPath, [cli, 'run', '--keep-running', '--quiet', ...shapes, '--out', path.join(work, 'warm-up.jsonl'), workload.script, '--', ...workload.args, '--epochs', '1']);
    if (result.code !== 0) fail(`the warm-up run failed (exit ${result.code}):\n${result.stderr.slice(-2000)}`);
  }
}

/** The misses printed with --cache-sim: first-level instruction and data (read, write), and last-level data. */
const MISSES = ['I1mr', 'D1mr', 'D1mw', 'DLmr', 'DLmw'];

async function main(): Promise<void> {
  await warmUp();
  console.log(`Instructions of ${path.relative(root, workload.script)} (${workload.batchesPerEpoch} batches an epoch), ${FEW} and ${MANY} epochs, ${REPEATS} repeats, valgrind ${spawnSync('valgrind', ['--version']).stdout.toString().trim()}${CACHE_SIM ? ', with its cache simulation' : ''}`);
  const perEpoch: Record<Arm, Record<string, number>[]> = { untraced: [], training: [], weights: [], default: [] };
  for (let repeat = 1; repeat <= REPEATS; repeat++) {
    for (const arm of ARMS.filter((a) => CHOSEN.has(a))) {
      const few = await count(arm, FEW);
      const many = await count(arm, MANY);
      const epoch = Object.fromEntries(Object.keys(many).map((name) => [name, (many[name] - few[name]) / (MANY - FEW)]));
      perEpoch[arm].push(epoch);
      const misses = CACHE_SIM ? `; misses an epoch ${MISSES.map((name) => `${name} ${(epoch[name] / 1e6).toFixed(2)} M`).join(', ')}` : '';
      console.log(`  repeat ${repeat} ${arm.padEnd(9)} ${FEW} epochs ${(few.Ir / 1e9).toFixed(3)} G, ${MANY} epochs ${(many.Ir / 1e9).toFixed(3)} G: ${(epoch.Ir / 1e6).toFixed(1)} M an epoch, ${(epoch.Ir / workload.batchesPerEpoch / 1e6).toFixed(2)} M a batch${misses}`);
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const ratioLine = (arm: Arm, name: string) => {
    const ratios = perEpoch[arm].map((v, i) => v[name] / perEpoch.untraced[i][name]);
    const base = mean(perEpoch.untraced.map((v) => v[name]));
    return `${(mean(perEpoch[arm].map((v) => v[name])) / base).toFixed(4)}×  [${Math.min(...ratios).toFixed(4)}, ${Math.max(...ratios).toFixed(4)}]`;
  };
  console.log('Instructions an epoch against untraced (mean of the repeats; min–max of the per-repeat ratios):');
  for (const arm of ARMS.slice(1).filter((a) => CHOSEN.has(a))) {
    console.log(`  ${arm.padEnd(9)} ${ratioLine(arm, 'Ir')}`);
    if (CACHE_SIM) for (const name of MISSES) console.log(`    ${name.padEnd(5)} ${ratioLine(arm, name)}`);
  }
  fs.rmSync(work, { recursive: true, force: true });
}

void main();
