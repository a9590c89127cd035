import assert from 'node:assert/strict';
import { callableAtCursor, rankCallables } from '../../src/host/rank-callables';

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
    assert.deepEqual(rankCallables(list, 28).map((x) => x.name), ['decode', 'randomSplitter', 'trainValidSplit', 'getItems', 'labelFromName', 'main', 'ds.map']);
  });

  it('without a cursor: splitter-like, then label/getter-like, then the rest, each in source order', () => {
    assert.deepEqual(rankCallables(list).map((x) => x.name), ['randomSplitter', 'trainValidSplit', 'getItems', 'labelFromName', 'main', 'ds.map', 'decode']);
  });

  it('falls back to the outer callable when the cursor is between inner ones', () => {
    assert.equal(rankCallables(list, 26)[0].name, 'main');
  });

  it('without end lines, takes the nearest callable starting at or above the cursor', () => {
    const open = [c('a', 2), c('b', 9), c('splitter', 20)];
    assert.equal(callableAtCursor(open, 12)?.name, 'b');
    assert.equal(callableAtCursor(open, 1), undefined);
    assert.deepEqual(rankCallables(open, 12).map((x) => x.name), ['b', 'splitter', 'a']);
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
    assert.deepEqual(rankCallables([], 3), []);
  });
});
