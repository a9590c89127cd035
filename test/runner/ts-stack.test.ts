// What a call of a TypeScript splitter records: the caller stack with the user's frames at their .ts lines
// and none of tsx's CommonJS wrapper (which Node maps to the file's last lines), its parameters, its split.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildOnce, callsOf, FIXTURES, lineOf, trace } from './helpers';

describe('runner: a TypeScript splitter\'s caller stack, parameters and split', function () {
  this.timeout(60_000);
  before(() => buildOnce());

  it('records main and the top-level line that called it, and no frame of tsx\'s wrapper (.ts as CommonJS)', async () => {
    const r = await trace('ts-stack.ts', { targets: ['splitter'] });
    const [split] = callsOf(r.events, 'splitter');
    assert.ok(split, 'a splitter call');
    const file = path.join(FIXTURES, 'ts-stack.ts');
    const user = split.stack.filter((f) => f.user).map((f) => ({ function: f.function, file: f.file, line: f.line }));
    assert.deepEqual(user, [
      { function: 'main', file, line: lineOf('ts-stack.ts', '= splitter(items)') },
      { function: null, file, line: lineOf('ts-stack.ts', 'main().catch') },
    ], JSON.stringify(split.stack, null, 1));
    // The frames below the user's are Node's module loading, not positions in the script.
    assert.ok(split.stack.every((f) => f.user || f.file !== file), JSON.stringify(split.stack, null, 1));
  });

  it('says which parameters the splitter declares (the default as written in the .ts, not tsx\'s ".2") and what its index arrays split', async () => {
    const r = await trace('ts-stack.ts', { targets: ['splitter'] });
    const [split] = callsOf(r.events, 'splitter');
    assert.ok(split, 'a splitter call');
    assert.deepEqual(split.params, [{ name: 'names' }, { name: 'validPct', default: '0.2' }]);
    // Called as splitter(items): the default was not passed, so the panel can say so.
    assert.equal(split.args.length, 1, JSON.stringify(split.args));
    assert.deepEqual(split.split, { items: 10, sizes: [8, 2], overlap: 0, missing: 0, outOfRange: 0 });
  });

  it('records the same frames for an ES module in TypeScript (.mts), which tsx does not wrap', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-ts-stack-'));
    try {
      const mts = path.join(dir, 'stack.mts');
      fs.writeFileSync(mts, fs.readFileSync(path.join(FIXTURES, 'ts-stack.ts'), 'utf8'));
      const r = await trace(mts, { targets: ['splitter'] });
      const [split] = callsOf(r.events, 'splitter');
      assert.ok(split, 'a splitter call');
      const user = split.stack.filter((f) => f.user).map((f) => ({ file: f.file, line: f.line }));
      assert.deepEqual(user, [
        { file: mts, line: lineOf('ts-stack.ts', '= splitter(items)') },
        { file: mts, line: lineOf('ts-stack.ts', 'main().catch') },
      ], JSON.stringify(split.stack, null, 1));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
