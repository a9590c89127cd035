// The statistics of scripts/bench.ts: Student's t-intervals on paired samples (run i of one kind and
// run i of the other were made back to back, so machine load that drifts between pairs cancels out).
import jStat from 'jstat';

export interface Interval {
  /** The point estimate: mean difference, or geometric mean ratio. */
  estimate: number;
  low: number;
  high: number;
  /** Number of pairs. */
  n: number;
  level: number;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function median(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Sample standard deviation (n − 1 in the denominator). */
export function standardDeviation(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/** The t-interval of the mean of a sample: mean ± t(1 − α/2, n − 1) · s / √n. */
export function tInterval(values: readonly number[], level = 0.95): Interval {
  if (values.length < 2) throw new Error(`a t-interval needs at least 2 values, got ${values.length}`);
  if (!values.every(Number.isFinite)) throw new Error('a t-interval needs finite values');
  const m = mean(values);
  const half = (jStat.studentt.inv(1 - (1 - level) / 2, values.length - 1) * standardDeviation(values)) / Math.sqrt(values.length);
  return { estimate: m, low: m - half, high: m + half, n: values.length, level };
}

function pairs(before: readonly number[], after: readonly number[]): void {
  if (before.length !== after.length) throw new Error(`paired samples of different sizes (${before.length} and ${after.length})`);
}

/** after − before: the t-interval of the mean of the paired differences after[i] − before[i]. */
export function pairedDifference(before: readonly number[], after: readonly number[], level = 0.95): Interval {
  pairs(before, after);
  return tInterval(after.map((a, i) => a - before[i]), level);
}

/**
 * after / before: the t-interval of the mean paired log-ratio ln(after[i] / before[i]), taken back with
 * exp — so the estimate is the geometric mean of the ratios, and the interval is one of a ratio (never
 * below 0, and 1/x of the interval of before / after).
 */
export function pairedRatio(before: readonly number[], after: readonly number[], level = 0.95): Interval {
  pairs(before, after);
  if (![...before, ...after].every((v) => v > 0)) throw new Error('a ratio interval needs positive values');
  const logs = tInterval(after.map((a, i) => Math.log(a / before[i])), level);
  return { ...logs, estimate: Math.exp(logs.estimate), low: Math.exp(logs.low), high: Math.exp(logs.high) };
}

/** Whether a budget (an upper bound) is met: by the whole interval, by none of it, or not decided. */
export function verdict(interval: Interval, budget: number): 'within' | 'over' | 'undecided' {
  if (interval.high <= budget) return 'within';
  if (interval.low > budget) return 'over';
  return 'undecided';
}
