// Detection for the editor: every naming shape, JS and TS, positions in the original source, and
// what is offered first, on request, or never, on the example's real files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectCallables, type CallableTier, type DetectedCallable } from '../../src/host/detect-callables';

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

const example = (file: string): string => fs.readFileSync(path.join(__dirname, '../../examples/pets', file), 'utf8');
const byTier = (found: DetectedCallable[], tier: CallableTier): string[] => found.filter((c) => c.tier === tier).map((c) => c.name);

describe('detectCallables: what the editor offers', () => {
  it("the example's train.js: its DataBlock's three steps first, the labeller as the function its property names", () => {
    const found = detectCallables(example('train.js'), 'train.js');
    assert.deepEqual(byTier(found, 'pipeline'), ['getItems', 'splitter', 'getLabel']);
    assert.deepEqual(byTier(found, 'top-level'), ['buildModel']);
    assert.deepEqual(byTier(found, 'entry'), ['main']);
    assert.deepEqual(byTier(found, 'inner'), ['init', 'items.map', 'toDataset', 'indices.map', 'map', 'onEpochEnd']);
    const getLabel = found.find((c) => c.name === 'getLabel')!;
    assert.deepEqual([getLabel.kind, getLabel.target, getLabel.aliasOf, getLabel.line], ['property', 'labelFromFilename', 'labelFromFilename', 19]);
    const getItems = found.find((c) => c.name === 'getItems')!;
    assert.deepEqual([getItems.target, getItems.line, getItems.column], ['getImageFiles', 17, 3]);
    assert.equal(found.find((c) => c.name === 'splitter')?.target, 'splitter');
  });

  it("the example's pipeline.js: its four exported steps, their inner callbacks only on request", () => {
    const found = detectCallables(example('pipeline.js'), 'pipeline.js');
    assert.deepEqual(byTier(found, 'pipeline'), ['getImageFiles', 'randomSplitter', 'labelFromFilename', 'loadImage']);
    assert.deepEqual(byTier(found, 'inner'), ['filter', 'map', 'items.map']);
  });

  it('a TypeScript file using ?. and ??: no compiler helper (_optionalChain) is offered, positions are the original ones', () => {
    const file = path.join(__dirname, '../vscode/workspace/optional-chain.ts');
    const found = detectCallables(fs.readFileSync(file, 'utf8'), file);
    assert.deepEqual(found.map((c) => `${c.name}:${c.tier}@${c.line}:${c.column}`), ['splitter:pipeline@8:17', 'getLabel:pipeline@13:14', 'describe:top-level@15:10']);
  });

  it('a property naming a function of the same file traces that function, by name@line when the name repeats', () => {
    const source = [
      'function labeller(p) { return p; }',
      'const block = { getLabel: labeller, epochs: EPOCHS, getX: unknownThing };',
      'function decode(x) { return x; }',
      'if (x) { function decode(y) { return y; } }',
      'const other = { tfm: decode };',
    ].join('\n');
    const found = detectCallables(source, 'a.js');
    const aliases = found.filter((c) => c.aliasOf);
    assert.deepEqual(aliases.map((c) => `${c.name}→${c.target}`), ['getLabel→labeller', 'tfm→decode@3']);
    assert.deepEqual([aliases[0].breakLine, aliases[0].breakColumn], [1, 24], "breaks in the function's own body");
  });

  it('a property naming an import traces the exported name, for require and import, but not from a package', () => {
    const cjs = "const { getImageFiles, labelFromFilename: label } = require('./pipeline');\nconst lib = require('some-lib');\nconst dec = require('../decode').decode;\nmodule.exports = { label };\nconst block = { getItems: getImageFiles, getLabel: label, tfm: dec, norm: lib };";
    assert.deepEqual(detectCallables(cjs, 'a.js').map((c) => `${c.name}→${c.target}`), ['getItems→getImageFiles', 'getLabel→labelFromFilename', 'tfm→decode']);
    const esm = "import { labelFromFilename as label } from './pipeline.js';\nimport { relu } from '@tensorflow/tfjs';\nexport const block = { getLabel: label, act: relu };";
    assert.deepEqual(detectCallables(esm, 'a.mjs').map((c) => `${c.name}→${c.target}`), ['getLabel→labelFromFilename']);
  });

  it("the file's exports object is not offered again under its keys", () => {
    const source = 'function decode(x) { return x; }\nmodule.exports = { decode: decode };';
    assert.deepEqual(detectCallables(source, 'a.js').map((c) => c.name), ['decode']);
  });

  it('tells dataset callbacks from array callbacks at the top level, and reads an immediately run function as top level', () => {
    const source = [
      "const tf = require('@tensorflow/tfjs');",
      'const names = BREEDS.flatMap((b) => [b]);',
      'const ds = tf.data.array(names).map((n) => n.length);',
      'const trainDs = ds.filter((n) => n > 2);',
      '(async () => {',
      '  const getLabel = (n) => n;',
      '  function main() {}',
      '  main();',
      '})();',
    ].join('\n');
    const found = detectCallables(source, 'a.js');
    assert.deepEqual(found.map((c) => `${c.name}:${c.tier}`), ['BREEDS.flatMap:top-level', 'map:pipeline', 'ds.filter:pipeline', 'getLabel:pipeline', 'main:entry']);
  });
});
