import * as assert from 'node:assert/strict';
import { lineIndex } from '../../../src/runtime/line-index';

describe('lineIndex', () => {
  it('turns offsets into 1-based lines and 0-based columns', () => {
    const code = 'ab\n\ncd\nlast';
    const at = lineIndex(code);
    const positions = [...code].map((_, offset) => at(offset));
    assert.deepEqual(positions.map((p) => `${p.line}:${p.column}`), ['1:0', '1:1', '1:2', '2:0', '3:0', '3:1', '3:2', '4:0', '4:1', '4:2', '4:3']);
    assert.deepEqual(at(code.length), { line: 4, column: 4 });
    assert.deepEqual(lineIndex('')(0), { line: 1, column: 0 });
  });
});
