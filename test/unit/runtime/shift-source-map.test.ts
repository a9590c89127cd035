import assert from 'node:assert/strict';
import { decode, encode } from '@jridgewell/sourcemap-codec';
import { shiftSourceMap } from '../../../src/runtime/shift-source-map';

describe('shiftSourceMap', () => {
  const map = {
    version: 3 as const,
    sources: ['train.ts'],
    names: ['items', 'labeller'],
    mappings: encode([
      [[0, 0, 0, 0], [6, 0, 0, 6, 0], [20, 0, 1, 4, 1]],
      [[0, 0, 2, 0], [10, 0, 2, 10]],
    ]),
  };

  it('moves segments at or after an insertion right by its length, keeping sources and names', () => {
    const shifted = shiftSourceMap(map, [{ line: 0, column: 6, length: 18 }, { line: 0, column: 30, length: 1 }]);
    assert.deepEqual(decode(shifted.mappings), [
      [[0, 0, 0, 0], [24, 0, 0, 6, 0], [38, 0, 1, 4, 1]],
      [[0, 0, 2, 0], [10, 0, 2, 10]],
    ]);
    assert.deepEqual(shifted.names, map.names);
    assert.deepEqual(shifted.sources, map.sources);
  });

  it('adds up several insertions before a segment, on its own line only', () => {
    const shifted = shiftSourceMap(map, [{ line: 1, column: 0, length: 3 }, { line: 1, column: 5, length: 4 }, { line: 1, column: 11, length: 50 }]);
    assert.deepEqual(decode(shifted.mappings)[1], [[3, 0, 2, 0], [17, 0, 2, 10]]);
    assert.deepEqual(decode(shifted.mappings)[0], decode(map.mappings)[0]);
  });
});
