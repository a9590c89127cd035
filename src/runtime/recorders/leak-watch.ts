// Tells a steady climb of tf.memory() from the ups and downs of training: over the last WINDOW batches
// of one loop (a fit call, a model's trainOnBatch calls, an optimizer's minimize calls), the tensor
// count or the bytes rose after nearly every batch and a robust line through them rises. Said once per loop.

/** Batches a climb must last before it is called a leak. */
export const LEAK_WINDOW = 20;
/** Of those, how many must have risen ("nearly every step": a batch that frees a little may not hide a leak). */
export const LEAK_RISING = 18;

export interface MemoryReading {
  numTensors: number;
  numBytes: number;
}

export interface LeakVerdict {
  tensorsPerBatch: number;
  bytesPerBatch: number;
  overBatches: number;
  rising: number;
}

/** The median of the slopes between every two points (Theil–Sen): one odd batch does not move it. */
export function theilSenSlope(values: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) slopes.push((values[j] - values[i]) / (j - i));
  if (slopes.length === 0) return 0;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 ? slopes[mid] : (slopes[mid - 1] + slopes[mid]) / 2;
}

const rises = (values: readonly number[]): number => values.reduce((n, v, i) => (i > 0 && v > values[i - 1] ? n + 1 : n), 0);
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export class LeakWatch {
  private readonly readings: MemoryReading[] = [];
  private told = false;

  /** Adds the reading after one batch; the verdict the first time the window climbs, else undefined. */
  add(reading: MemoryReading): LeakVerdict | undefined {
    if (this.told) return undefined;
    this.readings.push(reading);
    if (this.readings.length > LEAK_WINDOW + 1) this.readings.shift();
    if (this.readings.length <= LEAK_WINDOW) return undefined;
    const tensors = this.readings.map((r) => r.numTensors);
    const bytes = this.readings.map((r) => r.numBytes);
    const rising = Math.max(rises(tensors), rises(bytes));
    if (rising < LEAK_RISING) return undefined; // the common case, told without fitting a line
    const tensorsPerBatch = theilSenSlope(tensors);
    const bytesPerBatch = theilSenSlope(bytes);
    const climbs = (rises(tensors) >= LEAK_RISING && tensorsPerBatch > 0) || (rises(bytes) >= LEAK_RISING && bytesPerBatch > 0);
    if (!climbs) return undefined;
    this.told = true;
    return { tensorsPerBatch: round3(tensorsPerBatch), bytesPerBatch: round3(bytesPerBatch), overBatches: LEAK_WINDOW, rising };
  }
}
