// What the comparison panel is sent of a RunComparison (run-comparison.ts): the runs' labels, what
// differed and the final table as they are, and one chart per metric and kind with each run's curve.
// A long curve is thinned before it is sent, as the Training view thins what it draws (M4 per pixel
// column, column-thinning.ts: each column's first, last, lowest, highest and first non-finite point),
// over SENT_COLUMNS columns of its batches: no spike is lost and a message stays bounded (≤ 20,000
// points a curve). Each kept point carries the finite points left out before it (count and sum), which
// the panel's PointColumns smooths as it smooths its own folded points, so the smoothing slider still
// counts every batch. Values as the trace writes them (NaN, ±Infinity as strings): a message is JSON.
import type { MetricValue } from './events';
import type { ComparedRun, FinalMetrics, RunComparison, RunDifference } from './run-comparison';
import { thinToColumns } from './series/column-thinning';
import type { SeriesPoint } from './series/point-columns';
import type { CurveKind } from './series/training-curves';

/** Columns a sent curve is thinned over; one of at most 5 × as many points is sent whole. */
export const SENT_COLUMNS = 4000;

export interface SentCurve {
  step: number[];
  epoch: number[];
  time: number[];
  value: MetricValue[];
  /** Only for a thinned curve: per kept point, the finite points left out just before it and their sum. */
  folded?: { finite: number[]; sum: number[] };
  /** The run's points before thinning. */
  points: number;
}

export interface ComparisonChart {
  id: string; // "loss/batch"
  title: string; // "loss · per batch", "val_loss · per epoch"
  metric: string; // decides the 0–1 axis
  kind: CurveKind;
  /** One per run, in the runs' order; null where that run has none. */
  curves: (SentCurve | null)[];
}

export interface ComparisonRun extends ComparedRun {
  traceFile: string;
}

export interface ComparisonView {
  runs: ComparisonRun[];
  differences: RunDifference[];
  charts: ComparisonChart[];
  finals: FinalMetrics[];
  finalColumns: string[];
}

const KIND_TITLES: Record<CurveKind, string> = { batch: 'per batch', epoch: 'per epoch', validation: 'per epoch', memory: 'per step' };

export function chartTitle(metric: string, kind: CurveKind): string {
  return `${kind === 'validation' ? `val_${metric}` : metric} · ${KIND_TITLES[kind]}`;
}

/** `traceFiles`: each run's trace, in the comparison's order. */
export function comparisonView(comparison: RunComparison, traceFiles: string[], columns = SENT_COLUMNS): ComparisonView {
  return {
    runs: comparison.runs.map((run, i) => ({ ...run, traceFile: traceFiles[i] })),
    differences: comparison.differences,
    charts: comparison.metrics.map(({ metric, kind, curves }) => ({
      id: `${metric}/${kind}`, title: chartTitle(metric, kind), metric, kind,
      curves: curves.map((points) => (points ? sentCurve(points, columns) : null)),
    })),
    finals: comparison.finals,
    finalColumns: comparison.finalColumns,
  };
}

const asMetricValue = (y: number): MetricValue => (Number.isNaN(y) ? 'NaN' : y === Infinity ? 'Infinity' : y === -Infinity ? '-Infinity' : y);

/** The curve's points, thinned by batch when there are more than the columns would keep. */
export function sentCurve(points: readonly SeriesPoint[], columns = SENT_COLUMNS): SentCurve {
  const n = points.length;
  const steps = Float64Array.from(points, (p) => p.step);
  const values = Float64Array.from(points, (p) => p.value);
  const kept = n === 0 ? new Uint32Array(0) : thinToColumns(steps, n, [values], { min: steps[0], max: steps[n - 1], columns, log: false });
  const curve: SentCurve = { step: [], epoch: [], time: [], value: [], points: n };
  for (const i of kept) {
    curve.step.push(points[i].step);
    curve.epoch.push(points[i].epoch);
    curve.time.push(points[i].time);
    curve.value.push(asMetricValue(points[i].value));
  }
  if (kept.length === n) return curve;
  const folded = { finite: [] as number[], sum: [] as number[] };
  let previous = -1;
  for (const i of kept) {
    let finite = 0;
    let sum = 0;
    for (let j = previous + 1; j < i; j++) {
      if (Number.isFinite(values[j])) {
        finite++;
        sum += values[j];
      }
    }
    folded.finite.push(finite);
    folded.sum.push(sum);
    previous = i;
  }
  curve.folded = folded;
  return curve;
}

// ---- the guard the panel checks a show-comparison message with

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isNumbers = (v: unknown, length: number): boolean => Array.isArray(v) && v.length === length && v.every((x) => typeof x === 'number');
const isMetricValue = (v: unknown): boolean => typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
const CURVE_KINDS: readonly string[] = ['batch', 'epoch', 'validation', 'memory'];

function isSentCurve(v: unknown): v is SentCurve {
  if (!isObject(v) || !Array.isArray(v.value) || !v.value.every(isMetricValue) || typeof v.points !== 'number') return false;
  const n = v.value.length;
  if (!isNumbers(v.step, n) || !isNumbers(v.epoch, n) || !isNumbers(v.time, n)) return false;
  return v.folded === undefined || (isObject(v.folded) && isNumbers(v.folded.finite, n) && isNumbers(v.folded.sum, n));
}

const isRun = (v: unknown): boolean =>
  isObject(v) && typeof v.label === 'string' && typeof v.traceFile === 'string' && typeof v.damagedLines === 'number' &&
  isObject(v.summary) && typeof v.summary.script === 'string' && isStrings(v.summary.args) && typeof v.summary.startTime === 'string' && typeof v.summary.status === 'string';

const isFinal = (v: unknown): boolean =>
  isObject(v) && isObject(v.last) && Object.values(v.last).every(isMetricValue) && typeof v.epochs === 'number' && typeof v.batches === 'number' && typeof v.durationMs === 'number' &&
  (v.bestValLoss === null || (isObject(v.bestValLoss) && typeof v.bestValLoss.value === 'number' && typeof v.bestValLoss.epoch === 'number'));

export function isComparisonView(v: unknown): v is ComparisonView {
  if (!isObject(v) || !Array.isArray(v.runs) || !v.runs.every(isRun)) return false;
  const runs = v.runs.length;
  return Array.isArray(v.differences) && v.differences.every((d) => isObject(d) && typeof d.field === 'string' && isStrings(d.values) && d.values.length === runs) &&
    Array.isArray(v.charts) && v.charts.every((c) => isObject(c) && typeof c.id === 'string' && typeof c.title === 'string' && typeof c.metric === 'string' && CURVE_KINDS.includes(c.kind as string) &&
      Array.isArray(c.curves) && c.curves.length === runs && c.curves.every((curve) => curve === null || isSentCurve(curve))) &&
    Array.isArray(v.finals) && v.finals.length === runs && v.finals.every(isFinal) && isStrings(v.finalColumns);
}
