// The bench's source of truth: the pets example, run for real with PETS_TIMING=1 (plain node, and
// through the CLI as the bench runs it), prints a timing line the bench reads; without it, it prints
// what it always printed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../src/host/paths';
import { TIMING_ENV, parsePetsTiming, runFigures, wallClock } from '../../bench/pets-timing';
import { buildOnce, CLI } from './helpers';

const root = packageRoot();
const train = path.join('examples', 'pets', 'train.js');
/** The example's output with its elapsed times blanked: the same on every run. */
const steady = (stdout: string) => stdout.replace(/\(\d+\.\d s\)|in \d+\.\d s/g, '(time)');

describe('bench: the pets example timing itself', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => {
    buildOnce();
    if (!fs.existsSync(path.join(root, 'examples', 'pets', 'data', 'images'))) {
      spawnSync(process.execPath, ['examples/pets/make-data.js'], { cwd: root, stdio: 'inherit' });
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-bench-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints a timing line the bench reads through the CLI, and nothing more without PETS_TIMING', () => {
    const env = { ...process.env };
    delete env[TIMING_ENV];
    const plain = spawnSync(process.execPath, [train, '--epochs', '2'], { cwd: root, env, encoding: 'utf8' });
    assert.equal(plain.status, 0, plain.stderr);
    assert.doesNotMatch(plain.stdout, /pets-timing/);

    const spawnedAt = wallClock();
    const traced = spawnSync(process.execPath, [CLI, 'run', '--trace', 'splitter', '--keep-running', '--quiet', '--out', path.join(tmp, 't.jsonl'), train, '--', '--epochs', '2'],
      { cwd: root, env: { ...env, [TIMING_ENV]: '1' }, encoding: 'utf8' });
    const closedAt = wallClock();
    assert.equal(traced.status, 0, traced.stderr);
    const lines = traced.stdout.trimEnd().split('\n');
    assert.match(lines.pop()!, /^pets-timing \{/, 'the timing line comes last');
    assert.equal(steady(`${lines.join('\n')}\n`), steady(plain.stdout), 'the rest is what a plain run prints');

    const timing = parsePetsTiming(traced.stdout);
    assert.equal(timing.epochs.length, 2);
    assert.deepEqual(timing.epochs.map((e) => e.batches.length), [8, 8], '240 training images in batches of 32');
    const figures = runFigures(timing, spawnedAt, closedAt);
    // Clock readings of two processes on one machine: every phase is positive and they add up.
    for (const key of ['launchMs', 'loadMs', 'prepareMs', 'msPerBatch', 'tailMs', 'loadCpuMs', 'prepareCpuMs', 'cpuMsPerBatch'] as const) assert.ok(figures[key] > 0, `${key} = ${figures[key]}`);
    assert.ok(Math.abs(figures.launchMs + figures.loadMs + figures.prepareMs - figures.startupMs) < 1e-6);
    assert.ok(figures.startupMs + 7 * figures.msPerBatch < closedAt - spawnedAt);
    assert.equal(figures.steadyIntervals, 7);
  });
});
