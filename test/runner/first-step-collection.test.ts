// The runtime's one full collection after a process's first training step
// (src/runtime/recorders/first-step-collection.ts), watched from inside a real training script through
// Node's `gc` performance entries: exactly one, within the first step (a fit batch, or a custom loop's
// trainOnBatch when that comes first), none for the same script under plain node, and the script's
// global and vm contexts get a `gc` exactly when they would without Trainspect (a `gc` global of the
// script's own is never called).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../src/host/paths';
import { buildOnce, CLI } from './helpers';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'training');

interface Seen {
  count: number;
  inFirstStep: boolean | null;
  globalGc: string;
  contextGc: string;
  ownGcCalls: number;
}

function seen(stdout: string): Seen {
  const line = stdout.split('\n').find((l) => l.startsWith('collections '));
  assert.ok(line, `no collections line in:\n${stdout}`);
  return JSON.parse(line.slice('collections '.length)) as Seen;
}

describe('runtime: one full collection after the first training step', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-first-step-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const run = (traced: boolean, args: string[], nodeOptions?: string): Seen => {
    const env = { ...process.env, NODE_OPTIONS: nodeOptions ?? '' };
    const command = traced ? [CLI, 'run', '--quiet', '--out', path.join(tmp, 'trace.jsonl'), 'forced-collections.cjs', ...args] : ['forced-collections.cjs', ...args];
    const r = spawnSync(process.execPath, command, { cwd: FIXTURES, env });
    assert.equal(r.status, 0, r.stderr.toString());
    return seen(r.stdout.toString());
  };

  it('fit first: one collection, in the first batch, for two fit calls and a custom loop; none untraced; no gc for the script', () => {
    assert.deepEqual(run(true, []), { count: 1, inFirstStep: true, globalGc: 'undefined', contextGc: 'undefined', ownGcCalls: 0 });
    assert.deepEqual(run(false, []), { count: 0, inFirstStep: null, globalGc: 'undefined', contextGc: 'undefined', ownGcCalls: 0 });
  });

  it('a custom loop first: the collection is in its first trainOnBatch step', () => {
    assert.deepEqual(run(true, ['loop-first']), { count: 1, inFirstStep: true, globalGc: 'undefined', contextGc: 'undefined', ownGcCalls: 0 });
  });

  it("a gc global of the script's own: not called, and the collection still runs", () => {
    assert.deepEqual(run(true, ['own-gc']), { count: 1, inFirstStep: true, globalGc: 'function', contextGc: 'undefined', ownGcCalls: 0 });
  });

  it('over 256 MB of heap: no collection', () => {
    assert.deepEqual(run(true, ['big-heap']), { count: 0, inFirstStep: null, globalGc: 'undefined', contextGc: 'undefined', ownGcCalls: 0 });
  });

  it("under the script's own --expose-gc: still one collection, and its gc stays, in its global and its vm contexts", () => {
    assert.deepEqual(run(true, [], '--expose-gc'), { count: 1, inFirstStep: true, globalGc: 'function', contextGc: 'function', ownGcCalls: 0 });
    assert.deepEqual(run(false, [], '--expose-gc'), { count: 0, inFirstStep: null, globalGc: 'function', contextGc: 'function', ownGcCalls: 0 });
  });
});
