// A splitter's index arrays, counted over the whole arrays: sizes, overlap, missing items.
import * as assert from 'node:assert/strict';
import { splitSummary } from '../../../src/runtime/split-summary';

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('runtime: splitSummary (what index arrays say about a split)', () => {
  it('counts the parts of a clean split of 300 items', () => {
    const items = range(0, 300).map((i) => `img_${i}.png`);
    assert.deepEqual(splitSummary([items], [range(60, 300), range(0, 60)]), { items: 300, sizes: [240, 60], overlap: 0, missing: 0, outOfRange: 0 });
  });

  it('says how many items are in two parts, in none, and which indices are not positions', () => {
    const items = range(0, 10);
    assert.deepEqual(splitSummary([items], [[0, 1, 2, 3, 4, 5], [5, 6, 7, 12, -1]]), { items: 10, sizes: [6, 5], overlap: 1, missing: 2, outOfRange: 2 });
    const thrice = [[1, 1, 1], [1, 1]];
    assert.deepEqual(splitSummary([items], thrice), { items: 10, sizes: [3, 2], overlap: 1, missing: 9, outOfRange: 0 }, 'an item counted once however often it repeats');
  });

  it('reads typed arrays of indices and three-way splits', () => {
    const items = range(0, 6);
    assert.deepEqual(splitSummary([items], [Int32Array.from([0, 1, 2]), new Uint16Array([3, 4]), [5]]), { items: 6, sizes: [3, 2, 1], overlap: 0, missing: 0, outOfRange: 0 });
  });

  it('is undefined for results that are not index arrays into the first argument', () => {
    const items = range(0, 4);
    assert.equal(splitSummary([items], { train: [0, 1], valid: [2, 3] }), undefined);
    assert.equal(splitSummary([items], [['a', 'b'], ['c']]), undefined, 'the items themselves, not indices');
    assert.equal(splitSummary([items], [[0, 1.5], [2]]), undefined);
    assert.equal(splitSummary([items], [[0, 1, 2, 3]]), undefined, 'one part is no split');
    assert.equal(splitSummary(['not an array'], [[0], [1]]), undefined);
    assert.equal(splitSummary([], [[0], [1]]), undefined);
  });

  it('never calls a getter or looks into a Proxy of the user\'s', () => {
    const items = range(0, 4);
    let called = 0;
    const withGetter = [0, 1];
    Object.defineProperty(withGetter, 1, { get: () => { called++; return 1; } });
    assert.equal(splitSummary([items], [withGetter, [2, 3]]), undefined);
    const trapped = new Proxy([2, 3], { get: (t, k) => { called++; return Reflect.get(t, k); } });
    assert.equal(splitSummary([items], [[0, 1], trapped]), undefined);
    assert.equal(called, 0);
  });
});
