// A loss or metric in few characters, the same in the CLI's epoch lines and the editor's status bar.
import type { MetricValue } from './events';

/** Four significant digits; exponent form below 0.001 and from 100,000; NaN and Infinity as words. */
export function metricText(value: MetricValue): string {
  if (typeof value === 'string') return value;
  if (value === 0) return '0';
  const size = Math.abs(value);
  return size >= 1e5 || size < 1e-3 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}
