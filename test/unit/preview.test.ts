// Previews built in-process from real values (and a real TF.js tensor).
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { cutText, previewValue } from '../../src/runtime/preview';
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
    assert.deepEqual(preview(long), { kind: 'string', value: 'x'.repeat(100), length: 500, truncated: true, tail: 'x'.repeat(100) });
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

  it('cuts a long string in the middle, keeping both ends whole, never half a surrogate pair', () => {
    const path = `/data/${'nested/'.repeat(60)}Abyssinian_10.png`;
    const p = preview(path);
    assert.ok(p.kind === 'string' && p.truncated && p.tail !== undefined);
    assert.ok(p.tail.endsWith('/Abyssinian_10.png') && p.value.startsWith('/data/nested/'));
    assert.equal(p.value.length + p.tail.length, 200);
    const emoji = preview('😀'.repeat(300));
    assert.ok(emoji.kind === 'string' && emoji.tail !== undefined);
    assert.equal(emoji.value.length % 2, 0, 'the head ends after a whole pair');
    assert.ok(!/^[\udc00-\udfff]/.test(emoji.tail) && !/[\ud800-\udbff]$/.test(emoji.value));
    assert.equal(cutText('k'.repeat(1000), 200).length, 200);
  });

  it('cuts keys, class names, function names, symbol descriptions and regexp sources to the string limit', () => {
    const named = { [`k${'e'.repeat(5000)}y`]: Object.defineProperty(function () {}, 'name', { value: 'f'.repeat(5000) }) };
    class Long {}
    Object.defineProperty(Long, 'name', { value: 'L'.repeat(5000) });
    const p = preview({ named, inst: new Long(), sym: Symbol('s'.repeat(5000)), re: new RegExp('r'.repeat(5000)) });
    assert.ok(JSON.stringify(p).length < 3000, `${JSON.stringify(p).length} characters`);
    assert.ok(p.kind === 'object');
    const inner = p.entries[0].value;
    assert.ok(inner.kind === 'object' && inner.entries[0].key.startsWith('keee') && inner.entries[0].key.endsWith('eey'));
  });

  it('describes sparse arrays, accessor elements and symbol keys as they are', () => {
    const withGetter = Object.defineProperty([0, 0], 0, { get: () => 1, set: () => {} });
    const p = preview(withGetter);
    assert.ok(p.kind === 'array');
    assert.deepEqual(p.items[0], { kind: 'getter', hasSetter: true });
    assert.deepEqual(p.elements.types, ['getter', 'number']);
    // eslint-disable-next-line no-sparse-arrays
    assert.equal(describePreview(preview([, 'a', , , 'b'])), 'a sparse Array of length 5: 2 strings and 3 empty slots');
    const sym = Symbol('tag');
    const hidden = Object.defineProperty({}, Symbol('hidden'), { value: 1, enumerable: false });
    assert.equal(describePreview(preview({ [sym]: 1 })), 'an Object with 0 keys and 1 symbol key');
    assert.equal(describePreview(preview(hidden)), 'an Object with 0 keys');
  });

  it('does not take an object that only looks like a tensor for one, nor call its methods', () => {
    let calls = 0;
    const fake = { shape: [2], dtype: 'float32', size: 2, dataId: {}, dataSync: () => { calls++; return [1, 2]; }, isDisposedInternal: false };
    assert.equal(preview(fake).kind, 'object');
    const t = tf.tensor1d([1, 2, 3]);
    const original = t.dataSync;
    (t as { dataSync: unknown }).dataSync = () => { calls++; return original.call(t); };
    const p = preview(t);
    assert.ok(p.kind === 'tensor' && p.backend === 'cpu');
    assert.deepEqual(p.values, [1, 2, 3]);
    assert.equal(calls, 0);
    t.dispose();
  });

  it('reads no error stack unless asked, so a prepareStackTrace set later still applies', () => {
    const err = new Error('later');
    assert.equal(preview(err).kind === 'error' && (preview(err) as { stack?: string }).stack, undefined);
    const saved = Error.prepareStackTrace;
    Error.prepareStackTrace = () => 'custom';
    try {
      assert.equal(err.stack, 'custom');
      const asked = previewValue(new Error('now'), DEFAULT_PREVIEW_LIMITS, 'e', { errorStack: true });
      assert.ok(asked.kind === 'error' && asked.stack === 'custom');
    } finally {
      Error.prepareStackTrace = saved;
    }
  });
});
