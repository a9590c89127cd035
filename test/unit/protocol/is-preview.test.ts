import * as assert from 'node:assert/strict';
import { DEFAULT_PREVIEW_LIMITS, isPreview, type Preview } from '../../../src/protocol/preview';
import { previewValue } from '../../../src/runtime/preview';

const str = (value: string): Preview => ({ kind: 'string', value, length: value.length });

class Pet { constructor(public name: string, public tags: Set<string>) {} }

describe('protocol: isPreview', () => {
  it('accepts every kind the runtime builds, nested ones included', () => {
    const err = Object.assign(new TypeError('bad'), { code: 'E_BAD' });
    const values: unknown[] = [
      'text', 'x'.repeat(1000), 1.5, Number.NaN, -0, true, null, undefined, 10n, Symbol('s'),
      [1, 'a', [2, [3, [4, [5]]]]], new Float32Array([1, Number.NaN]), new BigInt64Array([1n]), new DataView(new ArrayBuffer(4)),
      { a: 1, nested: { map: new Map([['k', new Set([1])]]) } }, new Pet('rex', new Set(['good'])), Object.create(null),
      () => 1, class A {}, new Date(0), new Date(Number.NaN), /x/g, err, Promise.resolve(1), new ArrayBuffer(8),
      new Proxy({}, {}), Object.defineProperty({}, 'g', { get: () => 1, enumerable: true }),
      [1, , 3], new Array(4), { [Symbol('s')]: 1 }, // eslint-disable-line no-sparse-arrays
    ];
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    values.push(circular, Array.from({ length: 5000 }, (_, i) => ({ i })));
    for (const value of values) {
      const preview = previewValue(value, DEFAULT_PREVIEW_LIMITS);
      assert.equal(isPreview(preview), true, JSON.stringify(preview));
      assert.equal(isPreview(JSON.parse(JSON.stringify(preview))), true, 'after a trip through JSON');
    }
  });

  it('refuses a preview missing a field its kind needs, at any depth', () => {
    const bad: unknown[] = [
      null, 'string', [], {}, { kind: '' }, { kind: 7 },
      { kind: 'string', value: 'a' }, // no length
      { kind: 'number', value: 'eleven' },
      { kind: 'array', className: 'Array', length: 1, elements: { types: ['string'] } }, // no items
      { kind: 'array', className: 'Array', length: 1, elements: { types: ['string'] }, items: [{ kind: 'string', value: 1, length: 1 }] },
      { kind: 'object', className: 'Object', keyCount: 1, entries: [{ key: 'a' }] },
      { kind: 'object', className: 'Object', keyCount: 1, entries: [{ key: 'a', value: { kind: 'set', className: 'Set', size: 1, elements: { types: [] }, items: [{}] } }] },
      { kind: 'map', className: 'Map', size: 1, keyTypes: { types: [] }, valueTypes: { types: [] }, entries: [{ key: str('k') }] },
      { kind: 'tensor', className: 'Tensor', shape: ['2'], dtype: 'float32', size: 2 },
      { kind: 'tensor', className: 'Tensor', shape: [2], dtype: 'float32', size: 2, stats: { min: 0 } },
      { kind: 'typedarray', className: 'Float32Array', length: 2, values: [1, {}] },
      { kind: 'error', className: 'Error' },
      { kind: 'truncated', reason: 'tired' },
      { kind: 'date', iso: 5 },
      { kind: 'hole' },
      { kind: 'string', value: 'a', length: 9, truncated: true, tail: 9 },
      { kind: 'array', className: 'Array', length: 2, elements: { types: [] }, items: [], holes: '2' },
      { kind: 'object', className: 'Object', keyCount: 0, entries: [], symbolKeyCount: '1' },
      { kind: 'tensor', className: 'Tensor', shape: [2], dtype: 'float32', size: 2, backend: 3 },
    ];
    for (const value of bad) assert.equal(isPreview(value), false, JSON.stringify(value));
  });

  it('refuses nesting far deeper than any writer makes', () => {
    let deep: unknown = str('bottom');
    for (let i = 0; i < 10_000; i++) deep = { kind: 'array', className: 'Array', length: 1, elements: { types: ['Array'] }, items: [deep] };
    assert.equal(isPreview(deep), false);
  });

  it('accepts tensors with values and stats, and string tensors', () => {
    const stats = { min: 0, max: 'NaN', mean: 0.5, std: 0.1, nanCount: 1, infCount: 0, zeroCount: 3 };
    assert.equal(isPreview({ kind: 'tensor', className: 'Tensor', shape: [2, 3], dtype: 'float32', size: 6, values: [0, 'NaN'], stats, truncated: true }), true);
    assert.equal(isPreview({ kind: 'tensor', className: 'Tensor', shape: [2], dtype: 'string', size: 2, values: ['a', 'b'] }), true);
    assert.equal(isPreview({ kind: 'tensor', className: 'Variable', shape: [], dtype: 'int32', size: 1, disposed: true }), true);
  });

  it('lets a kind from a newer writer through, to be shown by name', () => {
    assert.equal(isPreview({ kind: 'dataset', className: 'MapDataset' }), true);
  });
});
