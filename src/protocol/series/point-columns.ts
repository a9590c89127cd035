// A curve's points as they arrived, every one of them: x on each axis and the value, in typed arrays
// that grow by doubling. Appended to by whoever receives the run; read by any number of charts. Pure.

/** The x axes a training curve can be drawn against. */
export type XAxis = 'step' | 'epoch' | 'time';
export const X_AXES: readonly XAxis[] = ['step', 'epoch', 'time'];

export interface SeriesPoint {
  step: number; // the batch number, counted across the model's fit calls
  epoch: number; // epochs done, fractional within an epoch
  time: number; // ms since the run started
  value: number; // NaN and ±Infinity as themselves
}

const INITIAL_CAPACITY = 256;

export class PointColumns {
  length = 0;
  private columns: Record<XAxis | 'value', Float64Array>;

  constructor() {
    const column = () => new Float64Array(INITIAL_CAPACITY);
    this.columns = { step: column(), epoch: column(), time: column(), value: column() };
  }

  /** Adds a point after the others; its x on every axis must not be less than the last point's. */
  append(point: SeriesPoint): void {
    const i = this.length;
    const c = this.columns;
    if (i > 0) {
      for (const axis of X_AXES) {
        if (!(point[axis] >= c[axis][i - 1])) throw new RangeError(`a series point's ${axis} must not decrease: ${point[axis]} after ${c[axis][i - 1]}`);
      }
    }
    if (i === c.value.length) this.grow();
    this.columns.step[i] = point.step;
    this.columns.epoch[i] = point.epoch;
    this.columns.time[i] = point.time;
    this.columns.value[i] = point.value;
    this.length = i + 1;
  }

  /** The x values on an axis; only the first `length` entries are points (the array is replaced as it grows). */
  x(axis: XAxis): Float64Array {
    return this.columns[axis];
  }

  values(): Float64Array {
    return this.columns.value;
  }

  last(): SeriesPoint | undefined {
    const i = this.length - 1;
    const c = this.columns;
    return i < 0 ? undefined : { step: c.step[i], epoch: c.epoch[i], time: c.time[i], value: c.value[i] };
  }

  private grow(): void {
    for (const key of Object.keys(this.columns) as (keyof typeof this.columns)[]) {
      const bigger = new Float64Array(this.columns[key].length * 2);
      bigger.set(this.columns[key]);
      this.columns[key] = bigger;
    }
  }
}
