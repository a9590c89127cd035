// The bench's statistics against published figures: a wrong interval would make the bench's
// verdicts worse than none.
import * as assert from 'node:assert/strict';
import { median, pairedDifference, pairedRatio, standardDeviation, tInterval, verdict } from '../../../bench/stats';

// Student's sleep data (Cushny & Peebles 1905; R's `sleep`): extra hours of sleep of 10 patients
// under two drugs. R: t.test(extra ~ group, data = sleep, paired = TRUE) gives mean of the differences
// −1.58 (group 1 − group 2), 95% CI −2.4598858 to −0.7001142; sd of the differences 1.229995.
const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

const close = (actual: number, expected: number, digits = 6) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} is not ${expected} to ${digits} digits`);

describe('bench statistics', () => {
  it('gives the paired t-interval R gives for the sleep data', () => {
    const i = pairedDifference(drug1, drug2);
    close(i.estimate, 1.58);
    close(i.low, 0.7001142);
    close(i.high, 2.4598858);
    assert.equal(i.n, 10);
    close(standardDeviation(drug2.map((v, k) => v - drug1[k])), 1.229995);
  });

  it('uses Student t quantiles, not the normal 1.96: wider for few pairs', () => {
    // t(0.975, 1) = 12.7062047, so for [0, 2] (mean 1, s = √2) the half-width is 12.7062047 · √2 / √2.
    const two = tInterval([0, 2]);
    close(two.high - two.estimate, 12.7062047, 6);
    // t(0.975, 4) = 2.7764451; values 1..5: mean 3, s = √2.5.
    const five = tInterval([1, 2, 3, 4, 5]);
    close(five.high - five.estimate, (2.7764451 * Math.sqrt(2.5)) / Math.sqrt(5), 6);
    // A 90% interval is narrower: t(0.95, 4) = 2.1318468.
    const ninety = tInterval([1, 2, 3, 4, 5], 0.9);
    close(ninety.high - ninety.estimate, (2.1318468 * Math.sqrt(2.5)) / Math.sqrt(5), 6);
  });

  it('takes the ratio interval on log-ratios: a geometric mean, symmetric under swapping the sides', () => {
    // Ratios whose logs are the sleep differences: the interval is exp of R's interval.
    const before = drug1.map(() => 100);
    const after = drug1.map((v, k) => 100 * Math.exp(drug2[k] - v));
    const r = pairedRatio(before, after);
    close(r.estimate, Math.exp(1.58));
    close(r.low, Math.exp(0.7001142), 5);
    close(r.high, Math.exp(2.4598858), 5);
    const swapped = pairedRatio(after, before);
    close(swapped.estimate, 1 / r.estimate);
    close(swapped.low, 1 / r.high);
    close(swapped.high, 1 / r.low);
    // Pairs matter: the same runs, each 5% slower traced, whatever the load of the pair.
    const untraced = [80, 120, 95, 160, 88];
    const same = pairedRatio(untraced, untraced.map((v) => v * 1.05));
    close(same.estimate, 1.05);
    close(same.low, 1.05);
    close(same.high, 1.05);
  });

  it('refuses what it cannot give an interval for', () => {
    assert.throws(() => tInterval([3]), /at least 2 values/);
    assert.throws(() => tInterval([1, Number.NaN]), /finite/);
    assert.throws(() => pairedDifference([1, 2], [1, 2, 3]), /different sizes/);
    assert.throws(() => pairedRatio([1, 0], [1, 2]), /positive/);
  });

  it('calls a budget met only when the whole interval is under it', () => {
    const at = (low: number, high: number) => ({ estimate: (low + high) / 2, low, high, n: 10, level: 0.95 });
    assert.equal(verdict(at(0.99, 1.015), 1.02), 'within');
    assert.equal(verdict(at(1.01, 1.03), 1.02), 'undecided');
    assert.equal(verdict(at(1.021, 1.03), 1.02), 'over');
  });

  it('takes the median of odd and even samples, leaving the input unsorted', () => {
    const values = [5, 1, 3];
    assert.equal(median(values), 3);
    assert.deepEqual(values, [5, 1, 3]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});
