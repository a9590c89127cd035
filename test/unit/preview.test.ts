// Previews built in-process from real values (and a real TF.js tensor).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { previewValue } from '../../src/runtime/preview';
import { DEFAULT_PREVIEW_LIMITS, describePreview } from '../../src/protocol/preview';

const preview = (v: unknown) => previewValue(v, DEFAULT_PREVIEW_LIMITS, 'v');

describe('runtime previews', () => {
  it('describes arrays by length and sampled element types', () => {
    const p = preview(Array.from({ length: 7390 }, (_, i) => `img_${i}.png`));
    assert.equal(describePreview(p), 'an Array of 7,390 strings (types of the first 1,000 elements)');
    assert.ok(p.kind === 'array' && p.items.length === 10 && p.truncated);
  });

  it('previews a 1,000,000-element array from its first elements only, in a bounded preview', () => {
    // Its cost is measured by `npm run bench`; here: what is read and kept does not grow with the array.
    const huge = Array.from({ length: 1_000_000 }, (_, i) => (i < 1000 ? i : `s${i}`));
    const p = preview(huge);
    assert.ok(p.kind === 'array' && p.length === 1_000_000);
    assert.deepEqual(p.elements, { types: ['number'], sampled: true, sampledCount: 1000 });
    assert.equal(p.items.length, 10);
    assert.ok(JSON.stringify(p).length < 1000, 'the preview stays small');
  });

  it('never calls getters and never looks into proxies', () => {
    let ran = 0;
    const obj = { get x() { ran++; return 1; }, y: 2 };
    const proxy = new Proxy({}, { ownKeys() { ran++; return []; }, get() { ran++; return 1; }, getPrototypeOf() { ran++; return null; } });
    const p = preview({ obj, proxy, inherits: Object.create(proxy) });
    assert.equal(ran, 0);
    assert.ok(p.kind === 'object');
    const [o, px, inh] = p.entries.map((e) => e.value);
    assert.ok(o.kind === 'object' && o.entries[0].value.kind === 'getter' && o.entries[1].value.kind === 'number');
    assert.deepEqual(px, { kind: 'proxy' });
    assert.ok(inh.kind === 'object');
  });

  it('marks circular references with their path, and cuts depth and budget', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.list = [a];
    const p = preview(a);
    assert.ok(p.kind === 'object');
    assert.deepEqual(p.entries[1].value, { kind: 'circular', path: 'v' });
    const deep = preview({ a: { b: { c: { d: { e: 1 } } } } });
    assert.match(JSON.stringify(deep), /"reason":"depth"/);
    const wide = previewValue(Array.from({ length: 50 }, () => ({ a: [1, 2, 3] })), { ...DEFAULT_PREVIEW_LIMITS, maxItems: 50, maxNodes: 20 }, 'v');
    assert.match(JSON.stringify(wide), /"reason":"budget"/);
  });

  it('turns hostile values into unreadable previews instead of throwing', () => {
    const hostile = Object.defineProperty([], 'length', { value: 0 });
    const evil = new Proxy(function () {}, {});
    const weird = Object.create(null);
    weird.toString = () => { throw new Error('no'); };
    assert.doesNotThrow(() => preview(hostile));
    assert.deepEqual(preview(evil), { kind: 'proxy' });
    assert.equal(preview(weird).kind, 'object');
    const throwing = { get [Symbol.toStringTag]() { throw new Error('tag'); } };
    assert.equal(preview(throwing).kind, 'object');
  });

  it('previews strings, numbers, maps, sets, dates, regexps, errors, typed arrays and classes', () => {
    class Pet { constructor(public name: string) {} }
    const long = 'x'.repeat(500);
    assert.deepEqual(preview(long), { kind: 'string', value: 'x'.repeat(200), length: 500, truncated: true });
    assert.deepEqual([preview(NaN), preview(-0), preview(Infinity)], [{ kind: 'number', value: 'NaN' }, { kind: 'number', value: '-0' }, { kind: 'number', value: 'Infinity' }]);
    assert.equal(describePreview(preview(new Map([['a', 1], ['b', 2]]))), 'a Map of string → number (2 entries)');
    assert.equal(describePreview(preview(new Set([1, 'a']))), 'a Set of 2 items: number, string');
    assert.deepEqual(preview(new Date(0)), { kind: 'date', iso: '1970-01-01T00:00:00.000Z' });
    assert.deepEqual(preview(/a+/g), { kind: 'regexp', source: 'a+', flags: 'g' });
    const err = preview(new RangeError('bad'));
    assert.ok(err.kind === 'error' && err.className === 'RangeError' && err.message === 'bad');
    assert.deepEqual(preview(new Float32Array([1, 2, 3])), { kind: 'typedarray', className: 'Float32Array', length: 3, values: [1, 2, 3] });
    assert.equal(describePreview(preview(new Pet('rex'))), 'a Pet object with 1 key');
    assert.equal(preview(10n).kind, 'bigint');
  });

  it('shows a TF.js tensor by shape, dtype, a few values and stats, and a disposed one without reading it', () => {
    const t = tf.tensor2d([[1, 2], [3, NaN]]);
    const p = preview(t);
    assert.ok(p.kind === 'tensor');
    assert.deepEqual([p.className, p.shape, p.dtype, p.size], ['Tensor', [2, 2], 'float32', 4]);
    assert.deepEqual(p.values, [1, 2, 3, 'NaN']);
    assert.equal(p.stats?.nanCount, 1);
    assert.equal(p.stats?.mean, 2);
    t.dispose();
    const disposed = preview(t);
    assert.ok(disposed.kind === 'tensor' && disposed.disposed === true && disposed.values === undefined);
  });
});
