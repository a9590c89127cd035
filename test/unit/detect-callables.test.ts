// Detection for the editor: every naming shape, JS and TS, positions in the original source.
import assert from 'node:assert/strict';
import { detectCallables } from '../../src/host/detect-callables';

const JS = [
  "const tf = require('@tensorflow/tfjs');",
  'function splitter(items) {',
  '  return items;',
  '}',
  'const getLabel = (p) => p.split("_")[0];',
  'exports.decode = function (x) { return x; };',
  'const block = { splitter: randomSplitter(0.2), getY(item) { return item.y; } };',
  'const ds = tf.data.array([1]).map((x) => x * 2);',
  'tf.data.generator(function* () { yield 1; });',
  "const parts = { train: list.slice(0, cut), xs: tf.stack(images), getY: makeLabeller(re), cfg: require('./cfg') };",
].join('\n');

describe('detectCallables', () => {
  it('offers a value made by a call when the factory is in the file or the name says splitter or labeller', () => {
    const source = [
      'function randomSplitter(pct) { return function (items) { return [items, []]; }; }',
      'const makeLabeller = (re) => (p) => p.match(re)[1];',
      'const splitter = randomSplitter(0.2);',
      'const getY = makeLabeller(/(\\w+)_/);',
      'const labeller = importedLabeller(/x/);',
      'const files = getImageFiles(dir);',
      'const model = buildModel();',
      'const getX = makeReader(root);',
    ].join('\n');
    assert.deepEqual(detectCallables(source, 'train.js').filter((c) => c.line > 2).map((c) => `${c.name}@${c.line}`), ['splitter@3', 'getY@4', 'labeller@5', 'getX@8']);
  });


  it('finds every shape in JavaScript with names, kinds and break positions', () => {
    const found = detectCallables(JS, 'train.js');
    assert.deepEqual(found.map((c) => `${c.name}:${c.kind}@${c.line}:${c.column}`), [
      'splitter:declaration@2:10',
      'getLabel:variable@5:7',
      'decode:assignment@6:9',
      'splitter:property@7:17',
      'getY:property@7:48',
      'map:callback@8:35',
      'tf.data.generator:callback@9:19',
      'getY:property@10:66',
    ]);
    const splitter = found[0];
    assert.deepEqual([splitter.breakLine, splitter.breakColumn, splitter.endLine], [3, 3, 4]);
    assert.deepEqual([found[1].breakLine, found[1].breakColumn], [5, 25]);
  });

  it('finds them in TypeScript at the original columns', () => {
    const ts = [
      'interface Item { path: string }',
      'export function splitter(items: Item[], pct: number = 0.2): [Item[], Item[]] {',
      '  return [items, items];',
      '}',
      'export const getLabel = (item: Item): string => item.path;',
    ].join('\n');
    const found = detectCallables(ts, 'train.ts');
    assert.deepEqual(found.map((c) => `${c.name}@${c.line}:${c.column}>${c.breakLine}:${c.breakColumn}`), ['splitter@2:17>3:3', 'getLabel@5:14>5:49']);
  });

  it('takes a property made by a plain function call for a callable, but not one made by a method call', () => {
    const found = detectCallables('const split = { splitter: randomSplitter(0.2), train: items.slice(0, 9), xs: tf.stack(images), n: count(items).length };', 'a.js');
    assert.deepEqual(found.map((c) => c.name), ['splitter']);
  });

  it('returns [] for code it cannot parse', () => {
    assert.deepEqual(detectCallables('function (', 'bad.js'), []);
    assert.deepEqual(detectCallables('const x: = ;', 'bad.ts'), []);
  });
});
