// A live chart's thinning, kept from one frame to the next. While the window stays the same (growingWindow
// moves its right edge only once the data has outgrown it), appended points re-thin only the last column
// and what follows: a frame costs the new points and one column's worth, not the whole series. Pure, no DOM.
import { columnCount, keptPerColumn, lowerBound, thinRange, windowStart, type ColumnWindow, type ThinnedRange } from './column-thinning';

export class LiveThinning {
  private key = '';
  private out = new Uint32Array(0);
  private kept: ThinnedRange = { end: 0, lastColumnAt: 0, lastColumnFirst: -1 };
  private thinnedTo = 0;

  /**
   * The indices to draw of the first `length` points, per column as thinToColumns keeps them. Every x
   * must be at most window.max; `revision` must change whenever values already thinned change.
   */
  thin(xs: ArrayLike<number>, length: number, ys: readonly ArrayLike<number>[], window: ColumnWindow, revision: number): Uint32Array {
    const key = `${window.min} ${window.max} ${columnCount(window)} ${window.log} ${ys.length} ${revision}`;
    if (key !== this.key || length < this.thinnedTo) {
      this.key = key;
      this.out = new Uint32Array(columnCount(window) * keptPerColumn(ys));
      this.kept = thinRange(xs, lowerBound(xs, length, windowStart(window)), length, ys, window, this.out, 0);
    } else if (length > this.thinnedTo) {
      const { lastColumnFirst, lastColumnAt } = this.kept;
      this.kept = lastColumnFirst >= 0
        ? thinRange(xs, lastColumnFirst, length, ys, window, this.out, lastColumnAt)
        : thinRange(xs, lowerBound(xs, length, windowStart(window)), length, ys, window, this.out, 0);
    }
    this.thinnedTo = length;
    return this.out.subarray(0, this.kept.end);
  }
}

/**
 * The x range a live chart shows: from `min` to a little past `max`, on a grid of a 64th of the span or
 * less (a power of two), so that it changes only when the data outgrows it and never by more than 1/32.
 */
export function growingWindow(min: number, max: number, log: boolean): { min: number; max: number } {
  if (!log) return { min, max: roundedUp(min, max) };
  return { min, max: Math.pow(10, roundedUp(Math.log10(min), Math.log10(max))) };
}

function roundedUp(from: number, to: number): number {
  const span = to - from;
  if (!(span > 0)) return to;
  const step = Math.pow(2, Math.ceil(Math.log2(span / 64)));
  return from + Math.ceil(span / step) * step;
}
