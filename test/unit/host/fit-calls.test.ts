import * as assert from 'node:assert/strict';
import { fitCalls } from '../../../src/host/fit-calls';

describe('host: fit/fitDataset call sites', () => {
  it('finds each call of a fit or fitDataset method at the line and column of its name', () => {
    const source = [
      "const tf = require('@tensorflow/tfjs');",
      'async function main() {',
      '  await model.fit(xs, ys, { epochs: 2 });',
      '  const h = await this.nets[0]',
      '    .fitDataset(ds, { epochs: 1 });',
      '  model?.fit(xs, ys);',
      '}',
      "fit(xs); model['fit'](xs); model.fitted(xs); const fit = model.fit; // not calls of the method",
    ].join('\n');
    assert.deepEqual(fitCalls(source, '/w/train.js'), [
      { api: 'fit', receiver: 'model', line: 3, column: 15 },
      { api: 'fitDataset', receiver: 'this.nets[0]', line: 5, column: 6 },
      { api: 'fit', receiver: 'model', line: 6, column: 10 },
    ]);
  });

  it('reads TypeScript and ES modules at their original lines and columns', () => {
    const ts = [
      "import * as tf from '@tensorflow/tfjs';",
      'interface Options { epochs: number }',
      'const options: Options = { epochs: 1 };',
      'export async function train(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor): Promise<void> {',
      '  await (model as tf.LayersModel).fit(xs, ys, options);',
      '}',
    ].join('\n');
    const [call] = fitCalls(ts, '/w/train.ts');
    assert.deepEqual([call.api, call.line, call.column], ['fit', 5, 35]);
    assert.deepEqual(fitCalls('await model.fit(x, y);', '/w/train.mjs').map((c) => c.line), [1]);
  });

  it('none in a file that does not parse, or that never names fit', () => {
    assert.deepEqual(fitCalls('model.fit(', '/w/broken.js'), []);
    assert.deepEqual(fitCalls('console.log(1)', '/w/plain.js'), []);
  });

  it('cuts a long receiver', () => {
    const [call] = fitCalls(`build(${'a, '.repeat(30)}z).fit(x, y);`, '/w/t.js');
    assert.equal(call.receiver.length, 40);
    assert.ok(call.receiver.endsWith('…'));
  });
});
