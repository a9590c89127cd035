// The run library (src/host/run-library.ts) on real traces made by real `trainspect run`s of fixtures:
// finished, failed, stopped at the call limit, and a CLI killed with SIGKILL mid-run (interrupted); damaged
// files; 500 stored runs listed from the index without reading a trace; the size cap pruning the oldest.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EpochEvent, TraceEvent } from '../../src/protocol/events';
import { RunLibrary, type RunEntry } from '../../src/host/run-library';
import { buildOnce, CLI, FIXTURES, waitFor } from './helpers';

const TRAINING = path.join(FIXTURES, '..', 'training');

function cliRun(out: string, script: string, args: string[], cwd = FIXTURES): void {
  const r = spawnSync(process.execPath, [CLI, 'run', script, '--out', out, ...args], { cwd, encoding: 'utf8' });
  assert.ok(fs.existsSync(out), `no trace from ${script}: ${r.stderr}`);
}

const eventsOf = (file: string): TraceEvent[] => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceEvent);
const entryOf = (entries: RunEntry[], file: string): RunEntry => {
  const entry = entries.find((e) => e.traceFile === file);
  assert.ok(entry, `${path.basename(file)} is not listed`);
  return entry;
};

describe('run library', function () {
  this.timeout(120_000);
  let tmp: string;
  let dir: string;
  const trace = (name: string) => path.join(dir, name);

  before(async () => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-library-'));
    dir = path.join(tmp, 'traces');
    fs.mkdirSync(dir);
    cliRun(trace('fit.jsonl'), path.join(TRAINING, 'fit.cjs'), [], TRAINING);
    cliRun(trace('throws.jsonl'), 'throws.js', []);
    cliRun(trace('limit.jsonl'), 'pets.js', ['20', '50', '--trace', 'labeller', '--max-calls', '2']);
    // The CLI (the host) killed hard while its script waits: no exit event is ever written.
    const host = spawn(process.execPath, [CLI, 'run', 'waits.js', '--out', trace('killed.jsonl'), '--trace', 'splitter', '--keep-running'], { cwd: FIXTURES, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    host.stdout.on('data', (d: Buffer) => (stdout += d));
    await waitFor(() => stdout.includes('ready'), 30_000);
    const exited = new Promise((resolve) => host.on('exit', resolve));
    host.kill('SIGKILL');
    await exited;
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('summarises a finished, a failed, a stopped and an interrupted run from their traces', async () => {
    const entries = await new RunLibrary(dir).list();
    const fit = entryOf(entries, trace('fit.jsonl'));
    const fitEvents = eventsOf(fit.traceFile);
    const lastEpoch = fitEvents.filter((e): e is EpochEvent => e.type === 'epoch').at(-1)!;
    assert.equal(fit.summary?.status, 'finished');
    assert.equal(fit.summary.script, path.join(TRAINING, 'fit.cjs'));
    assert.equal(fit.summary.finalLoss, lastEpoch.logs.loss, 'the final loss is the last epoch\'s');
    assert.deepEqual(fit.summary.finalMetrics, lastEpoch.logs);
    assert.equal(fit.summary.eventCount, fitEvents.length);
    assert.equal(fit.damaged, undefined);

    const failed = entryOf(entries, trace('throws.jsonl'));
    assert.equal(failed.summary?.status, 'failed');
    assert.equal(failed.summary.detail, 'TypeError: cannot read the images of 2 items');
    assert.equal(failed.summary.finalLoss, null);

    const stopped = entryOf(entries, trace('limit.jsonl'));
    assert.equal(stopped.summary?.status, 'stopped');
    assert.equal(stopped.summary.detail, 'at the call limit');
    assert.deepEqual(stopped.summary.targets, ['labeller']);

    const killed = entryOf(entries, trace('killed.jsonl'));
    assert.equal(killed.summary?.status, 'interrupted', 'a trace without an exit event whose writer is gone');
    assert.ok(!eventsOf(killed.traceFile).some((e) => e.type === 'exit'));
    assert.ok(fs.existsSync(`${killed.traceFile}.lock`), 'the killed CLI left its lock behind (its pid is gone)');
    assert.equal(killed.damaged, undefined);
    assert.deepEqual(entries.map((e) => e.summary?.startTime), entries.map((e) => e.summary?.startTime).sort().reverse(), 'newest first');
  });

  it('lists a trace being written as running, from its first line', async () => {
    const live = trace('live.jsonl');
    fs.copyFileSync(trace('killed.jsonl'), live);
    fs.writeFileSync(`${live}.lock`, `${process.pid}\n`); // a live writer: this process
    const library = new RunLibrary(dir);
    const entry = entryOf(await library.list(), live);
    assert.equal(entry.summary?.status, 'running');
    assert.throws(() => library.delete(live), /is writing/);
    fs.rmSync(`${live}.lock`);
    library.delete(live);
    assert.ok(!fs.existsSync(live));
  });

  it('lists damaged traces with the reason: a cut line, a file that is not a trace, an empty file', async () => {
    const damagedDir = path.join(tmp, 'damaged');
    fs.mkdirSync(damagedDir);
    const whole = fs.readFileSync(trace('fit.jsonl'), 'utf8');
    const cut = path.join(damagedDir, 'cut.jsonl');
    fs.writeFileSync(cut, whole.slice(0, whole.lastIndexOf('\n', whole.length - 2) + 20)); // the last line cut after 20 characters
    fs.writeFileSync(path.join(damagedDir, 'notes.jsonl'), '{"hello": "world"}\n');
    fs.writeFileSync(path.join(damagedDir, 'empty.jsonl'), '');
    fs.mkdirSync(path.join(damagedDir, 'folder.jsonl')); // not a file: not listed
    fs.symlinkSync(path.join(damagedDir, 'nowhere'), path.join(damagedDir, 'dangling.jsonl'));

    const entries = await new RunLibrary(damagedDir).list();
    assert.deepEqual(entries.map((e) => path.basename(e.traceFile)).sort(), ['cut.jsonl', 'empty.jsonl', 'notes.jsonl']);
    const byName = (name: string) => entryOf(entries, path.join(damagedDir, name));
    assert.match(byName('cut.jsonl').damaged ?? '', /^cut off in line \d+/);
    assert.equal(byName('cut.jsonl').summary?.status, 'interrupted', 'the exit event was the line cut');
    assert.match(byName('notes.jsonl').damaged ?? '', /^not a Trainspect trace \(line 1: not a Trainspect event\)/);
    assert.equal(byName('notes.jsonl').summary, undefined);
    assert.match(byName('empty.jsonl').damaged ?? '', /the trace is empty/);
  });

  it('lists 500 stored runs from its index without reading a trace', async () => {
    const many = path.join(tmp, 'many');
    fs.mkdirSync(many);
    const sources = ['fit.jsonl', 'throws.jsonl', 'limit.jsonl', 'killed.jsonl'].map((n) => fs.readFileSync(trace(n)));
    for (let i = 0; i < 500; i++) fs.writeFileSync(path.join(many, `run-${String(i).padStart(3, '0')}.jsonl`), sources[i % sources.length]);

    let started = performance.now();
    const cold = new RunLibrary(many);
    const first = await cold.list();
    const coldMs = performance.now() - started;
    assert.equal(first.length, 500);
    assert.equal(cold.tracesRead, 500);

    started = performance.now();
    const warm = new RunLibrary(many); // a new library (as after a reload): the index from disk
    const again = await warm.list();
    const warmMs = performance.now() - started;
    assert.equal(warm.tracesRead, 0, 'no trace was read: every summary came from the index');
    assert.deepEqual(again, first);
    console.log(`      500 runs listed: cold (index built) ${coldMs.toFixed(0)} ms, warm (from the index) ${warmMs.toFixed(1)} ms`);

    fs.appendFileSync(path.join(many, 'run-007.jsonl'), '\n'); // changed since: read again, alone
    const changed = new RunLibrary(many);
    await changed.list();
    assert.equal(changed.tracesRead, 1);
  });

  it('prunes the oldest stored traces past the size cap, never the one kept nor one being written', async () => {
    const capped = path.join(tmp, 'capped');
    fs.mkdirSync(capped);
    const bytes = fs.readFileSync(trace('throws.jsonl'));
    const files = Array.from({ length: 6 }, (_, i) => path.join(capped, `t${i}.jsonl`));
    files.forEach((file, i) => {
      fs.writeFileSync(file, bytes);
      fs.utimesSync(file, 1000 + i, 1000 + i); // t0 oldest
    });
    fs.writeFileSync(`${files[1]}.lock`, `${process.pid}\n`); // t1 is being written
    const library = new RunLibrary(capped);
    await library.list();
    const deleted = library.prune(bytes.length * 3, files[0]);
    assert.deepEqual(deleted, [files[2], files[3], files[4]], 'oldest first, t0 kept and t1 being written skipped');
    assert.deepEqual(fs.readdirSync(capped).filter((n) => n.endsWith('.jsonl')).sort(), ['t0.jsonl', 't1.jsonl', 't5.jsonl']);
    assert.deepEqual((await library.list()).map((e) => path.basename(e.traceFile)).sort(), ['t0.jsonl', 't1.jsonl', 't5.jsonl']);
    assert.deepEqual(library.prune(0, files[0]), [files[5]], 'only what may go goes, even at a cap of 0');
  });
});
