// What a custom loop's `step` events cost (docs/benchmarks.md): (1) ms per trainOnBatch step of
// bench/loop-train.js untraced and as `trainspect run --keep-running` runs it (every recorder on: the
// health recorder's wrapper, its reads and the step event), in pairs run back to back in alternating
// order; (2) emitting one step event alone (encode and write, to /dev/null), in process.
//   node --import tsx bench/custom-loop-steps.ts [--quick]   (--quick: a check, not a measurement)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEventPipe } from '../src/runtime/event-writer';
import { loopStepped } from '../src/runtime/recorders/custom-loops';
import { median, pairedDifference, pairedRatio } from './stats';

const ROOT = path.resolve(__dirname, '..');
const QUICK = process.argv.includes('--quick');
const PAIRS = QUICK ? 2 : 10;
const STEPS = QUICK ? 60 : 400;
const SCRIPT = path.join(ROOT, 'bench', 'loop-train.js');
const CLI = path.join(ROOT, 'dist', 'cli', 'trainspect.js');

function msPerStep(traced: boolean, out: string): number {
  const args = traced ? [CLI, 'run', '--quiet', '--keep-running', '--out', out, SCRIPT, '--', '--steps', String(STEPS)] : [SCRIPT, '--steps', String(STEPS)];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  const m = /loop-ms-per-step ([\d.]+)/.exec(r.stdout);
  if (r.status !== 0 || !m) throw new Error(`${traced ? 'traced' : 'untraced'} run failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return Number(m[1]);
}

function loopSection(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-loop-bench-'));
  const out = path.join(dir, 'trace.jsonl');
  const untraced: number[] = [];
  const traced: number[] = [];
  try {
    for (let pair = 0; pair < PAIRS; pair++) {
      const order = pair % 2 ? [true, false] : [false, true];
      for (const t of order) (t ? traced : untraced).push(msPerStep(t, out));
    }
    const steps = fs.readFileSync(out, 'utf8').split('\n').filter((l) => l.includes('"type":"step"')).length;
    if (steps !== STEPS) throw new Error(`the traced run wrote ${steps} step events, not ${STEPS}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ratio = pairedRatio(untraced, traced);
  const diff = pairedDifference(untraced, traced);
  console.log(`trainOnBatch loop, 784-128-64-10, batch 32, cpu, ${STEPS} steps, ${PAIRS} pairs: untraced ${median(untraced).toFixed(3)} ms/step, traced ${median(traced).toFixed(3)} ms/step (medians)`);
  console.log(`  traced/untraced ${ratio.estimate.toFixed(3)}× [${ratio.low.toFixed(3)}, ${ratio.high.toFixed(3)}]; added ${diff.estimate.toFixed(3)} ms/step [${diff.low.toFixed(3)}, ${diff.high.toFixed(3)}] (95%)`);
}

function emitSection(): void {
  const fd = fs.openSync('/dev/null', 'w');
  openEventPipe(fd);
  const loop = { loop: 'trainOnBatch' as const, loopId: 1, model: 'sequential_1', optimizer: null };
  const n = QUICK ? 20_000 : 200_000;
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) loopStepped(loop, i, { loss: 0.6931471805599453, acc: 0.53125 }, { numTensors: 123 + i, numBytes: 456_789 + i });
    rounds.push(((performance.now() - start) * 1000) / n);
  }
  fs.closeSync(fd);
  console.log(`one step event (encode + write to /dev/null), ${n} × 5 rounds: median ${median(rounds).toFixed(2)} µs (rounds ${rounds.map((r) => r.toFixed(2)).join(', ')})`);
}

console.log(`${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}${QUICK ? ' (--quick: a check, not a measurement)' : ''}`);
emitSection();
loopSection();
