// One run in a line: what the Runs view lists and the run library indexes for each trace. Pure: read
// from the run model (src/protocol/run-model/) of the trace's events, so that the summary says what
// the panel would say of the run.
import { capitalize, describeExit } from './exit';
import type { RunModel } from './run-model';
import type { MetricValue, RunEvent } from './events';
import { errorText } from './postmortem-text';
import { formatPreviewInline } from './preview';

/**
 * finished: ended by itself with code 0. failed: an exception, a non-zero code or a signal. stopped: by
 * the user or at the call limit. interrupted: the trace has no exit event and no run is writing it (the
 * window reloaded, or the host was killed). running: no exit event yet and its writer is alive (the
 * run library knows that, not the events).
 */
export type RunStatusKind = 'finished' | 'failed' | 'stopped' | 'interrupted' | 'running';

export interface RunSummary {
  script: string; // absolute path
  args: string[];
  cwd: string;
  targets: string[];
  startTime: string; // ISO 8601, as the run event says
  /** The exit event's duration; for a run without one, the time of its latest event. */
  durationMs: number;
  status: RunStatusKind;
  /** failed: the error's first line (the post-mortem's, an uncaught error's, or how the process ended); stopped: by whom. */
  detail: string | null;
  /** The loss of the run's last epoch (of whichever model trained last; a model without epochs: its last batch; a custom loop: its last step). */
  finalLoss: MetricValue | null;
  /** The same epoch's (batch's, step's) every log. Values as the trace has them (NaN and ±Infinity as strings, so they survive JSON). */
  finalMetrics: Record<string, MetricValue>;
  eventCount: number;
}

/** `lastTime`: the largest `time` of the events the model was built from. */
export function runSummary(model: RunModel, lastTime: number): RunSummary | undefined {
  const { run, exit } = model;
  if (!run) return undefined;
  const finalMetrics = finalLogs(model);
  const loss = finalMetrics.loss;
  return {
    script: run.script, args: run.args, cwd: run.cwd, targets: run.targets, startTime: run.startTime,
    durationMs: exit ? exit.durationMs : Math.max(0, lastTime - run.time),
    ...statusOf(model),
    finalLoss: loss ?? null,
    finalMetrics,
    eventCount: model.eventCount,
  };
}

function statusOf(model: RunModel): Pick<RunSummary, 'status' | 'detail'> {
  const { exit, outcome } = model;
  if (!exit) return { status: 'interrupted', detail: 'no exit event: the window reloaded or Trainspect was killed' };
  if (outcome === 'stopped') return { status: 'stopped', detail: exit.stoppedBy === 'limit' ? 'at the call limit' : 'by you' };
  if (outcome === 'succeeded') return { status: 'finished', detail: null };
  return { status: 'failed', detail: firstLine(errorLine(model) ?? capitalize(describeExit(exit))) };
}

function errorLine(model: RunModel): string | undefined {
  if (model.postmortem) {
    const { className, message } = errorText(model.postmortem);
    return message ? `${className}: ${message}` : className;
  }
  const uncaught = model.uncaught[0];
  return uncaught ? formatPreviewInline(uncaught.error, 400) : undefined;
}

const firstLine = (text: string): string => text.split('\n', 1)[0].trim().slice(0, 300);

function finalLogs(model: RunModel): Record<string, MetricValue> {
  // The latest of each model's last epoch (or batch) and each loop's last step: what training did last.
  const ends = [
    ...[...model.training.values()].map((t) => t.epochs.at(-1)?.event ?? t.lastBatch),
    ...[...model.customLoops.values()].map((l) => l.last),
  ].filter((e) => e !== undefined);
  const last = ends.reduce<(typeof ends)[number] | undefined>((a, b) => (!a || b.time >= a.time ? b : a), undefined);
  return { ...(last?.logs ?? {}) };
}

/** A run still being written: what its run event says, its status 'running'. */
export function liveSummary(run: RunEvent): RunSummary {
  return {
    script: run.script, args: run.args, cwd: run.cwd, targets: run.targets, startTime: run.startTime,
    durationMs: Math.max(0, Date.now() - Date.parse(run.startTime)), status: 'running', detail: null, finalLoss: null, finalMetrics: {}, eventCount: 1,
  };
}
