// Event times: milliseconds since the runtime started in the traced process.
import { performance } from 'node:perf_hooks';

let origin = performance.timeOrigin + performance.now();

/** Sets the start (epoch ms); the ESM loader thread gets the main thread's start this way. */
export function setClockOrigin(epochMs: number): void {
  origin = epochMs;
}

export function clockOrigin(): number {
  return origin;
}

export function now(): number {
  return Math.round((performance.timeOrigin + performance.now() - origin) * 1000) / 1000;
}
