// One curve's points at full resolution: appended one at a time, kept whole in typed arrays that grow by
// doubling, smoothed as they arrive (the EMA carries on from the last point), and re-smoothed whole only
// when the weight changes. Thinning for display reads from here; nothing here is ever thinned. Pure, no DOM.
import { clampSmoothingWeight, DEFAULT_SMOOTHING_WEIGHT, EmaSmoother } from './ema-smoothing';

/** The x axes a training curve can be drawn against. */
export type XAxis = 'step' | 'epoch' | 'time';
export const X_AXES: readonly XAxis[] = ['step', 'epoch', 'time'];

export interface SeriesPoint {
  step: number; // the batch number, counted across the model's fit calls
  epoch: number; // epochs done, fractional within an epoch
  time: number; // ms since the run started
  value: number;
}

const INITIAL_CAPACITY = 256;

export class SeriesStore {
  length = 0;
  /** Changes whenever smoothed values already there change (a new weight; a constant series that no longer is). */
  revision = 0;
  private columns: Record<XAxis | 'value' | 'ema', Float64Array>;
  private smoother: EmaSmoother;
  private constantSoFar = true;

  constructor(weight = DEFAULT_SMOOTHING_WEIGHT) {
    this.smoother = new EmaSmoother(weight);
    const column = () => new Float64Array(INITIAL_CAPACITY);
    this.columns = { step: column(), epoch: column(), time: column(), value: column(), ema: column() };
  }

  get weight(): number {
    return this.smoother.weight;
  }

  /** Adds a point after the others; its x on every axis must not be less than the last point's. */
  append(point: SeriesPoint): void {
    const i = this.length;
    if (i > 0) {
      for (const axis of ['step', 'epoch', 'time'] as const) {
        if (!(point[axis] >= this.columns[axis][i - 1])) throw new RangeError(`a series point's ${axis} must not decrease: ${point[axis]} after ${this.columns[axis][i - 1]}`);
      }
    }
    if (i === this.columns.value.length) this.grow();
    const c = this.columns;
    c.step[i] = point.step;
    c.epoch[i] = point.epoch;
    c.time[i] = point.time;
    c.value[i] = point.value;
    c.ema[i] = this.smoother.next(point.value);
    // TensorBoard's `==` against the first point: a NaN first point makes the series not constant
    if (this.constantSoFar && !(point.value == c.value[0])) {
      this.constantSoFar = false;
      this.revision++;
    }
    this.length = i + 1;
  }

  /** Re-smooths every point at a new weight. */
  setWeight(weight: number): void {
    if (clampSmoothingWeight(weight) === this.weight) return;
    this.smoother = new EmaSmoother(weight);
    this.revision++;
    const { value, ema } = this.columns;
    for (let i = 0; i < this.length; i++) ema[i] = this.smoother.next(value[i]);
  }

  /** The x values on an axis; only the first `length` entries are points. */
  x(axis: XAxis): Float64Array {
    return this.columns[axis];
  }

  /** The raw values; only the first `length` entries are points. */
  values(): Float64Array {
    return this.columns.value;
  }

  /** The smoothed values (a constant series is its own smoothing, as in TensorBoard). */
  smoothed(): Float64Array {
    return this.constantSoFar ? this.columns.value : this.columns.ema;
  }

  private grow(): void {
    for (const key of Object.keys(this.columns) as (keyof typeof this.columns)[]) {
      const bigger = new Float64Array(this.columns[key].length * 2);
      bigger.set(this.columns[key]);
      this.columns[key] = bigger;
    }
  }
}
