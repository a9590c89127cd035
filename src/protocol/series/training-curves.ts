// Every batch's and every epoch's logs of every model as they arrive, one curve per model, metric and
// kind, each at full resolution up to 250,000 points (point-columns.ts): the run model places each point
// (its fractional epoch across fit calls; curve-placement.ts counts the batches a panel was not sent)
// and holds a bounded copy of 1,500; this holds far more, for charts that smooth and zoom. A custom
// loop's steps (trainOnBatch, minimize) make curves the same way: one per log name, and its tensor count.
// Pure: the webview keeps one per run it shows, a report could build one from a trace.
import type { TraceEvent } from '../events';
import type { CustomLoopModel, RunModel, TrainedModel } from '../run-model';
import { metricNumber } from '../run-model/training';
import { CurvePlacement, type LeftOutBatches } from './curve-placement';
import { parseMetricName } from './metric-names';
import { PointColumns, type SeriesPoint } from './point-columns';

/**
 * batch: a training metric per batch (or per step of a custom loop); epoch: per epoch; validation: a
 * val_ metric (per epoch); memory: tf.memory()'s tensor count after each step of a custom loop.
 */
export type CurveKind = 'batch' | 'epoch' | 'validation' | 'memory';

export interface TrainingCurve {
  modelId: number | null; // the fit calls' model; null for a custom loop's curve
  loopId: number | null; // the custom loop's (step events); null for a fit call's curve
  model: string; // the model's name (model.name), or the custom loop's title ("m.trainOnBatch", "adam.minimize")
  metric: string; // "loss", "acc": a val_ metric goes with its training metric; "tensors" for memory
  kind: CurveKind;
  points: PointColumns;
}

/** Curves at most: past it a new metric is not kept (the run model keeps 50 metrics of 20 models). */
export const MAX_CURVES = 300;

export class TrainingCurves {
  /** In the order they first had a point. */
  readonly list: TrainingCurve[] = [];
  private readonly byKey = new Map<string, TrainingCurve>();
  private readonly placement = new CurvePlacement();

  /** Batches the events applied here left out (a panel that caught up with a run), if any. */
  get leftOut(): LeftOutBatches | undefined {
    return this.placement.leftOut;
  }

  /** Call after the run model has applied `event`. */
  apply(model: RunModel, event: TraceEvent): void {
    if (event.type === 'batch') {
      const trained = model.training.get(event.modelId);
      if (!trained) return; // past the run model's limit of models
      const { step, epochShift } = this.placement.batch(trained, event);
      for (const name of Object.keys(event.logs)) {
        const placed = trained.batchLogs.get(name)?.last; // the point this event just added there
        if (placed) this.add(trained, name, 'batch', { ...placed, step, epoch: placed.epoch + epochShift });
      }
    } else if (event.type === 'epoch') {
      const trained = model.training.get(event.modelId);
      const placed = trained?.epochs.at(-1);
      if (!trained || placed?.event !== event) return; // past the run model's limit of epochs
      const { step, epochShift } = this.placement.epoch(trained, event);
      for (const [name, value] of Object.entries(event.logs)) {
        const kind = parseMetricName(name).validation ? 'validation' : 'epoch';
        this.add(trained, name, kind, { step, epoch: placed.epoch + epochShift, time: event.time, value: metricNumber(value) });
      }
    } else if (event.type === 'step') {
      const loop = model.customLoops.get(event.loopId);
      if (!loop || loop.last !== event) return; // past the run model's limit of loops
      for (const name of Object.keys(event.logs)) {
        const placed = loop.logs.get(name)?.last;
        if (placed) this.addToLoop(loop, name, 'batch', placed);
      }
      const tensors = loop.memory.tensors.last;
      if (tensors) this.addToLoop(loop, 'tensors', 'memory', tensors);
    }
  }

  private addToLoop(loop: CustomLoopModel, metric: string, kind: CurveKind, point: SeriesPoint): void {
    const key = `loop ${loop.loopId}/${metric}/${kind}`;
    let curve = this.byKey.get(key);
    if (!curve) {
      if (this.list.length >= MAX_CURVES) return;
      curve = { modelId: null, loopId: loop.loopId, model: loop.title, metric, kind, points: new PointColumns() };
      this.byKey.set(key, curve);
      this.list.push(curve);
    }
    // Steps carry their index: steps a panel was not sent leave a gap, not a shift.
    const last = curve.points.last();
    curve.points.append(last && point.step <= last.step ? { ...point, step: last.step, epoch: last.epoch, time: Math.max(point.time, last.time) } : point);
  }

  private add(trained: TrainedModel, logName: string, kind: CurveKind, point: SeriesPoint): void {
    const { metric } = parseMetricName(logName);
    const key = `${trained.modelId}/${metric}/${kind}`;
    let curve = this.byKey.get(key);
    if (!curve) {
      if (this.list.length >= MAX_CURVES) return;
      curve = { modelId: trained.modelId, loopId: null, model: trained.fits[0]?.model ?? `model ${trained.modelId}`, metric, kind, points: new PointColumns() };
      this.byKey.set(key, curve);
      this.list.push(curve);
    }
    this.placement.placed(trained.modelId, point.epoch);
    // A curve's x never goes back (epoch points of a fit call that throws mid-epoch, see curve-placement.ts,
    // and events out of step): such a point is placed at the previous one's x.
    const last = curve.points.last();
    curve.points.append(last
      ? { step: Math.max(point.step, last.step), epoch: Math.max(point.epoch, last.epoch), time: Math.max(point.time, last.time), value: point.value }
      : point);
  }
}
