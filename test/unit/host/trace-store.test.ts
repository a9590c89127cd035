import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newTracePath, pruneTraces } from '../../../src/host/trace-store';

describe('host: trace store', () => {
  it('names a trace after the script and the time, inside the folder', () => {
    const file = newTracePath('/tmp/traces', '/w/examples/pets/train.js', new Date('2026-11-24T21:05:03.123Z'));
    assert.equal(file, path.join('/tmp/traces', 'train-2026-11-24T21-05-03-123Z.jsonl'));
  });

  it('keeps only the newest traces', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-store-'));
    for (let i = 0; i < 5; i++) {
      const file = path.join(dir, `t${i}.jsonl`);
      fs.writeFileSync(file, '{}\n');
      fs.utimesSync(file, 1000 + i, 1000 + i);
    }
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a trace');
    pruneTraces(dir, 2);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['notes.txt', 't3.jsonl', 't4.jsonl']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ignores a folder that does not exist yet', () => {
    assert.doesNotThrow(() => pruneTraces(path.join(os.tmpdir(), 'trainspect-no-such-folder'), 3));
  });
});
