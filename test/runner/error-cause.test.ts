// The cause of a shape error in real runs: a training script that fails inside TF.js ends with a
// `postmortem` event whose cause names the operation, the user's line, and the operands' shapes and
// dtypes, as the error was thrown (explainError on the recorder's frames).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PostmortemEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { buildOnce, trace } from './helpers';

const DIR = path.join(packageRoot(), 'test', 'fixtures', 'explain-error');

/** The 1-based line and column of `text` in a fixture: where the call the cause names begins. */
function siteOf(file: string, text: string): { file: string; line: number; column: number } {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `${text} in ${file}`);
  return { file, line: line + 1, column: lines[line].indexOf(text) + 1 };
}

async function causeOf(name: string): Promise<PostmortemEvent['cause']> {
  const run = await trace(path.join(DIR, name), { cwd: DIR, targets: ['noCallableOfThisName'] });
  assert.equal(run.exit.code, 1, run.stderr.toString());
  const events = run.events.filter((e): e is PostmortemEvent => e.type === 'postmortem');
  assert.equal(events.length, 1, JSON.stringify(run.events.map((e) => e.type)));
  assert.equal(events[0].snapshot, 'complete', events[0].note ?? '');
  return events[0].cause;
}

describe('the cause of a shape error in a real run', function () {
  this.timeout(120_000);
  before(() => buildOnce());

  it('model.fit given labels of two columns for a model of three classes', async () => {
    const file = path.join(DIR, 'fit-labels.js');
    assert.deepEqual(await causeOf('fit-labels.js'), {
      operation: 'classes',
      sentence: 'fit at fit-labels.js:10:15 got an int32 [16,2] as targets: the model\'s output classes has shape [*,3]',
      operands: [{ name: 'targets', shape: [16, 2], dtype: 'int32' }],
      site: siteOf(file, 'fit(xs, labels'),
    });
  });

  it('a custom training step whose weights do not fit its inputs, inside optimizer.minimize', async () => {
    const file = path.join(DIR, 'custom-loop.js');
    assert.deepEqual(await causeOf('custom-loop.js'), {
      operation: 'matMul',
      sentence: 'matMul at custom-loop.js:9:62 got a float32 [8,4] and a float32 [10,3]: inner dimensions 4 and 10 differ',
      operands: [{ name: 'a', shape: [8, 4], dtype: 'float32' }, { name: 'b', shape: [10, 3], dtype: 'float32' }],
      site: siteOf(file, 'matMul(xs, w)'),
    });
  });

  it('the same step after a start-up that threw and caught 60 errors within a second', async () => {
    const file = path.join(DIR, 'custom-loop-after-catches.js');
    assert.deepEqual(await causeOf('custom-loop-after-catches.js'), {
      operation: 'matMul',
      sentence: 'matMul at custom-loop-after-catches.js:18:62 got a float32 [8,4] and a float32 [10,3]: inner dimensions 4 and 10 differ',
      operands: [{ name: 'a', shape: [8, 4], dtype: 'float32' }, { name: 'b', shape: [10, 3], dtype: 'float32' }],
      site: siteOf(file, 'matMul(xs, w)'),
    });
  });

  it('a TypeScript custom training step whose weights do not fit its inputs', async () => {
    const file = path.join(DIR, 'custom-loop.ts');
    assert.deepEqual(await causeOf('custom-loop.ts'), {
      operation: 'matMul',
      sentence: 'matMul at custom-loop.ts:8:62 got a float32 [8,4] and a float32 [10,3]: inner dimensions 4 and 10 differ',
      operands: [{ name: 'a', shape: [8, 4], dtype: 'float32' }, { name: 'b', shape: [10, 3], dtype: 'float32' }],
      site: siteOf(file, 'matMul(xs, w)'),
    });
  });
});
