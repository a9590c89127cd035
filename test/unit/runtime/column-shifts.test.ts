// Columns V8 counts in the callable transform's code, told in the line as written (column-shifts.ts).
import assert from 'node:assert/strict';
import { hasColumnShifts, noteColumnShifts, originalColumn } from '../../../src/runtime/column-shifts';

describe('column shifts of an instrumented file', () => {
  // Line 3 as written: `const a = f(x) + g(y);` with `W(1,` (4 characters) inserted before `f` (column 10)
  // and `)` after `f(x)` (column 14): instrumented, `const a = W(1,f(x)) + g(y);`.
  noteColumnShifts('/p/a.js', [[3, 14, 1], [3, 10, 4]]);

  it('moves a column back past each insertion before it, on its line only', () => {
    assert.equal(originalColumn('/p/a.js', 3, 5), 5, 'before every insertion');
    assert.equal(originalColumn('/p/a.js', 3, 15), 11, '`f`, after the first');
    assert.equal(originalColumn('/p/a.js', 3, 23), 18, '`g`, after both');
    assert.equal(originalColumn('/p/a.js', 4, 23), 23, 'another line');
    assert.equal(originalColumn('/p/other.js', 3, 23), 23, 'another file');
  });

  it('gives nothing for a column inside inserted text, and knows which files have insertions', () => {
    assert.equal(originalColumn('/p/a.js', 3, 11), undefined);
    assert.equal(originalColumn('/p/a.js', 3, 19), undefined);
    assert.ok(hasColumnShifts('/p/a.js'));
    assert.ok(!hasColumnShifts('/p/other.js'));
  });
});
