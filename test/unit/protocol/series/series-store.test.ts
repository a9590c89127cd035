import * as assert from 'node:assert/strict';
import { smoothSeries } from '../../../../src/protocol/series/ema-smoothing';
import { PointColumns } from '../../../../src/protocol/series/point-columns';
import { SeriesStore } from '../../../../src/protocol/series/series-store';

const point = (i: number, value: number) => ({ step: i + 1, epoch: i / 100, time: i * 3, value });

describe('a series store', () => {
  it('keeps every appended point, growing past its first capacity, and smooths as points arrive', () => {
    const store = new SeriesStore(0.8);
    const values: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const value = i % 777 === 0 ? NaN : Math.cos(i / 50) + (i % 13) / 10;
      values.push(value);
      store.append(point(i, value));
    }
    assert.equal(store.length, 10_000);
    assert.deepEqual(Array.from(store.values().subarray(0, store.length)), values);
    assert.equal(store.x('step')[9_999], 10_000);
    assert.equal(store.x('time')[9_999], 29_997);
    assert.deepEqual(Array.from(store.smoothed().subarray(0, store.length)), Array.from(smoothSeries(values, 0.8)), 'appending one by one = smoothing the whole');
  });

  it('re-smooths the whole series when the weight changes', () => {
    const store = new SeriesStore(0.6);
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    values.forEach((v, i) => store.append(point(i, v)));
    const revision = store.revision;
    store.setWeight(0.95);
    assert.equal(store.weight, 0.95);
    assert.ok(store.revision > revision, 'the smoothed values changed');
    assert.deepEqual(Array.from(store.smoothed().subarray(0, 8)), Array.from(smoothSeries(values, 0.95)));
    store.append(point(8, 5));
    assert.deepEqual(Array.from(store.smoothed().subarray(0, 9)), Array.from(smoothSeries([...values, 5], 0.95)));
  });

  it('shows a constant series as it is until a different value arrives', () => {
    const store = new SeriesStore(0.9);
    for (let i = 0; i < 40; i++) store.append(point(i, 0.1));
    assert.ok(Array.from(store.smoothed().subarray(0, 40)).every((y) => y === 0.1));
    const revision = store.revision;
    store.append(point(40, 0.2));
    assert.ok(store.revision > revision, 'the earlier smoothed values changed');
    const all = [...new Array(40).fill(0.1), 0.2];
    assert.deepEqual(Array.from(store.smoothed().subarray(0, 41)), Array.from(smoothSeries(all, 0.9)));
  });

  it('shows points others append to shared columns once synced, smoothed as if appended here', () => {
    const points = new PointColumns();
    points.append(point(0, 4));
    const store = new SeriesStore(0.6, points);
    assert.equal(store.length, 1);
    for (let i = 1; i < 1_000; i++) points.append(point(i, (i * 7919) % 13));
    assert.equal(store.length, 1, 'not before sync');
    assert.ok(store.sync());
    assert.ok(!store.sync(), 'nothing new');
    assert.equal(store.length, 1_000);
    const values = Array.from(points.values().subarray(0, 1_000));
    assert.deepEqual(Array.from(store.smoothed().subarray(0, 1_000)), Array.from(smoothSeries(values, 0.6)));
    assert.deepEqual(points.last(), point(999, (999 * 7919) % 13));
  });

  it('refuses a point whose x goes back, since thinning and look-ups need x in order', () => {
    const store = new SeriesStore();
    store.append(point(5, 1));
    assert.throws(() => store.append(point(4, 1)), /step must not decrease/);
    assert.equal(store.length, 1);
  });
});
