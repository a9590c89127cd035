// One curve as a chart draws it: its points (PointColumns, which may be shared with whatever receives
// the run) and their smoothing, computed as points arrive (the EMA carries on from the last point) and
// again whole only when the weight changes. Thinning for display reads from here; nothing here is thinned. Pure.
import { clampSmoothingWeight, DEFAULT_SMOOTHING_WEIGHT, EmaSmoother } from './ema-smoothing';
import { PointColumns, type SeriesPoint, type XAxis } from './point-columns';

export { X_AXES, type SeriesPoint, type XAxis } from './point-columns';

export class SeriesStore {
  /** Points smoothed so far: the points this store shows. */
  length = 0;
  /** Changes whenever smoothed values already there change (a new weight; a constant series that no longer is). */
  revision = 0;
  private ema = new Float64Array(256);
  private smoother: EmaSmoother;
  private constantSoFar = true;

  constructor(weight = DEFAULT_SMOOTHING_WEIGHT, readonly points = new PointColumns()) {
    this.smoother = new EmaSmoother(weight);
    this.sync();
  }

  get weight(): number {
    return this.smoother.weight;
  }

  /** Adds a point to the points and shows it. */
  append(point: SeriesPoint): void {
    this.points.append(point);
    this.sync();
  }

  /** Smooths the points added since the last call (by anyone); true if there were any. */
  sync(): boolean {
    const { length } = this.points;
    if (length === this.length) return false;
    if (length > this.ema.length) {
      const bigger = new Float64Array(Math.max(length, this.ema.length * 2));
      bigger.set(this.ema.subarray(0, this.length));
      this.ema = bigger;
    }
    const value = this.points.values();
    for (let i = this.length; i < length; i++) {
      this.ema[i] = this.smoother.next(value[i]);
      // TensorBoard's `==` against the first point: a NaN first point makes the series not constant
      if (this.constantSoFar && !(value[i] == value[0])) {
        this.constantSoFar = false;
        this.revision++;
      }
    }
    this.length = length;
    return true;
  }

  /** Re-smooths every point at a new weight. */
  setWeight(weight: number): void {
    if (clampSmoothingWeight(weight) === this.weight) return;
    this.smoother = new EmaSmoother(weight);
    this.revision++;
    const value = this.points.values();
    for (let i = 0; i < this.length; i++) this.ema[i] = this.smoother.next(value[i]);
  }

  /** The x values on an axis; only the first `length` entries are shown. */
  x(axis: XAxis): Float64Array {
    return this.points.x(axis);
  }

  /** The raw values; only the first `length` entries are shown. */
  values(): Float64Array {
    return this.points.values();
  }

  /** The smoothed values (a constant series is its own smoothing, as in TensorBoard). */
  smoothed(): Float64Array {
    return this.constantSoFar ? this.points.values() : this.ema;
  }
}
