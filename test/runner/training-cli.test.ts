// `trainspect run` on training scripts: the training recorder is on whenever the script runs on (no
// --trace, or --keep-running), and the CLI prints one line per epoch while it trains.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EpochEvent } from '../../src/protocol/events';
import { parseTrace } from '../../src/protocol/trace-format';
import { packageRoot } from '../../src/host/paths';
import { buildOnce, CLI } from './helpers';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'training');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: FIXTURES, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}
const ownLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('[trainspect] ')).map((l) => l.slice('[trainspect] '.length));
const epochsOf = (file: string): EpochEvent[] => parseTrace(fs.readFileSync(file, 'utf8')).filter((e): e is EpochEvent => e.type === 'epoch');

describe('cli: training runs', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-training-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('without --trace: runs to the end, prints each fit call and each epoch, and the trace has every epoch', () => {
    const out = path.join(tmp, 'fit.jsonl');
    const r = cli(['run', '--quiet', '--out', out, 'fit.cjs']);
    assert.equal(r.status, 0, r.stderr);
    const plain = spawnSync(process.execPath, ['fit.cjs'], { cwd: FIXTURES });
    assert.equal(r.stdout, plain.stdout.toString());
    const own = ownLines(r.stderr);
    assert.ok(own.includes('xor fit #1: 3 epochs, batch size 3, 7 samples; 2 layers, 13 parameters'), own.join('\n'));
    assert.ok(own.includes('diverges fitDataset #1: 6 epochs; 1 layer, 3 parameters'), own.join('\n'));
    const epochLines = own.filter((l) => / epoch \d/.test(l));
    assert.deepEqual(epochLines.map((l) => l.split('  ')[0]), ['xor epoch 1/3', 'xor epoch 2/3', 'xor epoch 3/3', 'diverges epoch 1/6', 'diverges epoch 2/6', 'xor epoch 1/1']);
    assert.match(epochLines[0], /^xor epoch 1\/3 {2}loss 0\.8557 {2}acc 0\.7143 {2}val_loss 0\.645 {2}val_acc 0\.7143 {2}[\d.]+ ms$/);
    assert.equal(epochsOf(out).length, 6);
  });

  it('with --trace: stops once training begins, or with --keep-running trains to the end with the recorder on', () => {
    const stopped = path.join(tmp, 'stopped.jsonl');
    const r1 = cli(['run', '--quiet', '--trace', 'labeller', '--out', stopped, 'labelled.cjs']);
    assert.equal(r1.status, 0, r1.stderr);
    assert.doesNotMatch(r1.stdout, /trained/);
    assert.deepEqual(epochsOf(stopped), []);
    const kept = path.join(tmp, 'kept.jsonl');
    const r2 = cli(['run', '--quiet', '--trace', 'labeller', '--keep-running', '--out', kept, 'labelled.cjs']);
    assert.equal(r2.status, 0, r2.stderr);
    assert.match(r2.stdout, /trained 3 epochs/);
    assert.deepEqual(epochsOf(kept).map((e) => e.epoch), [0, 1, 2]);
    assert.equal(ownLines(r2.stderr).filter((l) => /^pets epoch \d\/3 {2}loss /.test(l)).length, 3);
  });
});
