import * as assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/host/event-lines';

function split(chunks: Buffer[], max?: number): { lines: string[]; overlong: number } {
  const lines: string[] = [];
  let overlong = 0;
  const splitter = new LineSplitter((l) => lines.push(l), () => overlong++, max);
  for (const c of chunks) splitter.write(c);
  splitter.end();
  return { lines, overlong };
}

describe('event pipe line splitter', () => {
  it('joins a line that arrives in pieces and splits chunks holding several lines', () => {
    const { lines } = split([Buffer.from('{"a":'), Buffer.from('1}\n{"b":2}\n{"c"'), Buffer.from(':3}\n')]);
    assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('keeps a UTF-8 character split between chunks whole', () => {
    const bytes = Buffer.from('{"s":"é→🐈"}\n');
    const chunks = [...bytes].map((b) => Buffer.from([b])); // one byte at a time
    assert.deepEqual(split(chunks).lines, ['{"s":"é→🐈"}']);
  });

  it('delivers a last line without its newline and skips blank lines', () => {
    assert.deepEqual(split([Buffer.from('\n\n{"x":1}\n  \n{"y":2}')]).lines, ['{"x":1}', '{"y":2}']);
  });

  it('drops a line longer than the limit, and reads the next one', () => {
    const { lines, overlong } = split([Buffer.from('x'.repeat(50)), Buffer.from('y'.repeat(50)), Buffer.from('\n{"ok":1}\n')], 64);
    assert.deepEqual(lines, ['{"ok":1}']);
    assert.equal(overlong, 1);
  });
});
