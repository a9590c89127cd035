// Comparing runs (src/protocol/run-comparison.ts) on real traces: two `trainspect run`s of one small fit
// with a different learning rate and number of epochs, read back with src/host/run-comparison-read.ts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EpochEvent, TraceEvent } from '../../src/protocol/events';
import { compareRuns, ComparisonError } from '../../src/protocol/run-comparison';
import { readComparedRun } from '../../src/host/run-comparison-read';
import { buildOnce, CLI, FIXTURES } from './helpers';

const SCRIPT = path.join(FIXTURES, '..', 'compare', 'fit-lr.cjs');

function cliRun(out: string, args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, 'run', SCRIPT, '--out', out, ...args], { cwd: path.dirname(SCRIPT), encoding: 'utf8' });
  assert.ok(fs.existsSync(out), `no trace: ${r.stderr}`);
}

const epochsOf = (file: string): EpochEvent[] =>
  fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceEvent).filter((e): e is EpochEvent => e.type === 'epoch');

describe('run comparison', function () {
  this.timeout(120_000);
  let tmp: string;
  let slow: string;
  let fast: string;

  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-compare-'));
    slow = path.join(tmp, 'slow.jsonl');
    fast = path.join(tmp, 'fast.jsonl');
    cliRun(slow, ['--', '0.1', '3']);
    cliRun(fast, ['--', '2', '5']);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('labels each run, says the arguments differed, and tables each run\'s last epoch', async () => {
    const comparison = compareRuns([await readComparedRun(slow), await readComparedRun(fast)]);
    assert.equal(comparison.runs.length, 2);
    for (const run of comparison.runs) assert.match(run.label, /^fit-lr\.cjs \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    assert.notEqual(comparison.runs[0].label, comparison.runs[1].label);
    const args = comparison.differences.find((d) => d.field === 'arguments');
    assert.deepEqual(args?.values, ['0.1 3', '2 5']);
    assert.ok(!comparison.differences.some((d) => d.field === 'script' || d.field === 'cwd' || d.field === 'node'), JSON.stringify(comparison.differences));
    for (const [i, file] of [slow, fast].entries()) {
      const epochs = epochsOf(file);
      const final = comparison.finals[i];
      assert.deepEqual(final.last, epochs.at(-1)!.logs, 'the final metrics are the last epoch\'s logs');
      assert.equal(final.epochs, epochs.length);
      assert.equal(final.batches, epochs.length * 3, 'six samples in batches of two');
      const valLosses = epochs.map((e) => e.logs.val_loss as number);
      assert.equal(final.bestValLoss?.value, Math.min(...valLosses));
      assert.equal(final.bestValLoss?.epoch, valLosses.indexOf(Math.min(...valLosses)) + 1);
    }
    assert.deepEqual(comparison.finalColumns.slice().sort(), ['acc', 'loss', 'val_acc', 'val_loss']);
  });

  it('gives every metric chart a curve per run, with each epoch\'s values', async () => {
    const comparison = compareRuns([await readComparedRun(slow), await readComparedRun(fast)]);
    assert.equal(comparison.metrics[0].metric, 'loss', 'loss comes first');
    const epochLoss = comparison.metrics.find((m) => m.metric === 'loss' && m.kind === 'epoch');
    const batchLoss = comparison.metrics.find((m) => m.metric === 'loss' && m.kind === 'batch');
    const valLoss = comparison.metrics.find((m) => m.metric === 'loss' && m.kind === 'validation');
    for (const [i, file] of [slow, fast].entries()) {
      const epochs = epochsOf(file);
      assert.deepEqual(epochLoss?.curves[i]?.map((p) => p.value), epochs.map((e) => e.logs.loss));
      assert.deepEqual(valLoss?.curves[i]?.map((p) => p.value), epochs.map((e) => e.logs.val_loss));
      assert.equal(batchLoss?.curves[i]?.length, epochs.length * 3);
    }
  });

  it('tells two runs with the same label apart, and needs two runs', async () => {
    const run = await readComparedRun(slow);
    const comparison = compareRuns([run, run]);
    assert.deepEqual(comparison.runs.map((r) => r.label.slice(-2)), ['#1', '#2']);
    assert.deepEqual(comparison.differences, []);
    assert.throws(() => compareRuns([run]), ComparisonError);
  });

  it('stops reading when its signal aborts (the command\'s Cancel), even in the middle of a long trace', async () => {
    const long = path.join(tmp, 'long.jsonl');
    const lines = fs.readFileSync(fast, 'utf8').split('\n').filter(Boolean);
    const batch = lines.find((l) => JSON.parse(l).type === 'memory') ?? lines[1];
    fs.writeFileSync(long, [lines[0], ...Array.from({ length: 200_000 }, () => batch)].join('\n'));
    await assert.rejects(readComparedRun(long, AbortSignal.abort()), { name: 'AbortError' });
    const started = Date.now();
    const whole = await readComparedRun(long);
    const wholeMs = Date.now() - started;
    const abort = new AbortController();
    setTimeout(() => abort.abort(), Math.max(1, wholeMs / 10));
    const at = Date.now();
    await assert.rejects(readComparedRun(long, abort.signal), { name: 'AbortError' });
    const cancelledMs = Date.now() - at;
    console.log(`      a 200,001-line trace: read in ${wholeMs} ms, cancelled after ${cancelledMs} ms`);
    assert.ok(cancelledMs < wholeMs, 'cancelled before the end');
    assert.ok(whole.model.eventCount > 200_000);
  });

  it('skips a damaged trace\'s damaged lines and counts them', async () => {
    const damaged = path.join(tmp, 'damaged.jsonl');
    const lines = fs.readFileSync(fast, 'utf8').split('\n');
    lines.splice(3, 0, '{"type": "batch", cut off', 'not json at all');
    fs.writeFileSync(damaged, lines.join('\n'));
    const comparison = compareRuns([await readComparedRun(slow), await readComparedRun(damaged)]);
    assert.equal(comparison.runs[1].damagedLines, 2);
    assert.deepEqual(comparison.finals[1].last, epochsOf(fast).at(-1)!.logs);
  });
});
