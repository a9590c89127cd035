import * as assert from 'node:assert/strict';
import { namesInScope } from '../../../src/host/names-in-scope';

const JS = `const tf = require('@tensorflow/tfjs');
let scale = 2;
function helper(unused) {
  const hidden = tf.ones([1]);
  return hidden;
}
function normalize(batch, { axis = 0 }, ...rest) {
  const mean = batch.mean(axis);
  let [centred, other] = [batch.sub(mean), null];
  centred = centred.mul(scale);
  const spread = centred.square().mean(axis);
  return centred.div(spread);
}
scale = 3;
`;
const lineOf = (text: string): number => JS.split('\n').findIndex((l) => l.includes(text)) + 1;
const names = (from: number, stopped: number, source = JS, file = 'train.js'): string[] =>
  (namesInScope(source, file, from, stopped) ?? []).map((n) => `${n.name}@${n.line}:${n.column}`);

describe('namesInScope', () => {
  it('gives the parameters and the variables assigned before the stopped line, each at its latest place', () => {
    const stopped = lineOf('const spread');
    assert.deepEqual(names(1, stopped), [
      `scale@2:5`, `batch@7:20`, `axis@7:29`, `rest@7:44`, `mean@8:9`, `other@9:17`, `centred@10:3`,
    ]);
  });

  it('leaves out what the stopped line and later lines assign, other functions, a required module and lines above the view', () => {
    const stopped = lineOf('const mean');
    assert.deepEqual(names(1, stopped), ['scale@2:5', 'batch@7:20', 'axis@7:29', 'rest@7:44']);
    assert.deepEqual(names(lineOf('function normalize') + 1, lineOf('return centred')), ['mean@8:9', 'other@9:17', 'centred@10:3', 'spread@11:9']);
    assert.deepEqual(names(1, lineOf('return hidden')), ['scale@2:5', 'unused@3:17', 'hidden@4:9']);
  });

  it('reads TypeScript at its own columns, and says undefined for a file it cannot parse', () => {
    const ts = 'import * as tf from "@tensorflow/tfjs";\nconst x: tf.Tensor2D = tf.zeros([2, 3]);\nconst y: tf.Tensor = x.relu();\nconsole.log(y);\n';
    assert.deepEqual(names(1, 4, ts, 'train.ts'), ['x@2:7', 'y@3:7']);
    assert.equal(namesInScope('const = ;', 'bad.js', 1, 1), undefined);
  });
});
