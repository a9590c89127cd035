import * as assert from 'node:assert/strict';
import { smoothSeries } from '../../../../src/protocol/series/ema-smoothing';
import { MAX_KEPT_POINTS, PointColumns } from '../../../../src/protocol/series/point-columns';

const point = (i: number, value: number) => ({ step: i + 1, epoch: i / 100, time: i * 3, value });
const kept = (points: PointColumns, column: Float64Array) => Array.from(column.subarray(0, points.length));

describe('point columns', () => {
  it('keeps every appended point, growing past its first capacity, and smooths as points arrive', () => {
    const points = new PointColumns(0.8);
    const values: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const value = i % 777 === 0 ? NaN : Math.cos(i / 50) + (i % 13) / 10;
      values.push(value);
      points.append(point(i, value));
    }
    assert.equal(points.length, 10_000);
    assert.deepEqual(kept(points, points.values()), values);
    assert.equal(points.x('step')[9_999], 10_000);
    assert.equal(points.x('time')[9_999], 29_997);
    assert.deepEqual(kept(points, points.smoothed()), Array.from(smoothSeries(values, 0.8)), 'appending one by one = smoothing the whole');
  });

  it('re-smooths the whole series when the weight changes', () => {
    const points = new PointColumns(0.6);
    const values = [3, 1, 4, 1, NaN, 5, 9, 2, 6];
    values.forEach((v, i) => points.append(point(i, v)));
    const revision = points.revision;
    points.setWeight(0.95);
    assert.equal(points.weight, 0.95);
    assert.ok(points.revision > revision, 'the smoothed values changed');
    assert.deepEqual(kept(points, points.smoothed()), Array.from(smoothSeries(values, 0.95)));
    points.append(point(9, 5));
    assert.deepEqual(kept(points, points.smoothed()), Array.from(smoothSeries([...values, 5], 0.95)));
  });

  it('shows a constant series as it is until a different value arrives', () => {
    const points = new PointColumns(0.9);
    for (let i = 0; i < 40; i++) points.append(point(i, 0.1));
    assert.ok(kept(points, points.smoothed()).every((y) => y === 0.1));
    const revision = points.revision;
    points.append(point(40, 0.2));
    assert.ok(points.revision > revision, 'the earlier smoothed values changed');
    assert.deepEqual(kept(points, points.smoothed()), Array.from(smoothSeries([...new Array(40).fill(0.1), 0.2], 0.9)));
  });

  it('refuses a point whose x goes back, since thinning and look-ups need x in order', () => {
    const points = new PointColumns();
    points.append(point(5, 1));
    assert.throws(() => points.append(point(4, 1)), /step must not decrease/);
    assert.equal(points.length, 1);
  });

  describe(`bounded at ${MAX_KEPT_POINTS.toLocaleString('en-US')} points`, () => {
    const N = 1_000_000;
    // a falling noisy loss with a spike every 99,991 batches, a dip every 77,773 and a NaN every 250,013
    const spike = (i: number) => i % 99_991 === 50_000;
    const dip = (i: number) => i % 77_773 === 30_000;
    const nan = (i: number) => i % 250_013 === 1_000;
    let seed = 99;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const values = new Float64Array(N);
    for (let i = 0; i < N; i++) values[i] = nan(i) ? NaN : spike(i) ? 50 : dip(i) ? -5 : 2 * Math.exp(-i / 300_000) + random() * 0.3;
    const weight = 0.9;
    let points: PointColumns;
    let appendMs = 0;

    before(() => {
      points = new PointColumns(weight);
      const t0 = performance.now();
      for (let i = 0; i < N; i++) {
        points.append(point(i, values[i]));
        assert.ok(points.length <= MAX_KEPT_POINTS);
      }
      appendMs = performance.now() - t0;
    });

    it('a 1,000,000-point append stays under the cap, the newest points whole', () => {
      assert.equal(points.received, N);
      assert.ok(points.length <= MAX_KEPT_POINTS && points.length > MAX_KEPT_POINTS / 2, `${points.length} kept`);
      assert.ok(points.stride > 1);
      const steps = kept(points, points.x('step'));
      for (let k = 1; k < steps.length; k++) assert.ok(steps[k] > steps[k - 1], 'in order, each once');
      assert.equal(steps[0], 1, 'the first point');
      assert.equal(steps.at(-1), N, 'the last point');
      const whole = MAX_KEPT_POINTS / 4;
      assert.deepEqual(steps.slice(-whole), Array.from({ length: whole }, (_, k) => N - whole + 1 + k), `the newest ${whole} points, every one`);
      console.log(`      1,000,000 points appended in ${appendMs.toFixed(0)} ms: ${points.length.toLocaleString('en-US')} kept, stride ${points.stride}`);
    });

    it('keeps every spike, dip and NaN', () => {
      const at = new Map(kept(points, points.x('step')).map((step, k) => [step - 1, points.values()[k]]));
      let spikes = 0;
      for (let i = 0; i < N; i++) {
        if (!spike(i) && !dip(i) && !nan(i)) continue;
        assert.ok(at.has(i), `point ${i} (${values[i]}) kept`);
        assert.ok(Object.is(at.get(i), values[i]) || (Number.isNaN(at.get(i)) && Number.isNaN(values[i])));
        spikes++;
      }
      assert.ok(spikes > 20);
      const raw = kept(points, points.values()).filter(Number.isFinite);
      assert.equal(raw.reduce((a, b) => Math.max(a, b)), 50);
      assert.equal(raw.reduce((a, b) => Math.min(a, b)), -5);
    });

    it('has the smoothing of the full series at every kept point', () => {
      const full = smoothSeries(values, weight);
      const steps = points.x('step');
      const smoothed = points.smoothed();
      for (let k = 0; k < points.length; k++) {
        const i = steps[k] - 1;
        if (Number.isNaN(full[i])) assert.ok(Number.isNaN(smoothed[k]));
        else assert.equal(smoothed[k], full[i], `point ${i}`);
      }
    });

    it('re-smooths folded points at a new weight close to the full series', () => {
      const copy = new PointColumns(weight, 4_096);
      const n = 40_000;
      for (let i = 0; i < n; i++) copy.append(point(i, values[i]));
      copy.setWeight(0.6);
      const full = smoothSeries(values.subarray(0, n), 0.6);
      const steps = copy.x('step');
      let worst = 0;
      for (let k = 0; k < copy.length; k++) {
        const i = steps[k] - 1;
        if (Number.isFinite(full[i])) worst = Math.max(worst, Math.abs(copy.smoothed()[k] - full[i]));
      }
      assert.ok(worst < 0.15, `worst difference ${worst} (0.08 when measured) on a noise 0.3 wide with spikes of 50`);
      assert.ok(copy.length <= 4_096);
    });
  });
});
