// `trainspect run` prints a line per health alert: the non-finite loss, the kernel with the user's
// `file:line:column`, the leak with its growth per batch.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { packageRoot } from '../../src/host/paths';
import { buildOnce, CLI } from './helpers';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'health');

function alerts(script: string): string[] {
  const r = spawnSync(process.execPath, [CLI, 'run', '--quiet', script], { cwd: FIXTURES, env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 0, r.stderr.toString());
  return r.stderr.toString().split('\n').filter((l) => l.startsWith('[trainspect] health: ')).map((l) => l.slice('[trainspect] health: '.length));
}

describe('cli: health alerts', function () {
  this.timeout(60_000);
  before(() => buildOnce());

  it('prints the NaN loss and the kernel that made it at the user\'s line', () => {
    const lines = alerts('nan-loss.cjs');
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.equal(lines[0], 'loss became NaN at logtarget fit #1, epoch 1 batch 4; checking every kernel of the next batch');
    assert.match(lines[1], /^first non-finite value: Log at nan-loss\.cjs:7:22; inputs x \[2,1\] float32; made from finite inputs; in logtarget fit #1, epoch 1 batch 5; \d+ kernels checked after the non-finite loss at batch 4 \([\d.]+ (?:ms|µs)\)$/);
  });

  it('prints a leak with its growth per batch', () => {
    const lines = alerts('leak.cjs');
    assert.deepEqual(lines.map((l) => l.replace(/; [\d,]+ tensors \([\d,]+ B\) now$/, '')), [
      'tensors grow by 3 per batch (+48 B) over the last 20 batches: a missing tf.tidy or dispose?; in sequential_1 fit #1, epoch 1 batch 21',
    ]);
  });
});
