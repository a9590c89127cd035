// The panel's one-line text for values, as pure functions (the browser tests check what is drawn).
import * as assert from 'node:assert/strict';
import { cutMiddle, inlineText, relativeToRoot, roundNumber, stringText } from '../../src/webview/value-text';

describe('webview value text', () => {
  it('rounds to 4 significant digits, keeping every digit of the whole part', () => {
    assert.deepEqual([0.30000000000000004, 3.14159265, 12.3456, 1234567.891, -0.000123456789, 42, 0, 1e21, 'NaN', '-0'].map((v) => roundNumber(v as number)),
      ['0.3', '3.142', '12.35', '1234567.89', '-0.0001235', '42', '0', '1e+21', 'NaN', '-0']);
  });

  it('makes paths inside the root relative, on POSIX and Windows, and leaves others alone', () => {
    assert.equal(relativeToRoot('/w/pets/data/a.png', '/w/pets'), './data/a.png');
    assert.equal(relativeToRoot('/w/pets/data/a.png', '/w/pets/'), './data/a.png');
    assert.equal(relativeToRoot('/w/petsy/a.png', '/w/pets'), '/w/petsy/a.png');
    assert.equal(relativeToRoot('C:\\w\\pets\\a.png', 'C:\\w\\pets'), '.\\a.png');
    assert.equal(relativeToRoot('/w/pets', '/w/pets'), '/w/pets');
  });

  it('cuts the middle out, keeping more of the end, to exactly the length asked', () => {
    const cut = cutMiddle(`/data/${'x'.repeat(100)}/great_pyrenees_117.png`, 40);
    assert.equal(cut.length, 40);
    assert.ok(cut.endsWith('great_pyrenees_117.png') && cut.startsWith('/data/'), cut);
    assert.equal(cutMiddle('short', 40), 'short');
  });

  it('shows a sparse array\'s empty slots as such and counts only the positions not shown as more', () => {
    const sparse = { kind: 'array', className: 'Array', length: 1_002, elements: { types: ['number'] }, holes: 1_000,
      items: [{ kind: 'number', value: 1 }, { kind: 'hole', count: 1_000 }, { kind: 'number', value: 2 }] } as const;
    assert.equal(inlineText(sparse as never, {}), '(1,002) [1, <1,000 empty slots>, 2]');
    const cut = { ...sparse, length: 1_005 };
    assert.equal(inlineText(cut as never, {}), '(1,005) [1, <1,000 empty slots>, 2, … 3 more]');
  });

  it('writes a string as JSON, marking a capture cut at its end', () => {
    assert.equal(stringText({ kind: 'string', value: 'a"b', length: 3 }, {}, 40), '"a\\"b"');
    assert.equal(stringText({ kind: 'string', value: 'abc', length: 900, truncated: true }, {}, 40), '"abc"…');
  });
});
