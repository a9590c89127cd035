import * as assert from 'node:assert/strict';
import { thinRange, thinToColumns, type ColumnWindow } from '../../../../src/protocol/series/column-thinning';
import { growingWindow, LiveThinning } from '../../../../src/protocol/series/live-thinning';

/** What a full thinning of the window keeps (no shortcut for few points: a live chart always thins). */
function fullThinning(xs: Float64Array, length: number, ys: Float64Array[], w: ColumnWindow): number[] {
  const out = new Uint32Array(length * 8 + 8);
  const first = xs.findIndex((x, i) => i < length && x >= w.min);
  return Array.from(out.subarray(0, thinRange(xs, first < 0 ? length : first, length, ys, w, out, 0).end));
}

describe('live thinning', () => {
  it('gives, after each append, what thinning everything again gives', () => {
    const n = 20_000;
    const xs = new Float64Array(n).map((_, i) => i + 1);
    const ys = new Float64Array(n).map((_, i) => Math.sin(i / 7) + (i % 997 === 0 ? 9 : 0) + (i === 5_000 ? NaN : 0));
    const smooth = ys.map((y, i) => y * 0.5 + i * 1e-4);
    const live = new LiveThinning();
    const w: ColumnWindow = { min: 1, max: n, columns: 300, log: false };
    for (const length of [0, 1, 2, 50, 51, 999, 1000, 1001, 7_777, 7_778, 15_000, n]) {
      assert.deepEqual(Array.from(live.thin(xs, length, [ys, smooth], w, 0)), fullThinning(xs, length, [ys, smooth], w), `${length} points`);
    }
  });

  it('thins again from the start when the window, the columns or the values change', () => {
    const xs = new Float64Array([1, 2, 3, 4, 5, 6]);
    const ys = new Float64Array([1, 5, 2, 6, 3, 7]);
    const live = new LiveThinning();
    const w: ColumnWindow = { min: 1, max: 6, columns: 1, log: false };
    assert.deepEqual(Array.from(live.thin(xs, 6, [ys], w, 0)), [0, 5], 'first = min, last = max');
    ys[2] = 9; // re-smoothed: a new revision
    assert.deepEqual(Array.from(live.thin(xs, 6, [ys], w, 1)), [0, 2, 5], 'the max is now at 2');
    ys[2] = 0;
    assert.deepEqual(Array.from(live.thin(xs, 6, [ys], w, 1)), [0, 2, 5], 'same revision: not looked at again');
    assert.deepEqual(Array.from(live.thin(xs, 6, [ys], w, 2)), [0, 2, 5], 'the min is now at 2');
    assert.deepEqual(Array.from(live.thin(xs, 6, [ys], { ...w, columns: 6 }, 2)), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(Array.from(live.thin(xs, 6, [ys], { ...w, columns: 6 }, 2)), Array.from(thinToColumns(xs, 6, [ys], { ...w, columns: 6 })));
  });

  it('moves the right edge only when the data outgrows it, and by at most 1/32 of the span', () => {
    let previous = growingWindow(1, 2, false).max;
    let changes = 0;
    for (let last = 2; last <= 100_000; last++) {
      const { min, max } = growingWindow(1, last, false);
      assert.equal(min, 1);
      assert.ok(max >= last && max - last <= (last - 1) / 32, `${last} → ${max}`);
      assert.ok(max >= previous, 'never back');
      if (max !== previous) changes++;
      previous = max;
    }
    assert.ok(changes < 1_000, `${changes} changes in 100,000 appends`);
    const log = growingWindow(1, 5_000, true);
    assert.ok(log.max >= 5_000 && Math.log10(log.max) - Math.log10(5_000) <= Math.log10(5_000) / 32);
    assert.deepEqual(growingWindow(3, 3, false), { min: 3, max: 3 });
  });
});
