// How often V8 runs a full (mark-compact) collection while the pets example trains, untraced against
// traced, and what each run's throughput was: the traced process's wall time per batch is over its
// instruction count (docs/benchmarks.md, "Where the time per instruction goes"), and the difference
// follows the collector's regime, not the recorders' own work. Each run's script gets V8's --trace-gc
// (both arms), whose lines are counted: Mark-Compact and Scavenge events, and the main-thread pause of
// the Mark-Compacts. The traced arm is the training recorder's (curves, model table, health, memory;
// `--shapes off`, weights off), with the post-mortem as it runs by default or, with
// `--no-postmortem`, off. With taskset, the script runs on the last CPU this process may use and the CLI
// on the first, so that on a 2-core machine neither waits for the other. `--untraced-gc-at MS` gives the
// untraced script one full collection (V8's gc(), under --expose-gc) MS ms after it starts: the regime
// with many collections is the script's own once anything collects during training.
//   npm run bench:gc -- [--pairs 8] [--epochs 8] [--no-postmortem] [--untraced-gc-at 1000]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePetsTiming, trainingFigures, TIMING_ENV } from './pets-timing';
import { median, pairedRatio } from './stats';
import { flag, numberOption } from './options';
import { ensurePetsImages } from './pets-data';

const root = path.resolve(__dirname, '..');
const PAIRS = numberOption('--pairs', 8);
const EPOCHS = numberOption('--epochs', 8);
const POSTMORTEM = !flag('--no-postmortem');
/** ms after start of the untraced script's one gc(), or undefined for none. */
const UNTRACED_GC_AT = flag('--untraced-gc-at') ? numberOption('--untraced-gc-at', NaN) : undefined;

function fail(message: string): never {
  console.error(`bench/gc-regime: ${message}`);
  process.exit(1);
}

if (!(PAIRS >= 2 && EPOCHS >= 3)) fail('--pairs takes 2 or more, --epochs 3 or more');
if (UNTRACED_GC_AT !== undefined && !(UNTRACED_GC_AT >= 0)) fail('--untraced-gc-at takes a number of ms');
const cli = path.join(root, 'dist', 'cli', 'trainspect.js');
if (!fs.existsSync(cli)) fail('dist/cli/trainspect.js is missing: run npm run build first');
const script = path.join(root, 'examples', 'pets', 'train.js');
if (!ensurePetsImages(root)) fail('generating the pets images failed');

/** The CPUs this process may run on (Linux's Cpus_allowed_list: "0-3,8"), in order; empty elsewhere. */
function allowedCpus(): number[] {
  let list: string | undefined;
  try {
    list = /^Cpus_allowed_list:\s*(\S+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
  } catch {
    return [];
  }
  return (list ?? '').split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number);
    return Number.isInteger(from) && Number.isInteger(to) ? Array.from({ length: to - from + 1 }, (_, i) => from + i) : [];
  });
}
const cpus = allowedCpus();
const [firstCpu, lastCpu] = [cpus[0], cpus[cpus.length - 1]];
const pinned = cpus.length >= 2 && [firstCpu, lastCpu].every((cpu) => spawnSync('taskset', ['-c', String(cpu), 'true']).status === 0);
/** The command prefix that runs on the first or the last allowed CPU (the script's), or nothing without taskset. */
const on = (cpu: 'first' | 'last'): string[] => (pinned ? ['taskset', '-c', String(cpu === 'first' ? firstCpu : lastCpu)] : []);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-gc-regime-'));
const config = `"weights":false,${POSTMORTEM ? '' : '"postmortem":false,'}`;
const wrapper = path.join(work, 'node-traced');
fs.writeFileSync(wrapper, `#!/bin/sh\nTRAINSPECT_CONFIG='{${config}'"\${TRAINSPECT_CONFIG#?}"\nexport TRAINSPECT_CONFIG\nexec ${on('last').join(' ')} "${process.execPath}" --trace-gc "$@"\n`, { mode: 0o755 });

/** The untraced arm's own node flags: --trace-gc, and the one gc() of --untraced-gc-at. */
const untracedFlags = ['--trace-gc'];
if (UNTRACED_GC_AT !== undefined) {
  const collect = path.join(work, 'collect-once.js');
  fs.writeFileSync(collect, `setTimeout(() => globalThis.gc(), ${UNTRACED_GC_AT}).unref();\n`);
  untracedFlags.push('--expose-gc', '--require', collect);
}

interface Run {
  markCompacts: number;
  scavenges: number;
  /** The main thread's time in Mark-Compacts, ms: the final pause (V8's "x / y ms": x) and the incremental steps before it ("+ z ms in n steps"). */
  markCompactPauseMs: number;
  msPerBatch: number;
}

function runOnce(arm: 'untraced' | 'traced'): Run {
  const args = ['--epochs', String(EPOCHS)];
  const [command, ...rest] = arm === 'untraced'
    ? [...on('last'), process.execPath, ...untracedFlags, script, ...args]
    : [...on('first'), process.execPath, cli, 'run', '--keep-running', '--quiet', '--shapes', 'off', '--node', wrapper, '--out', path.join(work, 'trace.jsonl'), script, '--', ...args];
  const result = spawnSync(command, rest, { cwd: root, encoding: 'utf8', env: { ...process.env, [TIMING_ENV]: '1' }, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) fail(`the ${arm} run failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
  const lines = result.stdout.split('\n');
  const markCompacts = lines.filter((l) => l.includes(': Mark-Compact '));
  const pause = (line: string): number => Number(/MB, ([\d.]+) \/ [\d.]+ ms/.exec(line)?.[1] ?? 0) + Number(/\(\+ ([\d.]+) ms in \d+ steps/.exec(line)?.[1] ?? 0);
  return {
    markCompacts: markCompacts.length,
    scavenges: lines.filter((l) => l.includes(': Scavenge ')).length,
    markCompactPauseMs: markCompacts.reduce((sum, l) => sum + pause(l), 0),
    msPerBatch: trainingFigures(parsePetsTiming(result.stdout)).msPerBatch,
  };
}

const describe = (r: Run): string => `${String(r.markCompacts).padStart(3)} mark-compacts (${r.markCompactPauseMs.toFixed(1)} ms on the main thread), ${String(r.scavenges).padStart(3)} scavenges, ${r.msPerBatch.toFixed(1)} ms a batch`;

console.log(`pets example, ${EPOCHS} epochs, ${PAIRS} pairs; ${UNTRACED_GC_AT === undefined ? '' : `untraced: one gc() at ${UNTRACED_GC_AT} ms; `}traced: training recorder${POSTMORTEM ? ', post-mortem on' : ', post-mortem off'}; ${pinned ? `script on CPU ${lastCpu}, CLI on CPU ${firstCpu}` : 'not pinned (no taskset or one CPU)'}`);
runOnce('traced'); // not counted: fills the transform cache
const runs = { untraced: [] as Run[], traced: [] as Run[] };
for (let pair = 1; pair <= PAIRS; pair++) {
  const order = pair % 2 ? (['untraced', 'traced'] as const) : (['traced', 'untraced'] as const);
  for (const arm of order) runs[arm].push(runOnce(arm));
  console.log(`  pair ${String(pair).padStart(2)}  untraced ${describe(runs.untraced.at(-1)!)}  |  traced ${describe(runs.traced.at(-1)!)}`);
}
for (const arm of ['untraced', 'traced'] as const) {
  const of = (key: keyof Run) => median(runs[arm].map((r) => r[key]));
  console.log(`${arm.padEnd(8)} median: ${of('markCompacts')} mark-compacts, ${of('markCompactPauseMs').toFixed(1)} ms on the main thread in them, ${of('msPerBatch').toFixed(1)} ms a batch`);
}
const ratio = pairedRatio(runs.untraced.map((r) => r.msPerBatch), runs.traced.map((r) => r.msPerBatch));
console.log(`traced / untraced, ms a batch over epochs 2–${EPOCHS - 1} whole: ${ratio.estimate.toFixed(3)}× [${ratio.low.toFixed(3)}, ${ratio.high.toFixed(3)}]`);
fs.rmSync(work, { recursive: true, force: true });
