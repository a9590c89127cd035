import * as assert from 'node:assert/strict';
import { lowerBound, nearestIndex, thinToColumns, upperBound, type ColumnWindow } from '../../../../src/protocol/series/column-thinning';

/** A noisy series with rare one-point spikes up and down and a few NaNs: what thinning must not lose. */
function spiky(n: number, seed = 7) {
  let s = seed;
  const random = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = i + 1;
    ys[i] = Math.exp(-i / n) + random() * 0.05;
    if (i % 9973 === 5) ys[i] = 40; // spike up
    if (i % 7919 === 11) ys[i] = -40; // spike down
    if (i % 31337 === 3) ys[i] = NaN;
  }
  return { xs, ys };
}

function columnOf(x: number, w: ColumnWindow) {
  const t = w.log ? Math.log10 : (v: number) => v;
  return Math.min(w.columns - 1, Math.floor(((t(x) - t(w.min)) / (t(w.max) - t(w.min))) * w.columns));
}

/** Per column of the window: first and last index, the extremes and whether a non-finite point is in it. */
function columnFacts(xs: Float64Array, ys: Float64Array, indices: ArrayLike<number>, w: ColumnWindow) {
  const facts = new Map<number, { first: number; last: number; min: number; max: number; nonFinite: boolean }>();
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (xs[i] < w.min || xs[i] > w.max) continue;
    const c = columnOf(xs[i], w);
    const f = facts.get(c) ?? { first: i, last: i, min: Infinity, max: -Infinity, nonFinite: false };
    f.last = i;
    if (Number.isFinite(ys[i])) { f.min = Math.min(f.min, ys[i]); f.max = Math.max(f.max, ys[i]); } else f.nonFinite = true;
    facts.set(c, f);
  }
  return facts;
}

describe('thinning a series to pixel columns', () => {
  it('keeps, per column, the first and last point, the minimum, the maximum and a NaN: no spike is lost', () => {
    const { xs, ys } = spiky(100_000);
    const ema = ys.map((y, i) => (Number.isFinite(y) ? y * 0.5 + i * 1e-6 : y));
    const w: ColumnWindow = { min: 1, max: 100_000, columns: 640, log: false };
    const kept = thinToColumns(xs, xs.length, [ys, ema], w);
    assert.ok(kept.length <= 640 * 8, `${kept.length} points kept`);
    assert.ok(kept.length > 640 * 2);
    for (let k = 1; k < kept.length; k++) assert.ok(kept[k] > kept[k - 1], 'ascending, no repeats');
    const all = Array.from({ length: xs.length }, (_, i) => i);
    for (const y of [ys, ema]) {
      const want = columnFacts(xs, y, all, w);
      const got = columnFacts(xs, y, kept, w);
      assert.equal(got.size, want.size);
      for (const [c, f] of want) assert.deepEqual(got.get(c), f, `column ${c}`);
    }
    assert.equal(Math.max(...Array.from(kept, (i) => (Number.isFinite(ys[i]) ? ys[i] : 0))), 40);
    assert.equal(Math.min(...Array.from(kept, (i) => (Number.isFinite(ys[i]) ? ys[i] : 0))), -40);
  });

  it('thins only the window, with one point beyond each edge so the line reaches it', () => {
    const { xs, ys } = spiky(100_000);
    const w: ColumnWindow = { min: 20_000.5, max: 30_000, columns: 100, log: false };
    const kept = thinToColumns(xs, xs.length, [ys], w);
    assert.equal(xs[kept[0]], 20_000);
    assert.equal(xs[kept[1]], 20_001);
    assert.equal(xs[kept.at(-2)!], 30_000);
    assert.equal(xs[kept.at(-1)!], 30_001);
    const want = columnFacts(xs, ys, Array.from({ length: xs.length }, (_, i) => i), w);
    assert.deepEqual(columnFacts(xs, ys, kept, w), want);
  });

  it('keeps every point when there are few enough', () => {
    const xs = new Float64Array([1, 2, 3, 4, 5]);
    assert.deepEqual(Array.from(thinToColumns(xs, 5, [xs], { min: 2, max: 4, columns: 1, log: false })), [0, 1, 2, 3, 4]);
    assert.deepEqual(Array.from(thinToColumns(xs, 3, [xs], { min: 0, max: 10, columns: 100, log: false })), [0, 1, 2], 'only `length` points');
    assert.deepEqual(Array.from(thinToColumns(xs, 0, [xs], { min: 0, max: 10, columns: 100, log: false })), []);
    assert.deepEqual(Array.from(thinToColumns(xs, 5, [xs], { min: 3, max: 3, columns: 100, log: false })), [1, 2, 3], 'a window of one x');
  });

  it('on a log x axis, makes columns equal in log10(x) and leaves out x <= 0', () => {
    const n = 100_000;
    const xs = new Float64Array(n).map((_, i) => i); // starts at 0
    const ys = new Float64Array(n).map((_, i) => Math.sin(i));
    const w: ColumnWindow = { min: 1, max: n - 1, columns: 50, log: true };
    const kept = thinToColumns(xs, n, [ys], w);
    assert.ok(kept[0] >= 1, 'x = 0 has no place on a log axis');
    // the first decade [1, 10) gets 10 of the 50 columns: all of its 9 points are kept
    assert.deepEqual(Array.from(kept.subarray(0, 9)), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const want = columnFacts(xs, ys, Array.from({ length: n - 1 }, (_, i) => i + 1), w);
    assert.deepEqual(columnFacts(xs, ys, kept, w), want);
  });

  it('finds bounds by binary search in a nondecreasing array', () => {
    const xs = [1, 2, 2, 2, 5];
    assert.equal(lowerBound(xs, 5, 2), 1);
    assert.equal(upperBound(xs, 5, 2), 4);
    assert.equal(lowerBound(xs, 5, 6), 5);
    assert.equal(upperBound(xs, 5, 0), 0);
    assert.equal(nearestIndex(xs, 5, 3.4), 3);
    assert.equal(nearestIndex(xs, 5, 3.6), 4);
    assert.equal(nearestIndex(xs, 5, -9), 0);
    assert.equal(nearestIndex(xs, 5, 99), 4);
    assert.equal(nearestIndex(xs, 0, 1), -1);
  });
});
