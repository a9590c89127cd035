// Ranking on hand-made lists (the order rules) and on the example's real files (what a user meets).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectCallables } from '../../src/host/detect-callables';
import { callableAtCursor, lensCallables, offeredCallables, rankCallables } from '../../src/host/rank-callables';

const at = (line: number, column = 3) => ({ line, column });

const c = (name: string, line: number, endLine?: number, column = 1) => ({ name, line, column, endLine });

describe('rankCallables', () => {
  const list = [
    c('main', 1, 40),
    c('getItems', 3, 8),
    c('ds.map', 10, 12),
    c('randomSplitter', 14, 20),
    c('labelFromName', 22, 25),
    c('decode', 27, 30),
    c('trainValidSplit', 32, 35),
  ];

  it('puts the innermost callable containing the cursor first', () => {
    assert.deepEqual(rankCallables(list, at(28)).map((x) => x.name), ['decode', 'randomSplitter', 'trainValidSplit', 'getItems', 'labelFromName', 'main', 'ds.map']);
  });

  it('without a cursor: splitter-like, then label/getter-like, then the rest, each in source order', () => {
    assert.deepEqual(rankCallables(list).map((x) => x.name), ['randomSplitter', 'trainValidSplit', 'getItems', 'labelFromName', 'main', 'ds.map', 'decode']);
  });

  it('falls back to the outer callable when the cursor is between inner ones', () => {
    assert.equal(rankCallables(list, at(26))[0].name, 'main');
  });

  it('without end lines, takes the nearest callable starting at or above the cursor', () => {
    const open = [c('a', 2), c('b', 9), c('splitter', 20)];
    assert.equal(callableAtCursor(open, 12)?.name, 'b');
    assert.equal(callableAtCursor(open, 1), undefined);
    assert.deepEqual(rankCallables(open, at(12)).map((x) => x.name), ['b', 'splitter', 'a']);
  });

  it('prefers the later of two callables on the same line', () => {
    const sameLine = [c('outer', 5, 5, 1), c('inner', 5, 5, 20)];
    assert.equal(callableAtCursor(sameLine, 5)?.name, 'inner');
  });

  it('does not match getters by accident and keeps the input untouched', () => {
    const names = [c('target', 1), c('getLabel', 2), c('get_items', 3), c('budget', 4), c('labeller', 5)];
    const copy = names.slice();
    assert.deepEqual(rankCallables(names).map((x) => x.name), ['getLabel', 'get_items', 'labeller', 'target', 'budget']);
    assert.deepEqual(names, copy);
  });

  it('returns an empty list for no callables', () => {
    assert.deepEqual(rankCallables([], at(3)), []);
  });
});

describe('what the editor offers, in order', () => {
  const read = (file: string) => fs.readFileSync(file, 'utf8');
  const pets = (file: string) => path.join(__dirname, '../../examples/pets', file);
  const names = (list: { name: string }[]) => list.map((c) => c.name);

  it("the example's train.js without a cursor: the DataBlock's steps, splitter first, then buildModel; main and inner locals on request", () => {
    const found = detectCallables(read(pets('train.js')), pets('train.js'));
    assert.deepEqual(names(offeredCallables(found, undefined, false)), ['splitter', 'getItems', 'getLabel', 'buildModel']);
    const all = names(offeredCallables(found, undefined, true));
    assert.deepEqual(all.slice(0, 5), ['splitter', 'getItems', 'getLabel', 'buildModel', 'main']);
    assert.equal(all.length, found.length);
  });

  it('CodeLenses go to the pipeline-level callables only, unless every one is asked for', () => {
    const found = detectCallables(read(pets('train.js')), pets('train.js'));
    assert.deepEqual(names(lensCallables(found, false)), ['getItems', 'splitter', 'getLabel']);
    assert.equal(lensCallables(found, true).length, found.length);
    const pipeline = detectCallables(read(pets('pipeline.js')), pets('pipeline.js'));
    assert.deepEqual(names(lensCallables(pipeline, false)), ['getImageFiles', 'randomSplitter', 'labelFromFilename', 'loadImage']);
  });

  it('a file without pipeline-level callables has lenses on its other top-level ones, never on main or inner locals', () => {
    const source = 'function clamp(v) { return v; }\nfunction draw(x) { const px = (i) => clamp(i); return px(x); }\nfunction main() { draw(1); }\nmain();';
    const found = detectCallables(source, 'make.js');
    assert.deepEqual(names(lensCallables(found, false)), ['clamp', 'draw']);
  });

  it('the cursor where a file opens (1:1) does not outrank the splitter, in a TypeScript file using ?.', () => {
    const file = path.join(__dirname, '../vscode/workspace/optional-chain.ts');
    const found = detectCallables(read(file), file);
    assert.deepEqual(names(offeredCallables(found, { line: 1, column: 1 }, false)), ['splitter', 'getLabel', 'describe']);
    assert.equal(offeredCallables(found, { line: 16, column: 5 }, false)[0].name, 'describe', 'a cursor put in describe ranks it first');
  });

  it('a cursor in main does not put main first; a cursor in an inner local offers it first', () => {
    const found = detectCallables(read(pets('train.js')), pets('train.js'));
    assert.equal(offeredCallables(found, { line: 38, column: 5 }, false)[0].name, 'splitter');
    const inMap = offeredCallables(found, { line: 49, column: 40 }, false);
    assert.deepEqual(names(inMap).slice(0, 2), ['map', 'splitter']);
    assert.ok(!names(inMap).includes('init'), 'other inner locals stay hidden');
  });
});
