import * as assert from 'node:assert/strict';
import { describePreview, formatPreviewInline, type Preview } from '../../../src/protocol/preview';

const str = (value: string): Preview => ({ kind: 'string', value, length: value.length });

describe('protocol: preview text', () => {
  it('says what kind of collection an array is, with its length and element type', () => {
    const paths: Preview = { kind: 'array', className: 'Array', length: 7390, elements: { types: ['string'] }, items: [str('a.png')], truncated: true };
    assert.equal(describePreview(paths), 'an Array of 7,390 strings');
    assert.equal(describePreview({ kind: 'array', className: 'Array', length: 1, elements: { types: ['Tensor'] }, items: [] }), 'an Array of 1 Tensor');
    assert.equal(describePreview({ kind: 'array', className: 'Array', length: 0, elements: { types: [] }, items: [] }), 'an empty Array');
  });

  it('names mixed and sampled element types', () => {
    const p: Preview = { kind: 'array', className: 'Array', length: 2_000_000, elements: { types: ['number', 'string'], sampled: true, sampledCount: 1000 }, items: [] };
    assert.equal(describePreview(p), 'an Array of 2,000,000 items: number, string (types of the first 1,000 elements)');
  });

  it('describes maps by key and value types, and user classes by name', () => {
    const map: Preview = { kind: 'map', className: 'Map', size: 12, keyTypes: { types: ['string'] }, valueTypes: { types: ['number'] }, entries: [] };
    assert.equal(describePreview(map), 'a Map of string → number (12 entries)');
    assert.equal(describePreview({ kind: 'object', className: 'Pet', keyCount: 3, entries: [] }), 'a Pet object with 3 keys');
    assert.equal(describePreview({ kind: 'object', className: 'Object', keyCount: 1, entries: [] }), 'an Object with 1 key');
  });

  it('describes tensors by class, dtype and shape', () => {
    const t: Preview = { kind: 'tensor', className: 'Tensor', shape: [32, 64, 64, 3], dtype: 'float32', size: 393216 };
    assert.equal(describePreview(t), 'a Tensor float32 [32,64,64,3]');
    assert.equal(describePreview({ ...t, disposed: true } as Preview), 'a Tensor float32 [32,64,64,3] (disposed)');
  });

  it('renders values inline, quoting strings so that markup stays text', () => {
    assert.equal(formatPreviewInline(str('<img src=x onerror=alert(1)>')), '"<img src=x onerror=alert(1)>"');
    const arr: Preview = { kind: 'array', className: 'Array', length: 5, elements: { types: ['number'] }, items: [{ kind: 'number', value: 1 }, { kind: 'number', value: 'NaN' }], truncated: true };
    assert.equal(formatPreviewInline(arr), '(5) [1, NaN, … 3 more]');
  });

  it('cuts long inline renderings with an ellipsis', () => {
    const long = formatPreviewInline(str('x'.repeat(500)), 40);
    assert.equal(long.length, 40);
    assert.ok(long.endsWith('…'));
  });

  it('flags tensors holding NaN or Infinity', () => {
    const t: Preview = { kind: 'tensor', className: 'Tensor', shape: [2], dtype: 'float32', size: 2, stats: { min: 'NaN', max: 'NaN', mean: 'NaN', std: 'NaN', nanCount: 2, infCount: 0, zeroCount: 0 } };
    assert.match(formatPreviewInline(t), /NaN\/Inf!$/);
  });

  it('names a preview kind from a newer writer instead of failing', () => {
    const future = { kind: 'dataset', className: 'MapDataset', size: 4 } as unknown as Preview;
    assert.equal(describePreview(future), 'a dataset value');
    assert.equal(formatPreviewInline(future), '[dataset]');
  });

  it('puts thousands separators in every count it prints', () => {
    const types = { types: ['number'] };
    const map: Preview = { kind: 'map', className: 'Map', size: 12345, keyTypes: types, valueTypes: types, entries: [] };
    const set: Preview = { kind: 'set', className: 'Set', size: 1234567, elements: types, items: [] };
    const deep: Preview = { kind: 'array', className: 'Array', length: 1, elements: { types: ['Array'] }, items: [{ kind: 'array', className: 'Array', length: 2500, elements: types, items: [] }] };
    assert.equal(describePreview(map), 'a Map of number → number (12,345 entries)');
    assert.equal(describePreview(set), 'a Set of 1,234,567 numbers');
    assert.equal(formatPreviewInline(map), 'Map(12,345) {…}');
    assert.equal(formatPreviewInline(set), 'Set(1,234,567) {…}');
    assert.equal(formatPreviewInline({ kind: 'arraybuffer', className: 'ArrayBuffer', byteLength: 65536 }), 'ArrayBuffer {65,536 bytes}');
    assert.equal(formatPreviewInline(deep, 200), '(1) [(2,500) [… 2,500 more]]');
    assert.equal(describePreview({ kind: 'object', className: 'Object', keyCount: 1000000, entries: [], symbolKeyCount: 2 }), 'an Object with 1,000,000 keys and 2 symbol keys');
    assert.equal(describePreview({ kind: 'hole', count: 3000 }), '3,000 empty slots');
  });

  it('shows both ends of a string cut in the middle, and how much was left out', () => {
    const cut: Preview = { kind: 'string', value: '/home/me/pro', length: 5000, truncated: true, tail: 'Abyssinian_1.png' };
    assert.equal(formatPreviewInline(cut), '"/home/me/pro"…(4,972 of 5,000 chars left out)…"Abyssinian_1.png"');
    assert.equal(describePreview(cut), 'a string of 5,000 characters');
  });

  it('renders empty slots of a sparse array the way Node does, counting them toward the length', () => {
    const sparse: Preview = { kind: 'array', className: 'Array', length: 6, elements: { types: ['number'] }, holes: 4, items: [{ kind: 'number', value: 1 }, { kind: 'hole', count: 4 }, { kind: 'number', value: 2 }] };
    assert.equal(formatPreviewInline(sparse), '(6) [1, <4 empty items>, 2]');
    assert.equal(describePreview(sparse), 'a sparse Array of length 6: 2 numbers and 4 empty slots');
  });

  it('says where a tensor lives when its values were not read', () => {
    const t: Preview = { kind: 'tensor', className: 'Tensor', shape: [3], dtype: 'float32', size: 3, backend: 'webgl' };
    assert.equal(describePreview(t), 'a Tensor float32 [3] on webgl (values not read)');
    assert.equal(describePreview({ ...t, backend: 'cpu' } as Preview), 'a Tensor float32 [3]');
  });
});
