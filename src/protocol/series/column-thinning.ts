// Thinning a long series for drawing without losing what the eye would see: the visible x range is cut
// into pixel columns and each column keeps its first and last point and, for every y series given, the
// point of its minimum, of its maximum and its first non-finite point (M4, Jugel et al. 2014, plus the
// NaN/Infinity points a chart must show as gaps). A line through the kept points covers the same pixels
// as a line through all of them, so no spike is lost. Pure, no DOM.

export interface ColumnWindow {
  min: number; // the visible x range, inclusive
  max: number;
  columns: number; // pixel columns across it
  log: boolean; // columns equally wide in log10(x); points at x <= 0 are left out
}

/** First index in [0, length) whose x is >= value (xs nondecreasing). */
export function lowerBound(xs: ArrayLike<number>, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in [0, length) whose x is > value (xs nondecreasing). */
export function upperBound(xs: ArrayLike<number>, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The indices, ascending, of the points to draw: those in the window, thinned per column, plus the
 * nearest point outside it on each side so that lines run on to the edges. `xs` must be nondecreasing.
 * When the window holds no more points than the thinning would keep, every point is kept.
 */
export function thinToColumns(xs: ArrayLike<number>, length: number, ys: readonly ArrayLike<number>[], window: ColumnWindow): Uint32Array {
  const { log } = window;
  const first = lowerBound(xs, length, windowStart(window));
  const end = upperBound(xs, length, window.max);
  const before = first > 0 && (!log || xs[first - 1] > 0) ? 1 : 0;
  const after = end < length ? 1 : 0;
  const inWindow = Math.max(0, end - first);
  const columns = columnCount(window);

  if (inWindow <= columns * keptPerColumn(ys)) {
    const all = new Uint32Array(before + inWindow + after);
    let n = 0;
    if (before) all[n++] = first - 1;
    for (let i = first; i < end; i++) all[n++] = i;
    if (after) all[n++] = end;
    return all;
  }

  const out = new Uint32Array(before + columns * keptPerColumn(ys) + after);
  let n = 0;
  if (before) out[n++] = first - 1;
  n = thinRange(xs, first, end, ys, window, out, n).end;
  if (after) out[n++] = end;
  return out.subarray(0, n);
}

/** The most indices thinRange keeps per column: first, last, and per y series min, max and a non-finite point. */
export const keptPerColumn = (ys: readonly ArrayLike<number>[]): number => 2 + 3 * ys.length;

export const columnCount = (window: ColumnWindow): number => Math.max(1, Math.floor(window.columns));

/** The window's left edge as thinning reads it: on a log axis, above 0. */
export const windowStart = (window: ColumnWindow): number => (window.log ? Math.max(window.min, Number.MIN_VALUE) : window.min);

export interface ThinnedRange {
  end: number; // where the kept indices end in `out`
  lastColumnAt: number; // where the last column's kept indices begin in `out`
  lastColumnFirst: number; // the data index of the last column's first point (-1: no point)
}

/**
 * Thins points [from, to), all inside the window, writing their kept indices to `out` from `at`: per
 * column the first, the last, and per y series the minimum, the maximum and the first non-finite point.
 */
export function thinRange(xs: ArrayLike<number>, from: number, to: number, ys: readonly ArrayLike<number>[], window: ColumnWindow, out: Uint32Array, at: number): ThinnedRange {
  const { log } = window;
  const columns = columnCount(window);
  const t0 = log ? Math.log10(windowStart(window)) : window.min;
  const span = (log ? Math.log10(window.max) : window.max) - t0;
  const scale = span > 0 ? columns / span : 0;
  const series = ys.length;
  const minAt = new Int32Array(series);
  const maxAt = new Int32Array(series);
  const nonFiniteAt = new Int32Array(series);
  const kept = new Int32Array(keptPerColumn(ys));
  let n = at;
  let lastColumnAt = at;

  let column = -1;
  let columnFirst = -1;
  let columnLast = -1;
  // The column's kept indices, ascending and each once (a few of them: insertion sort).
  const flush = () => {
    lastColumnAt = n;
    let k = 0;
    const keep = (index: number) => {
      let j = k;
      while (j > 0 && kept[j - 1] > index) j--;
      if (j > 0 && kept[j - 1] === index) return;
      kept.copyWithin(j + 1, j, k);
      kept[j] = index;
      k++;
    };
    keep(columnFirst);
    keep(columnLast);
    for (let s = 0; s < series; s++) {
      if (minAt[s] >= 0) { keep(minAt[s]); keep(maxAt[s]); }
      if (nonFiniteAt[s] >= 0) keep(nonFiniteAt[s]);
    }
    for (let j = 0; j < k; j++) out[n++] = kept[j];
  };

  for (let i = from; i < to; i++) {
    const c = Math.min(columns - 1, Math.floor(((log ? Math.log10(xs[i]) : xs[i]) - t0) * scale));
    if (c !== column) {
      if (column >= 0) flush();
      column = c;
      columnFirst = i;
      minAt.fill(-1);
      maxAt.fill(-1);
      nonFiniteAt.fill(-1);
    }
    columnLast = i;
    for (let s = 0; s < series; s++) {
      const y = ys[s][i];
      if (!Number.isFinite(y)) {
        if (nonFiniteAt[s] < 0) nonFiniteAt[s] = i;
      } else if (minAt[s] < 0) {
        minAt[s] = maxAt[s] = i;
      } else if (y < ys[s][minAt[s]]) {
        minAt[s] = i;
      } else if (y > ys[s][maxAt[s]]) {
        maxAt[s] = i;
      }
    }
  }
  if (column >= 0) flush();
  return { end: n, lastColumnAt, lastColumnFirst: columnFirst };
}

/** The index of the point whose x is nearest to `value` (the earlier one on a tie); -1 when there is none. */
export function nearestIndex(xs: ArrayLike<number>, length: number, value: number): number {
  if (length === 0) return -1;
  const i = lowerBound(xs, length, value);
  if (i === 0) return 0;
  if (i === length) return length - 1;
  return value - xs[i - 1] <= xs[i] - value ? i - 1 : i;
}
