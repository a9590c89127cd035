// Statistics of a weight's values, computed in one pass over what the backend gave back: reading each
// weight once and looping in JavaScript was 50× cheaper on the cpu backend, and 4× on wasm, than the
// same statistics as TF.js ops (docs/trace-format.md, `weights`).
export interface ValueStats {
  min: number | null;
  max: number | null;
  mean: number | null;
  std: number | null;
  zeros: number;
  nan: number;
  inf: number;
}

/** min, max, mean and population std over the finite values; zeros, NaN and ±Infinity counted. */
export function valueStats(values: ArrayLike<number>): ValueStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let zeros = 0;
  let nan = 0;
  let inf = 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x !== x) nan++;
    else if (x === Infinity || x === -Infinity) inf++;
    else {
      if (x === 0) zeros++;
      if (x < min) min = x;
      if (x > max) max = x;
      sum += x;
    }
  }
  const finite = n - nan - inf;
  if (finite === 0) return { min: null, max: null, mean: null, std: null, zeros, nan, inf };
  const mean = sum / finite;
  // A second pass for the spread: sum of squares minus the mean's square loses digits when std ≪ mean.
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x === x && x !== Infinity && x !== -Infinity) squares += (x - mean) * (x - mean);
  }
  return { min, max, mean, std: Math.sqrt(squares / finite), zeros, nan, inf };
}
