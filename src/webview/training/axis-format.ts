// How the training charts write numbers: x by what it counts (batches, epochs, seconds since the run
// started), y with as many digits as a loss needs. Pure, no DOM.
import type { XAxis } from '../../protocol/series/point-columns';

export const X_AXIS_LABELS: Record<XAxis, string> = { step: 'Batch', epoch: 'Epoch', time: 'Time' };

/** An x axis tick (batches shortened: 20k); `time` is in ms since the run started. */
export function formatX(axis: XAxis, x: number): string {
  if (axis === 'time') return formatSeconds(x / 1000);
  if (axis === 'step') return Number.isInteger(x) ? compactInteger(x) : formatNumber(x);
  return formatNumber(x);
}

/** An x value in the read-out: the batch number in full. */
export function formatXExactly(axis: XAxis, x: number): string {
  return axis === 'step' ? Math.round(x).toLocaleString('en-US') : formatX(axis, x);
}

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${formatNumber(seconds)} s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function compactInteger(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${formatNumber(n / 1e6)}M`;
  if (abs >= 1e4) return `${formatNumber(n / 1e3)}k`;
  return String(n);
}

/** A y value: 4 significant digits, exponent form when tiny or huge, NaN and ±Infinity by name. */
export function formatNumber(y: number): string {
  if (Number.isNaN(y)) return 'NaN';
  if (!Number.isFinite(y)) return y > 0 ? '+Infinity' : '-Infinity';
  if (y === 0) return '0';
  const abs = Math.abs(y);
  if (abs < 1e-4 || abs >= 1e7) return y.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(y.toPrecision(4)));
}
