import * as assert from 'node:assert/strict';
import { formatNumber, formatSeconds, formatX, formatXExactly } from '../../src/webview/training/axis-format';

describe('training chart numbers', () => {
  it('writes x by what it counts', () => {
    assert.equal(formatX('step', 500), '500');
    assert.equal(formatX('step', 20_000), '20k');
    assert.equal(formatX('step', 2_500_000), '2.5M');
    assert.equal(formatXExactly('step', 50_870.4), '50,870');
    assert.equal(formatX('epoch', 12.5), '12.5');
    assert.equal(formatX('time', 1_500), '1.5 s');
    assert.equal(formatSeconds(125), '2:05');
    assert.equal(formatSeconds(3_725), '1:02:05');
  });

  it('writes y with 4 significant digits and non-finite values by name', () => {
    assert.equal(formatNumber(0.123456), '0.1235');
    assert.equal(formatNumber(2.3), '2.3');
    assert.equal(formatNumber(0.0000123), '1.23e-5');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(formatNumber(-Infinity), '-Infinity');
  });
});
