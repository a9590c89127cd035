// The transform cache (src/runtime/transform-cache.ts) in real child processes: a second run of an
// unchanged file loads no parser and traces the same (an ES module too); an edit, another set of targets, a damaged entry
// or a folder others can write to are never served; two runs at once leave one whole entry.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildRuntime, ofType, runTraced, type Traced } from './run-traced';

const SCRIPT = `function splitter(items) { return [items, []]; }
function other(x) { return x; }
splitter([1, 2]);
other(3);
// Whether this process loaded the parser (dist/runtime/instrumenter.js).
console.log(JSON.stringify({ parser: Object.keys(require.cache).some((f) => f.endsWith('instrumenter.js')) }));
`;

describe('runtime: the transform cache across runs', function () {
  let dir: string;
  let cacheDir: string;
  let script: string;
  before(() => buildRuntime());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-cache-test-'));
    cacheDir = path.join(dir, 'cache');
    script = path.join(dir, 'main.cjs');
    fs.writeFileSync(script, SCRIPT);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (targets = ['splitter']): Promise<Traced> => runTraced(script, { targets, env: { TRAINSPECT_CACHE_DIR: cacheDir } });
  const parserLoaded = (traced: Traced): boolean => (JSON.parse(traced.stdout) as { parser: boolean }).parser;
  const entries = (): string[] => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : []);
  /** What a run traced: each callable (traced or not) at its site, and each recorded call. */
  const traceOf = (traced: Traced): string[] => [
    ...ofType(traced.events, 'callable').map((c) => `${c.name}@${c.site.line}:${c.site.column} ${c.traced ? 'traced' : ''}`),
    ...ofType(traced.events, 'call').map((c) => `call ${c.callable} ${JSON.stringify(c.args)} → ${JSON.stringify(c.result)}`),
  ];

  it('keeps a file it instrumented: the next run reads it back, loads no parser and traces the same', async () => {
    const first = await run();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(parserLoaded(first), true);
    assert.equal(entries().length, 1);
    const second = await run();
    assert.equal(parserLoaded(second), false, 'the second run found the file in the cache');
    assert.deepEqual(traceOf(second), traceOf(first));
    assert.deepEqual(traceOf(first).slice(0, 2), ['splitter@1:10 traced', 'other@2:10 ']);
    assert.deepEqual(ofType(first.events, 'call').map((c) => [c.callable, c.args[0]]), [['splitter', { kind: 'array', className: 'Array', length: 2, elements: { types: ['number'] }, items: [{ kind: 'number', value: 1 }, { kind: 'number', value: 2 }] }]]);
  });

  it('instruments an edited file again, and another set of targets gets an entry of its own', async () => {
    await run();
    fs.writeFileSync(script, `\n${SCRIPT}`); // every line one lower
    const edited = await run();
    assert.equal(parserLoaded(edited), true);
    assert.deepEqual(traceOf(edited).slice(0, 2), ['splitter@2:10 traced', 'other@3:10 ']);
    const otherTarget = await run(['other']);
    assert.equal(parserLoaded(otherTarget), true);
    assert.deepEqual(traceOf(otherTarget), ['splitter@2:10 ', 'other@3:10 traced', 'call other [{"kind":"number","value":3}] → {"kind":"number","value":3}']);
    assert.equal(entries().length, 3);
  });

  it('never serves a damaged entry: the run instruments the file again and replaces the entry', async () => {
    const first = await run();
    const [entry] = entries();
    const file = path.join(cacheDir, entry);
    // Still valid JavaScript, but not what the transform wrote: it would trace nothing.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/splitter\(\[1, 2\]\)/, 'other([1, 2])'));
    const damaged = await run();
    assert.equal(parserLoaded(damaged), true);
    assert.deepEqual(traceOf(damaged), traceOf(first));
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 100)); // cut short
    const cut = await run();
    assert.equal(parserLoaded(cut), true);
    assert.deepEqual(traceOf(cut), traceOf(first));
    const repaired = await run();
    assert.equal(parserLoaded(repaired), false, 'the damaged entry was replaced by a whole one');
    assert.deepEqual(traceOf(repaired), traceOf(first));
  });

  it('two runs at once both trace the file and leave one whole entry, no temporary file', async () => {
    const runs = await Promise.all([run(), run(), run()]);
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(traceOf(r), traceOf(runs[0]));
    }
    assert.equal(entries().length, 1);
    assert.match(entries()[0], /^[0-9a-f]{64}\.js$/);
    assert.equal(parserLoaded(await run()), false);
  });

  it('keeps an ES module the ESM loader instrumented too, and instruments it again once edited', async () => {
    const esm = path.join(dir, 'main.mjs');
    const source = 'export function splitter(items) { return [items, []]; }\nsplitter([1]);\n';
    fs.writeFileSync(esm, source);
    const runEsm = (): Promise<Traced> => runTraced(esm, { targets: ['splitter'], env: { TRAINSPECT_CACHE_DIR: cacheDir } });
    const first = await runEsm();
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(traceOf(first).slice(0, 1), ['splitter@1:17 traced']);
    const [entry] = entries();
    assert.equal(entries().length, 1);
    const written = fs.statSync(path.join(cacheDir, entry)).ino; // a write renames a new file into place
    const second = await runEsm();
    assert.deepEqual(traceOf(second), traceOf(first));
    assert.deepEqual(entries(), [entry]);
    assert.equal(fs.statSync(path.join(cacheDir, entry)).ino, written, 'the second run read the entry instead of writing it again');
    fs.writeFileSync(esm, `\n${source}`);
    assert.deepEqual(traceOf(await runEsm()).slice(0, 1), ['splitter@2:17 traced']);
    assert.equal(entries().length, 2);
  });

  it('does not use a folder that other users can write to, nor cache a file that holds no target', async function () {
    if (process.platform === 'win32') this.skip();
    fs.mkdirSync(cacheDir, { mode: 0o777 });
    fs.chmodSync(cacheDir, 0o777);
    await run();
    assert.equal(parserLoaded(await run()), true);
    assert.deepEqual(entries(), []);
    fs.chmodSync(cacheDir, 0o700);
    const untargeted = await run(['nothingHere']);
    assert.equal(parserLoaded(untargeted), false, 'a file that mentions no target is not parsed at all');
    assert.deepEqual(entries(), []);
  });
});
