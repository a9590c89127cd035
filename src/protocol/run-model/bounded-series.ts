// A curve of per-batch values held in bounded memory however long training runs: every k-th point
// plus each bucket's lowest and highest value (a spike or a dip is never lost), the last point, and the
// first point that was not a finite number. When the buckets are full, neighbours merge and k doubles.
// The trace keeps every batch whole; this is only what the run model holds.

export interface SeriesPoint {
  step: number; // the batch number, counted across the model's fit calls, from 1
  epoch: number; // epochs done, fractional within an epoch
  time: number; // ms since the runtime started in the traced process
  value: number; // NaN, Infinity and -Infinity as themselves
}

interface Bucket {
  first: SeriesPoint; // the every-k-th point
  min: SeriesPoint | undefined; // lowest finite value
  max: SeriesPoint | undefined; // highest finite value
  n: number; // points the bucket stands for
}

export interface BoundedSeries {
  readonly capacity: number; // closed buckets held at most
  stride: number; // points per bucket (k): 1, 2, 4, …
  count: number; // points added
  buckets: Bucket[];
  open: Bucket | undefined; // the bucket being filled: fewer than `stride` points
  last: SeriesPoint | undefined;
  firstNonFinite: SeriesPoint | undefined;
}

/** 512 buckets: at most about 1,500 points per curve, as many as a wide chart has pixel columns. */
export const SERIES_CAPACITY = 512;

export function createSeries(capacity = SERIES_CAPACITY): BoundedSeries {
  if (capacity < 2 || capacity % 2) throw new RangeError('a series capacity is an even number of at least 2');
  return { capacity, stride: 1, count: 0, buckets: [], open: undefined, last: undefined, firstNonFinite: undefined };
}

export function addPoint(series: BoundedSeries, point: SeriesPoint): void {
  series.count++;
  series.last = point;
  const finite = Number.isFinite(point.value);
  if (!finite) series.firstNonFinite ??= point;
  const open = series.open;
  if (!open) series.open = { first: point, min: finite ? point : undefined, max: finite ? point : undefined, n: 1 };
  else {
    if (finite && (!open.min || point.value < open.min.value)) open.min = point;
    if (finite && (!open.max || point.value > open.max.value)) open.max = point;
    open.n++;
  }
  if (series.open!.n < series.stride) return;
  series.buckets.push(series.open!);
  series.open = undefined;
  if (series.buckets.length > series.capacity) halve(series);
}

/** The points held, in step order: per bucket its first, lowest and highest point, then the last point. */
export function seriesPoints(series: BoundedSeries): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const bucket of series.open ? [...series.buckets, series.open] : series.buckets) {
    const own = [bucket.first, bucket.min, bucket.max].filter((p, i, all): p is SeriesPoint => p !== undefined && all.indexOf(p) === i);
    points.push(...own.sort((a, b) => a.step - b.step));
  }
  if (series.last && points.at(-1) !== series.last) points.push(series.last);
  return points;
}

/** Merges neighbouring buckets and doubles k; an odd one out becomes the open bucket. */
function halve(series: BoundedSeries): void {
  const merged: Bucket[] = [];
  const { buckets } = series;
  for (let i = 0; i + 1 < buckets.length; i += 2) merged.push(merge(buckets[i], buckets[i + 1]));
  series.open = buckets.length % 2 ? buckets[buckets.length - 1] : undefined;
  series.buckets = merged;
  series.stride *= 2;
}

function merge(a: Bucket, b: Bucket): Bucket {
  const lower = (x: SeriesPoint | undefined, y: SeriesPoint | undefined) => (!x || (y && y.value < x.value) ? y : x);
  const higher = (x: SeriesPoint | undefined, y: SeriesPoint | undefined) => (!x || (y && y.value > x.value) ? y : x);
  return { first: a.first, min: lower(a.min, b.min), max: higher(a.max, b.max), n: a.n + b.n };
}
