// What a call of a TypeScript splitter records: the caller stack with the user's frames at their .ts lines
// and none of tsx's CommonJS wrapper (which Node maps to the file's last lines), its parameters, its split;
// and the stacks a TypeScript script sees itself, frame for frame those of plain tsx.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeArgsFor } from '../../src/host/launch';
import { shippedTsxDir } from '../../src/host/paths';
import { buildOnce, callsOf, FIXTURES, lineOf, trace } from './helpers';

/** The script under plain tsx: the same node flags without Trainspect's. */
function plainTsx(script: string, cwd: string): { stdout: string; stderr: string; status: number | null } {
  const flags = nodeArgsFor(script, { runtime: false });
  if ('missing' in flags) throw new Error('no tsx');
  const r = spawnSync(process.execPath, [...flags.args, script], { cwd, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

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

  // frames/frames.ts prints err.stack from the top level of a .ts, .cts, .tsx and .jsx file that tsx
  // compiles, from traced calls in each, under Error.stackTraceLimit = 10 at the bottom of a deep
  // stack, and dies of an error thrown in a traced call. In place it runs with the project's tsx (in
  // node_modules); copied out of the project, with the tsx Trainspect ships (which is not the user's
  // code either), as CommonJS and as ES modules.
  for (const where of ['in place', 'commonjs', 'module'] as const) {
    it(`shows err.stack and the uncaught print-out byte for byte as plain tsx does (${where})`, async () => {
      const source = path.join(FIXTURES, 'frames');
      const dir = where === 'in place' ? source : fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-frames-'));
      try {
        if (dir !== source) {
          fs.cpSync(source, dir, { recursive: true });
          fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: where }));
        }
        const script = path.join(dir, 'frames.ts');
        const plain = plainTsx(script, dir);
        const r = await trace(script, { cwd: dir });
        assert.equal(plain.status, 1);
        assert.equal(r.exit.code, 1);
        assert.equal(r.stdout.toString(), plain.stdout);
        assert.equal(r.stderr.toString(), plain.stderr);
        // The comparison covers what it should: every file's calls were recorded, a stack of ten frames
        // ends in Node's loader, and a CommonJS file's top level runs inside tsx's compiler (the
        // project's, or for a copy the shipped one).
        const tsx = where === 'in place' ? `${path.sep}node_modules${path.sep}tsx${path.sep}` : `(${shippedTsxDir()}${path.sep}`;
        for (const lib of ['lib-ts.ts', 'lib-cts.cts', 'lib-tsx.tsx', 'lib-jsx.jsx']) {
          assert.ok(callsOf(r.events).some((c) => c.callable === 'splitter' && c.site.file === path.join(dir, lib)), lib);
          const atLoad = plain.stdout.split(/\n(?=Error)/).find((s) => s.startsWith(`Error: at load of ${lib.split('.')[0]}\n`));
          assert.ok(atLoad, plain.stdout);
          if (where !== 'module') assert.ok(atLoad.includes(tsx) && atLoad.includes('at Object.transformer ('), atLoad);
        }
        assert.match(plain.stdout, /(?:\n {4}at deep [^\n]+){3}(?:\n {4}at [^\n]+){5}\nError: inside splitter of lib-cts/);
        assert.match(plain.stderr, /lib-jsx\.jsx:9\n {2}return value\.length;\n {15}\^\n\n\nTypeError: Cannot read properties of undefined/);
        assert.doesNotMatch(r.stdout.toString() + r.stderr.toString(), /__trainspect|dist[\\/]runtime/);
      } finally {
        if (dir !== source) fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
