// Two or more runs side by side: a label for each, what differed between them, per metric each run's
// curve, and a table of final metrics. Pure: built from each run's model (src/protocol/run-model/) and
// its curves (series/training-curves.ts), so a comparison says what each run's panel would say.
import type { MetricValue } from './events';
import type { RunModel } from './run-model';
import { runSummary, type RunSummary } from './run-summary';
import type { CurveKind, TrainingCurves } from './series/training-curves';
import type { SeriesPoint } from './series/point-columns';
import { parseMetricName } from './series/metric-names';

export interface ComparedRunInput {
  model: RunModel;
  curves: TrainingCurves;
  /** The largest `time` of the run's events. */
  lastTime: number;
  /** Lines of the trace that were not events and were skipped. */
  damagedLines?: number;
}

export interface ComparedRun {
  label: string;
  summary: RunSummary;
  damagedLines: number;
}

/** One way the runs differed: the field and each run's value, in the runs' order. */
export interface RunDifference {
  field: 'script' | 'arguments' | 'targets' | 'cwd' | 'node' | 'duration' | 'status';
  values: string[];
}

/** One chart: a metric of one kind, with each run's curve (null where the run has none). */
export interface ComparedMetric {
  metric: string; // "loss", "acc"
  kind: CurveKind;
  curves: (SeriesPoint[] | null)[];
}

export interface FinalMetrics {
  /** The last epoch's logs (a run without epochs: its last batch's or step's). */
  last: Record<string, MetricValue>;
  /** The lowest val_loss of any epoch, and the epoch it came at (counted from 1). */
  bestValLoss: { value: number; epoch: number } | null;
  epochs: number;
  batches: number;
  durationMs: number;
}

export interface RunComparison {
  runs: ComparedRun[];
  differences: RunDifference[];
  metrics: ComparedMetric[];
  finals: FinalMetrics[];
  /** Every log name of `finals[*].last`, in first-seen order: the final table's columns. */
  finalColumns: string[];
}

export class ComparisonError extends Error {}

export function compareRuns(inputs: ComparedRunInput[]): RunComparison {
  if (inputs.length < 2) throw new ComparisonError(`comparing needs two or more runs (got ${inputs.length})`);
  const summaries = inputs.map((input, i) => {
    const summary = runSummary(input.model, input.lastTime);
    if (!summary) throw new ComparisonError(`run ${i + 1} has no run event: not a Trainspect trace`);
    return summary;
  });
  const labels = runLabels(summaries);
  const finals = inputs.map((input, i) => finalMetrics(input.model, summaries[i]));
  const finalColumns = [...new Set(finals.flatMap((f) => Object.keys(f.last)))];
  return {
    runs: summaries.map((summary, i) => ({ label: labels[i], summary, damagedLines: inputs[i].damagedLines ?? 0 })),
    differences: differences(inputs, summaries),
    metrics: comparedMetrics(inputs),
    finals,
    finalColumns,
  };
}

const scriptName = (script: string): string => script.split(/[\\/]/).at(-1) ?? script;

/** Script name and start time; runs whose labels would be equal are told apart as #1, #2, … */
function runLabels(summaries: RunSummary[]): string[] {
  const base = summaries.map((s) => `${scriptName(s.script)} ${s.startTime.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')}`);
  return base.map((label, i) => (base.filter((b) => b === label).length > 1 ? `${label} #${i + 1}` : label));
}

function differences(inputs: ComparedRunInput[], summaries: RunSummary[]): RunDifference[] {
  const fields: [RunDifference['field'], (s: RunSummary, m: RunModel) => string][] = [
    ['script', (s) => s.script],
    ['arguments', (s) => (s.args.length ? s.args.join(' ') : '(none)')],
    ['targets', (s) => (s.targets.length ? s.targets.join(', ') : '(every callable)')],
    ['cwd', (s) => s.cwd],
    ['node', (_, m) => m.run?.node ?? '(did not start)'],
    ['status', (s) => (s.detail ? `${s.status}: ${s.detail}` : s.status)],
  ];
  const found: RunDifference[] = [];
  for (const [field, valueOf] of fields) {
    const values = summaries.map((s, i) => valueOf(s, inputs[i].model));
    if (new Set(values).size > 1) found.push({ field, values });
  }
  // Durations always differ by a little: only a difference of a tenth or more is one.
  const durations = summaries.map((s) => s.durationMs);
  const [least, most] = [Math.min(...durations), Math.max(...durations)];
  if (most - least > 0.1 * most) found.push({ field: 'duration', values: durations.map(formatDuration) });
  return found;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const KIND_ORDER: CurveKind[] = ['batch', 'epoch', 'validation', 'memory'];

/** One chart per metric and kind that any run has; a run with several models shows its first model's curve. */
function comparedMetrics(inputs: ComparedRunInput[]): ComparedMetric[] {
  const keys: { metric: string; kind: CurveKind }[] = [];
  for (const input of inputs) {
    for (const curve of input.curves.list) {
      if (!keys.some((k) => k.metric === curve.metric && k.kind === curve.kind)) keys.push({ metric: curve.metric, kind: curve.kind });
    }
  }
  keys.sort((a, b) => (a.metric === 'loss' ? -1 : 0) - (b.metric === 'loss' ? -1 : 0) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  return keys.map(({ metric, kind }) => ({
    metric, kind,
    curves: inputs.map((input) => {
      const curve = input.curves.list.find((c) => c.metric === metric && c.kind === kind);
      return curve ? pointsOf(curve.points) : null;
    }),
  }));
}

function pointsOf(points: TrainingCurves['list'][number]['points']): SeriesPoint[] {
  const [step, epoch, time] = [points.x('step'), points.x('epoch'), points.x('time')];
  const values = points.values();
  return Array.from({ length: points.length }, (_, i) => ({ step: step[i], epoch: epoch[i], time: time[i], value: values[i] }));
}

function finalMetrics(model: RunModel, summary: RunSummary): FinalMetrics {
  const trained = [...model.training.values()];
  let bestValLoss: FinalMetrics['bestValLoss'] = null;
  for (const t of trained) {
    for (const { event, epoch } of t.epochs) {
      const value = event.logs.val_loss;
      if (typeof value === 'number' && (!bestValLoss || value < bestValLoss.value)) bestValLoss = { value, epoch };
    }
  }
  const loops = [...model.customLoops.values()];
  return {
    last: summary.finalMetrics,
    bestValLoss,
    epochs: trained.reduce((n, t) => n + t.epochs.length + t.droppedEpochs, 0),
    batches: trained.reduce((n, t) => n + t.steps, 0) + loops.reduce((n, l) => n + l.steps, 0),
    durationMs: summary.durationMs,
  };
}

/** Whether a final-table column is a validation metric (drawn apart in the table). */
export const isValidationColumn = (name: string): boolean => parseMetricName(name).validation;
