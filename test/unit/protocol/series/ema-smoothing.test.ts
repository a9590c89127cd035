import * as assert from 'node:assert/strict';
import { clampSmoothingWeight, EmaSmoother, isConstantSeries, smoothSeries } from '../../../../src/protocol/series/ema-smoothing';

const close = (actual: ArrayLike<number>, expected: number[]) => {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) assert.ok(Number.isNaN(actual[i]), `[${i}] ${actual[i]} is not NaN`);
    else if (!Number.isFinite(expected[i])) assert.equal(actual[i], expected[i]);
    else assert.ok(Math.abs(actual[i] - expected[i]) < 1e-12, `[${i}] ${actual[i]} != ${expected[i]}`);
  }
};

describe('TensorBoard\'s debiased EMA smoothing', () => {
  it('is last = last*w + (1-w)*y from 0, divided by 1 - w^n', () => {
    // w = 0.6: 0.4*1 / 0.4 = 1; (0.24 + 0.8) / 0.64 = 1.625; (0.624 + 1.2) / 0.784
    close(smoothSeries([1, 2, 3], 0.6), [1, 1.625, 1.824 / 0.784]);
    close(smoothSeries([5, 1], 0), [5, 1]);
  });

  it('lets NaN and ±Infinity through without counting them', () => {
    close(smoothSeries([1, NaN, 2, Infinity, -Infinity, 3], 0.6), [1, NaN, 1.625, Infinity, -Infinity, 1.824 / 0.784]);
    close(smoothSeries([NaN, 1, 2], 0.6), [NaN, 1, 1.625]);
  });

  it('leaves a constant series as it is, where the EMA would wobble in the last bits', () => {
    const constant = new Array(50).fill(0.1);
    const smoother = new EmaSmoother(0.9);
    assert.ok(constant.map((y) => smoother.next(y)).some((y) => y !== 0.1), 'without the rule the curve is not flat');
    assert.deepEqual(Array.from(smoothSeries(constant, 0.9)), constant);
    assert.ok(isConstantSeries([]));
    assert.ok(isConstantSeries([Infinity, Infinity]));
    assert.ok(!isConstantSeries([NaN, NaN]), 'NaN == NaN is false, as in TensorBoard');
    assert.ok(!isConstantSeries([1, 1, 2]));
  });

  it('clamps the weight to [0, 1], a non-finite weight being 0; at 1 the curve stays at 0 as TensorBoard\'s does', () => {
    assert.equal(clampSmoothingWeight(NaN), 0);
    assert.equal(clampSmoothingWeight(-1), 0);
    assert.equal(clampSmoothingWeight(1.5), 1);
    close(smoothSeries([1, 2], NaN), [1, 2]);
    close(smoothSeries([1, 2], 1), [0, 0]);
    close(smoothSeries([1, 2], 7), [0, 0]);
  });
});
