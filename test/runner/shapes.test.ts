// `trainspect run` records what each call site of the user's files produced: real TF.js scripts
// (CommonJS, ES module, TypeScript) with chained and nested calls on one line, a last partial batch, a
// layer constructor and a model's predict; each site at its callee's own line and column in the
// original source, and the script's output and exit code as plain node has them.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ShapeSiteEvent, SiteShapes, TraceEvent } from '../../src/protocol/events';
import { parseTrace } from '../../src/protocol/trace-format';
import { nodeArgsFor } from '../../src/host/launch';
import { packageRoot } from '../../src/host/paths';
import { buildOnce, CLI } from './helpers';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'shapes');

interface ShapesRun { status: number | null; stdout: string; stderr: string; events: TraceEvent[] }

function run(fixture: string, shapes: string, tmp: string): ShapesRun {
  const out = path.join(tmp, `${fixture}-${shapes}.jsonl`);
  const r = spawnSync(process.execPath, [CLI, 'run', '--quiet', '--shapes', shapes, '--out', out, fixture], { cwd: FIXTURES, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString(), events: parseTrace(fs.readFileSync(out, 'utf8')) };
}

/** The same script without Trainspect (tsx still compiles TypeScript). */
function plain(fixture: string): { status: number | null; stdout: string; stderr: string } {
  const flags = nodeArgsFor(path.join(FIXTURES, fixture), { runtime: false });
  if ('missing' in flags) throw new Error('tsx not found');
  const r = spawnSync(process.execPath, [...flags.args, fixture], { cwd: FIXTURES });
  return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** Each site by `line:column`, with the latest stats the run wrote for it. */
function sitesOf(events: TraceEvent[]): Map<string, { site: ShapeSiteEvent; shapes: SiteShapes | undefined }> {
  const byId = new Map<number, { site: ShapeSiteEvent; shapes: SiteShapes | undefined }>();
  for (const e of events) {
    if (e.type === 'shape-site') byId.set(e.id, { site: e, shapes: undefined });
    if (e.type === 'shapes') for (const s of e.sites) byId.get(s.id)!.shapes = s;
  }
  return new Map([...byId.values()].map((entry) => [`${entry.site.site.line}:${entry.site.site.column}`, entry]));
}

/** `line:column` (1-based) of the first `text` on the first line that has `lineText`, plus `offset`. */
function at(fixture: string, lineText: string, text: string): string {
  const lines = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(lineText));
  assert.ok(index >= 0 && lines[index].includes(text), `${text} in ${fixture}`);
  return `${index + 1}:${lines[index].indexOf(text) + 1}`;
}

/** The script's stderr, without the lines the CLI writes after it (its post-mortem). */
const scriptsOwn = (stderr: string): string => stderr.split('\n').filter((l) => !l.startsWith('[trainspect]')).join('\n');

const counts = (s: SiteShapes | undefined): string => (s ? s.shapes.map((x) => `[${x.shape}] ${x.dtype} ×${x.count}`).join(', ') : 'none');

describe('cli: tensor shapes per call site', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-shapes-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const [fixture, shapes] of [['chained.cjs', 'all'], ['chained.mjs', 'all'], ['chained.ts', 'compiled'], ['chained.mts', 'compiled']]) {
    it(`${fixture} (--shapes ${shapes}): every site at its callee's column, the last partial batch, the layer, predict; output and exit code as plain node`, () => {
      const traced = run(fixture, shapes, tmp);
      const untraced = plain(fixture);
      assert.equal(traced.status, 3);
      assert.equal(traced.status, untraced.status);
      assert.equal(traced.stdout, untraced.stdout);
      const sites = sitesOf(traced.events);
      const site = (lineText: string, text: string): { site: ShapeSiteEvent; shapes: SiteShapes | undefined } => {
        const key = at(fixture, lineText, text);
        const found = sites.get(key);
        assert.ok(found, `a site at ${key} (${text}); sites: ${[...sites.keys()].join(' ')}`);
        return found;
      };
      // tf.relu(batch.matMul(w).add(b)): three sites on one line, each at its own callee's column.
      const line = 'tf.relu(batch.matMul';
      for (const [text, callee] of [['relu', 'tf.relu'], ['matMul', 'batch.matMul'], ['add', 'batch.matMul(…).add']]) {
        const s = site(line, text);
        assert.equal(s.site.callee, callee);
        assert.equal(s.site.kind, 'op');
        assert.equal(s.site.site.file, path.join(FIXTURES, fixture));
        assert.equal(counts(s.shapes), '[32,10] float32 ×5, [16,10] float32 ×1', callee);
        assert.equal(s.shapes!.calls, 6);
        assert.equal(s.shapes!.otherShapes, 0);
      }
      const slice = site('xs.slice(', 'slice');
      assert.equal(counts(slice.shapes), '[32,4] float32 ×5, [16,4] float32 ×1');
      // Values read in place on the cpu backend: the last sampled batch's statistics.
      const stats = slice.shapes!.stats!;
      assert.ok(typeof stats.min === 'number' && typeof stats.max === 'number' && stats.min < stats.max && stats.nanCount === 0, JSON.stringify(stats));
      // A layer constructor: the layer TF.js built, its shapes and parameters.
      const dense = site('tf.layers.dense(', 'dense(');
      assert.equal(dense.site.kind, 'layer');
      assert.equal(dense.site.callee, 'tf.layers.dense');
      assert.deepEqual(dense.shapes!.layer, { name: 'dense_Dense1', className: 'Dense', inputShape: [null, 4], outputShape: [null, 10], params: 50 });
      assert.deepEqual(dense.shapes!.shapes, []);
      const predict = site('model.predict(', 'predict(');
      assert.equal(predict.site.kind, 'apply');
      assert.equal(counts(predict.shapes), '[176,10] float32 ×1');
      // A call after training is written by the exit flush, after the epochs' flushes.
      const last = site('tf.ones(', 'ones');
      assert.equal(counts(last.shapes), '[2,3] int32 ×1');
      const types = traced.events.map((e) => e.type);
      assert.ok(types.indexOf('shapes') < types.lastIndexOf('epoch'), 'a shapes event at the end of an epoch');
      assert.ok(types.lastIndexOf('shapes') > types.lastIndexOf('epoch'), 'a shapes event at exit');
      // Nothing that is not a tensor or a layer is a site: Math.min, console.log, model.compile.
      assert.equal(sites.size, 12, [...sites.values()].map((s) => s.site.callee).join());
    });
  }

  // By default a plain JavaScript file runs as written: its TF.js ops' tensors are seen from the engine,
  // its layers as tfjs-layers makes them.
  const described = (sites: ReturnType<typeof sitesOf>, keep: (s: ShapeSiteEvent) => boolean): string[] =>
    [...sites].filter(([, s]) => keep(s.site)).map(([key, s]) => `${key} ${s.site.kind} ${s.site.callee} ${counts(s.shapes)} calls ${s.shapes?.calls} ${JSON.stringify(s.shapes?.layer)}`).sort();
  for (const fixture of ['chained.cjs', 'chained.mjs']) {
    it(`${fixture} by default: its ops' and layers' sites at the same columns, callees and counts as --shapes all finds them, no predict site; output and exit code as plain node`, () => {
      const byDefault = run(fixture, 'compiled', tmp);
      const untraced = plain(fixture);
      assert.equal(byDefault.status, 3);
      assert.equal(byDefault.stdout, untraced.stdout);
      assert.equal(scriptsOwn(byDefault.stderr), untraced.stderr);
      const all = sitesOf(run(fixture, 'all', tmp).events);
      const sites = sitesOf(byDefault.events);
      assert.deepEqual(described(sites, () => true), described(all, (s) => s.kind !== 'apply'));
      assert.equal(sites.size, 11);
      const relu = sites.get(at(fixture, 'tf.relu(batch.matMul', 'relu'))!;
      assert.deepEqual(relu.shapes!.stats, all.get(at(fixture, 'tf.relu(batch.matMul', 'relu'))!.shapes!.stats);
    });
  }

  it('layers.cjs by default: a factory\'s layer made in a class of the user\'s, a layer class of the user\'s at `new`\'s class name, the model; as --shapes all has them', () => {
    const byDefault = run('layers.cjs', 'compiled', tmp);
    assert.equal(byDefault.status, 0, byDefault.stderr);
    assert.equal(byDefault.stdout, plain('layers.cjs').stdout);
    const sites = sitesOf(byDefault.events);
    const all = sitesOf(run('layers.cjs', 'all', tmp).events);
    // What only the rewritten file has: a tf.tidy's value and predict's, calls that are no op and make no layer.
    assert.deepEqual(described(sites, () => true), described(all, (s) => s.kind !== 'apply' && s.callee !== 'tf.tidy'));
    const scale = sites.get(at('layers.cjs', 'new Scale(', 'Scale('))!;
    assert.equal(scale.site.callee, 'new Scale');
    assert.deepEqual(scale.shapes!.layer, { name: 'scale', className: 'Scale', inputShape: [null, 3], outputShape: [null, 3], params: 0 });
    assert.equal(sites.get(at('layers.cjs', 'tf.layers.dense(', 'dense('))!.shapes!.layer!.name, 'hidden');
    assert.equal(counts(sites.get(at('layers.cjs', 'tf.mul(', 'mul('))!.shapes), '[4,3] float32 ×1');
    // tfjs-layers' own layers (the model's input layer, its inner LayersModel) are nobody's site.
    assert.deepEqual([...sites.values()].filter((s) => s.site.kind === 'layer').map((s) => s.site.callee).sort(), ['new Scale', 'tf.layers.dense', 'tf.sequential']);
  });

  it('inside-fit.cjs by default: a custom loss\'s ops inside model.fit counted every batch, and ops after training with the loop\'s own op names', () => {
    const byDefault = run('inside-fit.cjs', 'compiled', tmp);
    assert.equal(byDefault.status, 0, byDefault.stderr);
    assert.equal(byDefault.stdout, plain('inside-fit.cjs').stdout);
    const sites = sitesOf(byDefault.events);
    const described = (lineText: string, text: string) => {
      const s = sites.get(at('inside-fit.cjs', lineText, text));
      return s ? `${s.site.callee}: ${counts(s.shapes)}` : 'no site';
    };
    // 100 rows in batches of 32 for 3 epochs: 32, 32, 32 and 4 rows an epoch.
    assert.equal(described('yTrue.sub(', 'sub('), 'yTrue.sub: [32,1] float32 ×9, [4,1] float32 ×3');
    assert.equal(described('yTrue.sub(', 'square('), 'yTrue.sub(…).square: [32,1] float32 ×9, [4,1] float32 ×3');
    assert.equal(described('yTrue.sub(', 'mean('), 'yTrue.sub(…).square(…).mean: [] float32 ×12');
    assert.equal(described('model.predict(', 'sub('), 'model.predict(…).sub: [100,1] float32 ×1');
    assert.equal(described('model.predict(', 'mean('), 'model.predict(…).sub(…).abs(…).mean: [] float32 ×1');
    // The training loop's own ops are nobody's site: only the file's eight ops and its two layers are.
    assert.equal(sites.size, 10, [...sites.values()].map((s) => s.site.callee).join());
  });

  // requires-plain.ts: a TypeScript entry, so Node reads the callable transform's own source map of the file.
  for (const [entry, fixture] of [['callable-line.cjs', 'callable-line.cjs'], ['callable-line.mjs', 'callable-line.mjs'], ['requires-plain.ts', 'callable-line.cjs']]) {
    it(`${entry} by default: an op after a traced callable on its line at its column as written, though the callable transform moved it`, () => {
      const traced = run(entry, 'compiled', tmp);
      assert.equal(traced.status, 0, traced.stderr);
      assert.equal(traced.stdout, plain(entry).stdout);
      assert.ok(traced.events.some((e) => e.type === 'call' && e.callable === 'map'), 'the map function was traced');
      const sites = sitesOf(traced.events);
      const line = 'tf.tensor1d(row)';
      assert.deepEqual([...sites.keys()].sort(), [at(fixture, line, 'tensor1d'), at(fixture, line, 'square')].sort());
      assert.ok([...sites.values()].every((s) => s.site.site.file === path.join(FIXTURES, fixture)));
      assert.equal(sites.get(at(fixture, line, 'square'))!.site.callee, 'tf.tensor1d(…).square');
      assert.equal(counts(sites.get(at(fixture, line, 'tensor1d'))!.shapes), '[2] float32 ×3');
    });
  }

  // Files whose every op and layer site the default and --shapes all find alike (all adds what its own functions return).
  for (const [fixture, why] of [
    ['inline-map.cjs', 'a JavaScript file with its own inline map, which the shape helper records as TypeScript: each site once'],
    ['early.cjs', 'ops in a leading declaration after a traced callable on their line, before the file registers: at their columns as written'],
    ['epoch-end.cjs', 'an op a callback runs at epoch ends inside fit, which the training loop runs at every batch too: counted each time'],
    ['loss-per-row.cjs', 'a custom loss run 200 times inside fit, counted at its sites past its first captures: every run'],
  ]) {
    it(`${fixture} by default: ${why}`, () => {
      const byDefault = run(fixture, 'compiled', tmp);
      assert.equal(byDefault.status, 0, byDefault.stderr);
      assert.equal(byDefault.stdout, plain(fixture).stdout);
      const sites = sitesOf(byDefault.events);
      const all = sitesOf(run(fixture, 'all', tmp).events);
      assert.deepEqual(described(sites, () => true), described(all, (s) => s.kind !== 'apply' && !/^f$/.test(s.callee)));
      assert.equal(byDefault.events.filter((e) => e.type === 'shape-site').length, sites.size, 'no site twice');
    });
  }

  it('epoch-end.cjs: the epoch-end op is counted on each of its five runs', () => {
    const sites = sitesOf(run('epoch-end.cjs', 'compiled', tmp).events);
    assert.equal(counts(sites.get(at('epoch-end.cjs', 'tf.matMul(xs, w)', 'matMul'))?.shapes), '[40,2] float32 ×5');
  });

  it('an error TF.js throws while it makes a tensor prints as under plain node, no frame of Trainspect\'s in its stack', () => {
    const traced = run('wasm-early.cjs', 'compiled', tmp);
    const untraced = plain('wasm-early.cjs');
    assert.equal(untraced.status, 1);
    assert.match(untraced.stderr, /Backend 'wasm' has not yet been initialized/);
    assert.equal(traced.status, 1);
    assert.equal(scriptsOwn(traced.stderr), untraced.stderr);
  });

  it('visible.cjs: the engine\'s hooked methods keep their name and length and stay off its keys, and a layer\'s id is its own data property, as under plain node', () => {
    const byDefault = run('visible.cjs', 'compiled', tmp);
    assert.equal(byDefault.status, 0, byDefault.stderr);
    assert.equal(byDefault.stdout, plain('visible.cjs').stdout);
    assert.ok(byDefault.events.some((e) => e.type === 'shape-site' && e.kind === 'layer'), 'the layer was seen');
  });

  it('records no shapes with --shapes off', () => {
    for (const fixture of ['chained.cjs', 'chained.ts']) {
      const off = run(fixture, 'off', tmp);
      assert.equal(off.status, 3);
      assert.deepEqual(off.events.filter((e) => e.type === 'shape-site' || e.type === 'shapes'), [], fixture);
      assert.ok(off.events.some((e) => e.type === 'epoch'), 'it trained');
    }
  });

  // Why plain JavaScript is not rewritten by default (docs/trace-format.md#why-plain-javascript-is-not-rewritten-by-default):
  // V8 prints a line's excerpt from the code it ran and counts columns in it.
  it('--shapes all rewrites a plain JavaScript line: an error thrown on it prints the rewritten line and moved columns; by default it prints as under plain node, and its calls are recorded', () => {
    const untraced = plain('rewritten-line.cjs');
    const thrownAt = at('rewritten-line.cjs', 'notAField', '.value');
    const [line, column] = thrownAt.split(':').map(Number);
    const frame = `rewritten-line.cjs:${line}:${column})`; // V8's column of the property read: its dot
    assert.equal(untraced.status, 1);
    assert.ok(untraced.stderr.includes(frame), untraced.stderr);

    const byDefault = run('rewritten-line.cjs', 'compiled', tmp);
    assert.equal(byDefault.status, 1);
    assert.equal(scriptsOwn(byDefault.stderr), untraced.stderr);
    // The line as written, and its calls still recorded from the engine.
    const seen = sitesOf(byDefault.events);
    assert.equal(seen.get(at('rewritten-line.cjs', 'notAField', 'relu'))?.shapes?.shapes[0].shape.join(), '2,2');
    assert.equal(seen.get(at('rewritten-line.cjs', 'notAField', 'matMul'))?.shapes?.shapes[0].shape.join(), '2,2');

    const all = run('rewritten-line.cjs', 'all', tmp);
    assert.equal(all.status, 1);
    const lines = all.stderr.split('\n');
    const excerpt = lines[lines.findIndex((l) => l.endsWith(`rewritten-line.cjs:${line}`)) + 1];
    assert.match(excerpt, /^const missing = __trainspect_h\(\d+,tf\.relu\(__trainspect_h\(\d+,x\.matMul\(w\)\)\)\)\.notAField\.value;$/);
    assert.ok(!all.stderr.includes(frame), all.stderr);
    // Its calls are still recorded, each at its callee's column in the original line.
    const sites = sitesOf(all.events);
    assert.equal(sites.get(at('rewritten-line.cjs', 'notAField', 'relu'))?.shapes?.shapes[0].shape.join(), '2,2');
    assert.equal(sites.get(at('rewritten-line.cjs', 'notAField', 'matMul'))?.shapes?.shapes[0].shape.join(), '2,2');
  });

  for (const shapes of ['all', 'compiled']) it(`keeps 16 shapes a site and counts the others, samples the first 4 runs' values, and a layer that is never built has no shapes (--shapes ${shapes})`, () => {
    const traced = run('bounds.cjs', shapes, tmp);
    assert.equal(traced.status, 0);
    assert.equal(traced.stdout, plain('bounds.cjs').stdout);
    const sites = [...sitesOf(traced.events).values()];
    assert.deepEqual(sites.map((s) => s.site.callee), ['tf.zeros', 'tf.layers.dense']);
    const zeros = sites[0].shapes!;
    assert.equal(zeros.calls, 20);
    assert.deepEqual(zeros.shapes.map((s) => s.shape), Array.from({ length: 16 }, (_, i) => [i + 1]));
    assert.equal(zeros.otherShapes, 4);
    // The 4th run's values ([4] zeros): sampled runs stop there.
    assert.deepEqual(zeros.stats, { min: 0, max: 0, mean: 0, std: 0, nanCount: 0, infCount: 0, zeroCount: 4 });
    assert.deepEqual(sites[1].shapes!.layer, { name: 'never_built', className: 'Dense', inputShape: null, outputShape: null, params: null });
  });
});
