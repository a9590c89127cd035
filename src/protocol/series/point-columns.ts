// A curve's points in bounded memory however long training runs: x on each axis, the value, and the
// value smoothed (TensorBoard's EMA, ema-smoothing.ts) as it arrives, from the full-resolution stream.
// Up to MAX_KEPT_POINTS every point is kept. At the cap, the older half of the full-resolution points
// folds into buckets of `stride` consecutive points, each keeping its first, last, lowest, highest and
// first non-finite point (no spike and no NaN is lost); when the folded part passes half the cap,
// neighbouring buckets merge and the stride doubles. The newest quarter of the cap or more stays whole.
// Bound: MAX_KEPT_POINTS × 56 bytes (six Float64 and two Uint32 columns), 14 MB a curve at most.
// A kept point's smoothed value is exact (the EMA of every point before it) for the weight it arrived
// under; a new weight re-smooths the folded part taking the points folded away between two kept ones
// as that many of their mean, which each kept point carries (exact while nothing is folded). Appended to by whoever receives the run; read by charts. Pure.
import { lowerBound } from './column-thinning';
import { clampSmoothingWeight, DEFAULT_SMOOTHING_WEIGHT, EmaSmoother } from './ema-smoothing';

/** The x axes a training curve can be drawn against. */
export type XAxis = 'step' | 'epoch' | 'time';
export const X_AXES: readonly XAxis[] = ['step', 'epoch', 'time'];

export interface SeriesPoint {
  step: number; // the batch number, counted across the model's fit calls
  epoch: number; // epochs done, fractional within an epoch
  time: number; // ms since the run started
  value: number; // NaN and ±Infinity as themselves
}

/** Points kept per curve at most; 100,000 batches (issue 7's "fluid" size) stay whole. */
export const MAX_KEPT_POINTS = 250_000;
/** Points per bucket at the first fold: 16 fold into 5 at most. */
const FIRST_STRIDE = 16;
const INITIAL_CAPACITY = 256;

// Per kept point: its x, value and smoothed value; `ordinal`: its index among the points received;
// `finite`: finite values received up to it; `foldedSum`: the sum of the finite values folded away
// between the kept point before it and it.
type Column = 'step' | 'epoch' | 'time' | 'value' | 'smoothed' | 'foldedSum' | 'ordinal' | 'finite';
type Columns = Record<'step' | 'epoch' | 'time' | 'value' | 'smoothed' | 'foldedSum', Float64Array> & Record<'ordinal' | 'finite', Uint32Array>;
const COLUMNS: readonly Column[] = ['step', 'epoch', 'time', 'value', 'smoothed', 'foldedSum', 'ordinal', 'finite'];

export class PointColumns {
  /** Points kept: rows [0, length) of each column. */
  length = 0;
  /** Points appended, kept or folded. */
  received = 0;
  /** Changes whenever kept rows change other than by appending (a fold, a new weight, a constant series that no longer is). */
  revision = 0;
  /** Points per bucket in the folded part (rows [0, foldedEnd)); 1 while nothing is folded. */
  stride = 1;
  private foldedEnd = 0;
  private finiteSeen = 0;
  private first = NaN;
  private constantSoFar = true;
  private smoother: EmaSmoother;
  private columns: Columns;

  constructor(weight = DEFAULT_SMOOTHING_WEIGHT, private readonly capacityLimit = MAX_KEPT_POINTS) {
    if (capacityLimit < 4 * FIRST_STRIDE) throw new RangeError(`a curve keeps at least ${4 * FIRST_STRIDE} points`);
    this.smoother = new EmaSmoother(weight);
    this.columns = allocate(Math.min(INITIAL_CAPACITY, capacityLimit));
  }

  get weight(): number {
    return this.smoother.weight;
  }

  /**
   * Adds a point after the others; its x on every axis must not be less than the last point's.
   * `foldedBefore`: finite points of the series left out just before this one (a curve thinned before
   * it was sent), their count and sum: smoothed and folded as if they had been appended and folded here.
   */
  append(point: SeriesPoint, foldedBefore?: { finite: number; sum: number }): void {
    const c = this.columns;
    const last = this.length - 1;
    if (last >= 0) {
      for (const axis of X_AXES) {
        if (!(point[axis] >= c[axis][last])) throw new RangeError(`a series point's ${axis} must not decrease: ${point[axis]} after ${c[axis][last]}`);
      }
    }
    if (this.length === this.capacityLimit) this.fold();
    if (this.length === c.value.length) this.grow();
    const i = this.length;
    const { value } = point;
    if (this.received === 0) this.first = value;
    // TensorBoard's `==` against the first point: a NaN first point makes the series not constant
    else if (this.constantSoFar && !(value == this.first)) {
      this.constantSoFar = false;
      this.revision++;
    }
    const folded = foldedBefore && foldedBefore.finite > 0 ? foldedBefore : undefined;
    if (folded) {
      this.smoother.next(folded.sum / folded.finite, folded.finite);
      this.finiteSeen += folded.finite;
      this.received += folded.finite;
    }
    if (Number.isFinite(value)) this.finiteSeen++;
    const columns = this.columns;
    columns.step[i] = point.step;
    columns.epoch[i] = point.epoch;
    columns.time[i] = point.time;
    columns.value[i] = value;
    columns.smoothed[i] = this.smoother.next(value);
    columns.foldedSum[i] = folded?.sum ?? 0;
    columns.ordinal[i] = this.received;
    columns.finite[i] = this.finiteSeen;
    this.length = i + 1;
    this.received++;
  }

  /** Re-smooths every kept point at a new weight (see the file's comment for the folded ones). */
  setWeight(weight: number): void {
    if (clampSmoothingWeight(weight) === this.weight) return;
    this.smoother = new EmaSmoother(weight);
    this.revision++;
    const { value, smoothed, finite, foldedSum } = this.columns;
    let finiteBefore = 0;
    for (let i = 0; i < this.length; i++) {
      const y = value[i];
      const own = Number.isFinite(y) ? 1 : 0;
      // the finite points folded away since the previous kept one, as their mean
      const folded = finite[i] - finiteBefore - own;
      if (folded > 0) this.smoother.next(foldedSum[i] / folded, folded);
      smoothed[i] = own ? this.smoother.next(y) : y;
      finiteBefore = finite[i];
    }
  }

  /** The x values on an axis; only the first `length` entries are points (the array is replaced as it grows). */
  x(axis: XAxis): Float64Array {
    return this.columns[axis];
  }

  values(): Float64Array {
    return this.columns.value;
  }

  /** The smoothed values (a constant series is its own smoothing, as in TensorBoard). */
  smoothed(): Float64Array {
    return this.constantSoFar ? this.columns.value : this.columns.smoothed;
  }

  last(): SeriesPoint | undefined {
    const i = this.length - 1;
    const c = this.columns;
    return i < 0 ? undefined : { step: c.step[i], epoch: c.epoch[i], time: c.time[i], value: c.value[i] };
  }

  /** Folds the older half of the full-resolution points, and merges buckets while the folded part holds more than half the cap. */
  private fold(): void {
    if (this.stride === 1) this.stride = FIRST_STRIDE;
    const { ordinal } = this.columns;
    const whole = this.length - this.foldedEnd;
    const boundary = Math.floor(ordinal[this.foldedEnd + (whole >> 1)] / this.stride) * this.stride;
    // A bucket wider than half the whole points (billions of points): fold them all, the last bucket
    // partly (its kept points fold again with the rest of it, which keeps the same ones).
    let end = lowerBound(ordinal, this.length, boundary);
    if (end <= this.foldedEnd) end = this.length;
    let kept = this.reduce(end);
    while (kept > this.capacityLimit / 2) {
      this.stride *= 2;
      kept = this.reduce(kept);
    }
    for (const name of COLUMNS) this.columns[name].copyWithin(kept, end, this.length);
    this.length = kept + this.length - end;
    this.foldedEnd = kept;
    this.revision++;
  }

  /** Keeps, of rows [0, end), each bucket's first, last, lowest, highest and first non-finite row, in place; returns the rows kept. */
  private reduce(end: number): number {
    const { value, ordinal, foldedSum } = this.columns;
    const { stride } = this;
    const picked = new Int32Array(5);
    let kept = 0;
    for (let i = 0; i < end;) {
      const bucket = Math.floor(ordinal[i] / stride);
      let min = -1;
      let max = -1;
      let nonFinite = -1;
      let j = i;
      for (; j < end && Math.floor(ordinal[j] / stride) === bucket; j++) {
        const y = value[j];
        if (!Number.isFinite(y)) { if (nonFinite < 0) nonFinite = j; }
        else if (min < 0) min = max = j;
        else if (y < value[min]) min = j;
        else if (y > value[max]) max = j;
      }
      // the bucket's rows to keep, ascending and each once (a few: insertion sort)
      let n = 0;
      for (const row of [i, min, max, nonFinite, j - 1]) {
        if (row < 0) continue;
        let k = n;
        while (k > 0 && picked[k - 1] > row) k--;
        if (k > 0 && picked[k - 1] === row) continue;
        picked.copyWithin(k + 1, k, n);
        picked[k] = row;
        n++;
      }
      // what the rows left out add up to goes to the kept row after them (the bucket's last row is kept)
      let carry = 0;
      for (let row = i, k = 0; row < j; row++) {
        if (row === picked[k]) {
          foldedSum[row] += carry;
          carry = 0;
          k++;
        } else carry += foldedSum[row] + (Number.isFinite(value[row]) ? value[row] : 0);
      }
      // rows move only down (kept <= row), and each after the ones before it: nothing is overwritten before it is read
      for (let k = 0; k < n; k++) this.copyRow(picked[k], kept++);
      i = j;
    }
    return kept;
  }

  private copyRow(from: number, to: number): void {
    if (from === to) return;
    for (const name of COLUMNS) this.columns[name][to] = this.columns[name][from];
  }

  private grow(): void {
    const bigger = allocate(Math.min(this.columns.value.length * 2, this.capacityLimit));
    for (const name of COLUMNS) bigger[name].set(this.columns[name]);
    this.columns = bigger;
  }
}

function allocate(capacity: number): Columns {
  const float = () => new Float64Array(capacity);
  const count = () => new Uint32Array(capacity);
  return { step: float(), epoch: float(), time: float(), value: float(), smoothed: float(), foldedSum: float(), ordinal: count(), finite: count() };
}
