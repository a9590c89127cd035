// TensorBoard's smoothing of scalar curves, computed the way TensorBoard computes it, so that a curve
// smoothed at 0.6 here looks like the same curve at 0.6 there. Source: tensorflow/tensorboard,
// tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts, `classicSmoothing`:
//   - the weight is clamped to [0, 1], and a non-finite weight counts as 0;
//   - `last` starts at 0; for each finite y: last = last*w + (1-w)*y, numAccum += 1, and the point
//     becomes last / (1 - w^numAccum) (debiased: the EMA started at 0), or last itself when w is 1;
//   - a NaN or ±Infinity point passes through unchanged and does not advance numAccum;
//   - a series whose points all equal the first (`==`) is left as it is (tensorboard#786: the debiased
//     EMA of a constant wobbles in the last bits, which a zoomed-in chart shows).
// Pure, no DOM: used by the webview and by anything else that draws curves.

export const DEFAULT_SMOOTHING_WEIGHT = 0.6;

export function clampSmoothingWeight(weight: number): number {
  return Number.isFinite(weight) ? Math.max(0, Math.min(weight, 1)) : 0;
}

/**
 * The debiased EMA, one point at a time: feeding a series point by point gives what smoothSeries gives.
 * `next(y, n)` counts y as n points of that value in a row (n = 1: TensorBoard's step exactly), for a
 * series of which only some points are kept (point-columns.ts).
 */
export class EmaSmoother {
  readonly weight: number;
  private last = 0;
  private numAccum = 0;

  constructor(weight: number) {
    this.weight = clampSmoothingWeight(weight);
  }

  next(y: number, n = 1): number {
    if (!Number.isFinite(y)) return y;
    const decay = n === 1 ? this.weight : Math.pow(this.weight, n);
    this.last = this.last * decay + (1 - decay) * y;
    this.numAccum += n;
    const w = this.weight;
    const debiasWeight = w === 1 ? 1 : 1 - Math.pow(w, this.numAccum);
    return this.last / debiasWeight;
  }
}

/** Whether every value equals the first, compared as TensorBoard compares them (so NaN first: never constant). */
export function isConstantSeries(values: ArrayLike<number>, length = values.length): boolean {
  const first = values[0];
  for (let i = 1; i < length; i++) if (values[i] != first) return false;
  return length > 0 ? values[0] == first : true;
}

/** The whole series smoothed at once (TensorBoard's classicSmoothing on one series' y values). */
export function smoothSeries(values: ArrayLike<number>, weight: number, length = values.length): Float64Array {
  const out = new Float64Array(length);
  if (isConstantSeries(values, length)) {
    for (let i = 0; i < length; i++) out[i] = values[i];
    return out;
  }
  const smoother = new EmaSmoother(weight);
  for (let i = 0; i < length; i++) out[i] = smoother.next(values[i]);
  return out;
}
