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
});
