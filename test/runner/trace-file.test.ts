// A trace that cannot be written, and two runs writing the same one: the built CLI in child processes.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTrace } from '../../src/protocol/trace-format';
import { buildOnce, CLI, FIXTURES, waitFor } from './helpers';

const env = { ...process.env, NO_COLOR: '1' };

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: FIXTURES, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: the trace file', function () {
  this.timeout(90_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-tracefile-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('refuses, with exit code 73 and before running anything, a path that is not a regular file', () => {
    const fifo = path.join(tmp, 'fifo.jsonl');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const cases: Array<[string, RegExp]> = [
      ['/dev/full', /it is a device, not a regular file/],
      [tmp, /it is a folder, not a regular file/],
      [fifo, /it is a named pipe \(FIFO\), not a regular file/],
      [path.join(FIXTURES, 'pets.js', 'trace.jsonl'), /cannot create its folder: (ENOTDIR|EEXIST): [a-z ]+/],
    ];
    for (const [out, why] of cases) {
      const r = cli(['run', 'pets.js', '--out', out]);
      assert.equal(r.status, 73, `${out}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^\\[trainspect\\] error: cannot write the trace file ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${why.source}\\. Nothing was run\\.\\n$`));
      assert.equal(r.stdout, '', 'the script did not run');
    }
  });

  it('a write error midway (a file size limit): the run goes on, the error is said at once and at the end, exit 73', () => {
    const out = path.join(tmp, 'limited.jsonl');
    // bash's ulimit -f counts KiB; SIGXFSZ ignored, so the write fails with EFBIG instead of killing us.
    const r = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 8; exec "${process.execPath}" '${CLI}' run writes-a-lot.js --trace say --keep-running --out '${out}'`], { cwd: FIXTURES, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 73, r.stderr);
    assert.equal(r.stdout.split('\n').length, 301, 'the script printed all of its lines');
    assert.match(r.stderr, /\[trainspect\] error: The trace file .*limited\.jsonl could not be written: EFBIG: file too large \(after \d+ events\)\. The run goes on/);
    assert.match(r.stderr, /\[trainspect\] exited with code 0 [^\n]*\n\[trainspect\] error: the trace could not be written to .*limited\.jsonl: EFBIG: file too large \(after \d+ events\); it is incomplete\.\n$/);
    assert.doesNotMatch(r.stderr, /trace written to/);
    assert.ok(fs.statSync(out).size <= 8 * 1024);
  });

  it('a second run writing the same --out while the first runs is refused; the first one\'s trace stays whole', async () => {
    const out = path.join(tmp, 'shared.jsonl');
    const first = spawn(process.execPath, [CLI, 'run', 'waits.js', 'first', '--trace', 'splitter', '--keep-running', '--out', out], { cwd: FIXTURES, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    first.stdout.on('data', (d: Buffer) => (stdout += d));
    const firstExit = new Promise<number | null>((resolve) => first.on('exit', resolve));
    await waitFor(() => stdout.includes('ready first'));

    const second = cli(['run', 'waits.js', 'second', '--out', out]);
    assert.equal(second.status, 73, second.stderr);
    assert.match(second.stderr, new RegExp(`another Trainspect run \\(process ${first.pid}\\) is writing it now`));
    assert.equal(second.stdout, '', 'the second script did not run');

    first.kill('SIGINT');
    assert.equal(await firstExit, 130);
    const events = parseTrace(fs.readFileSync(out, 'utf8'));
    assert.deepEqual(events[0].type === 'run' && events[0].args, ['first']);
    assert.equal(events.at(-1)!.type, 'exit');
    assert.ok(!fs.existsSync(`${out}.lock`), 'the lock is released');
  });

  it('runs started at the same moment on one --out: each is written whole or refused, never mixed', async () => {
    const out = path.join(tmp, 'race.jsonl');
    const runs = [1, 2, 3, 4].map((n) => new Promise<{ n: number; status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'run', 'pets.js', String(4 + n), '--trace', 'splitter', '-q', '--out', out], { cwd: FIXTURES, env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('exit', (status) => resolve({ n, status, stderr }));
    }));
    const results = await Promise.all(runs);
    for (const r of results) assert.ok(r.status === 0 || (r.status === 73 && /is writing it now|at the same moment/.test(r.stderr)), `${r.status}: ${r.stderr}`);
    const events = parseTrace(fs.readFileSync(out, 'utf8'));
    const run = events[0];
    assert.ok(run.type === 'run');
    const n = Number(run.args[0]) - 4;
    assert.equal(results.find((r) => r.n === n)!.status, 0, 'the trace is of a run that succeeded');
    assert.equal(events.filter((e) => e.type === 'run').length, 1);
    assert.equal(events.filter((e) => e.type === 'exit').length, 1);
    assert.equal(events.at(-1)!.type, 'exit');
  });
});
