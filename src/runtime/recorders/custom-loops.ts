// The `step` events of custom training loops (docs/trace-format.md): one per call of a model's
// trainOnBatch or an optimizer's minimize made outside fit/fitDataset. The health recorder's wrappers
// (health.ts) see those calls and read their losses and tf.memory() once; this turns what they read
// into the event, so nothing is wrapped or read twice.
import type { CustomLoop, MetricValue } from '../../protocol/events';
import { now } from '../clock';
import { emit } from '../event-writer';
import { firstStepEnded } from './first-step-collection';

/** A custom loop as its step events name it. */
export interface CustomLoopId {
  loop: CustomLoop;
  loopId: number;
  model: string | null;
  optimizer: string | null;
}

/** A value JSON can carry: a number, or the text of NaN and ±Infinity. */
export function metricValue(x: number): MetricValue {
  return Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x;
}

/** The losses a trainOnBatch call resolved to (a number, or one per metricsNames entry), by name. */
export function trainOnBatchLogs(value: unknown, names: unknown): Record<string, MetricValue> {
  const values = Array.isArray(value) ? value : [value];
  const known = Array.isArray(names) ? names : ['loss'];
  const logs: Record<string, MetricValue> = {};
  values.forEach((v, i) => {
    const name = typeof known[i] === 'string' ? (known[i] as string) : i === 0 ? 'loss' : undefined;
    if (name !== undefined && typeof v === 'number') logs[name] = metricValue(v);
  });
  return logs;
}

/** Writes the step event of the call `step` (from 0) of `loop`. */
export function loopStepped(loop: CustomLoopId, step: number, logs: Record<string, MetricValue>, memory: { numTensors: number; numBytes: number }): void {
  emit({ type: 'step', ...loop, step, logs, numTensors: memory.numTensors, numBytes: memory.numBytes, time: now() });
  firstStepEnded();
}
