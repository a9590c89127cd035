import * as assert from 'node:assert/strict';
import { LineShift, type TextChange } from '../../../src/host/line-shift';

const insert = (line: number, character: number, text: string): TextChange => ({ startLine: line, startCharacter: character, endLine: line, endCharacter: character, text });
const replace = (startLine: number, startCharacter: number, endLine: number, endCharacter: number, text: string): TextChange => ({ startLine, startCharacter, endLine, endCharacter, text });

function shifted(changes: TextChange[], lines: number[]): (number | null)[] {
  const shift = new LineShift();
  for (const change of changes) shift.record(change);
  return lines.map((l) => shift.lineNow(l));
}

describe('host: line shift', () => {
  it('a line inserted above moves the lines below; the lines above stay', () => {
    assert.deepEqual(shifted([insert(3, 0, 'const a = 1;\n')], [0, 2, 3, 9]), [0, 2, 4, 10], 'a whole line at the start of line 3: line 3 moves, untouched');
    assert.deepEqual(shifted([insert(2, 14, '\nconst a = 1;')], [2, 3]), [null, 4], 'Enter at the end of line 2 then typing: line 2 is touched');
    assert.deepEqual(shifted([insert(1, 0, 'a\nb\nc\n')], [0, 1, 5]), [0, 4, 8]);
  });

  it('removed lines move the lines below up; the removed ones are gone', () => {
    assert.deepEqual(shifted([replace(2, 0, 4, 0, '')], [1, 2, 3, 4, 7]), [1, null, null, 2, 5]);
    assert.deepEqual(shifted([replace(2, 5, 4, 3, '')], [2, 4, 5]), [null, null, 3], 'joined lines are touched');
  });

  it('an edit inside a line makes that line unknown, and only that one', () => {
    assert.deepEqual(shifted([replace(5, 4, 5, 9, 'relu')], [4, 5, 6]), [4, null, 6]);
    assert.deepEqual(shifted([insert(5, 4, '\n')], [5, 6]), [null, 7]);
  });

  it('changes apply in order, each to the text as the one before left it', () => {
    // Insert a line above 3 (3 → 4), then delete line 0 (4 → 3), then edit what is now line 3.
    const changes = [insert(3, 0, 'x\n'), replace(0, 0, 1, 0, ''), replace(3, 1, 3, 2, 'y')];
    assert.deepEqual(shifted(changes.slice(0, 2), [3, 0]), [3, null]);
    assert.deepEqual(shifted(changes, [3, 5]), [null, 5]);
  });

  it('a line asked about again is carried through only the changes since', () => {
    const shift = new LineShift();
    assert.equal(shift.edited, false);
    shift.record(insert(0, 0, '\n'));
    assert.equal(shift.lineNow(4), 5);
    shift.record(insert(0, 0, '\n\n'));
    assert.equal(shift.lineNow(4), 7);
    assert.equal(shift.lineNow(10), 13, 'a line first asked about now goes through every change');
    assert.equal(shift.edited, true);
  });
});
