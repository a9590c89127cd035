// The Training view's curves: every batch and epoch event of every model, fed to the charts as it
// arrives. The run model places each point (its step and fractional epoch across fit calls) and keeps a
// bounded copy; the charts keep every point, so smoothing and zoom work on the full series. One chart per
// model and metric: the batch values (train), the epoch values (train, per epoch) and validation (val_…).
import type { TraceEvent } from '../../protocol/events';
import { metricNumber } from '../../protocol/run-model/training';
import type { RunModel, TrainedModel } from '../../protocol/run-model';
import { parseMetricName } from '../../protocol/series/metric-names';
import type { SeriesPoint } from '../../protocol/series/series-store';
import { TrainingCharts, type ChartKey, type ChartSettings, type CurveSpec } from './training-charts';

const BATCH: CurveSpec = { id: 'batch', label: 'train', color: 'blue' };
const EPOCH: CurveSpec = { id: 'epoch', label: 'train (epoch)', color: 'purple' };
const VALIDATION: CurveSpec = { id: 'val', label: 'val', color: 'orange' };

export class TrainingView {
  readonly charts: TrainingCharts;
  private readonly lastPoints = new Map<string, SeriesPoint>();

  constructor(settings?: Partial<ChartSettings>, onSettingsChange?: (settings: ChartSettings) => void) {
    this.charts = new TrainingCharts(settings, onSettingsChange);
  }

  get element(): HTMLElement {
    return this.charts.element;
  }

  /** Call after the run model has applied `event`. */
  afterEvent(model: RunModel, event: TraceEvent): void {
    if (event.type === 'batch') {
      const trained = model.training.get(event.modelId);
      if (!trained) return; // past the run model's limit of models
      for (const name of Object.keys(event.logs)) {
        const point = trained.batchLogs.get(name)?.last; // the point this event just added
        if (point) this.add(trained, name, BATCH, point);
      }
    } else if (event.type === 'epoch') {
      const trained = model.training.get(event.modelId);
      const placed = trained?.epochs.at(-1);
      if (!trained || placed?.event !== event) return; // past the run model's limit of epochs
      for (const [name, value] of Object.entries(event.logs)) {
        const { validation } = parseMetricName(name);
        this.add(trained, name, validation ? VALIDATION : EPOCH, { step: placed.step, epoch: placed.epoch, time: event.time, value: metricNumber(value) });
      }
    }
  }

  /** Removes every curve (another run is shown). */
  reset(): void {
    this.charts.clear();
    this.lastPoints.clear();
  }

  private add(trained: TrainedModel, logName: string, curve: CurveSpec, point: SeriesPoint): void {
    const { metric } = parseMetricName(logName);
    const modelName = trained.fits[0]?.model ?? `model ${trained.modelId}`;
    const key: ChartKey = { id: `${trained.modelId}/${metric}`, title: trained.modelId === 1 ? metric : `${metric} (${modelName})`, metric };
    // A fit call stopped inside an epoch leaves its last batch past where the next call's epochs start:
    // a curve's x never goes back, so such a point is drawn at the previous one's x.
    const id = `${key.id}/${curve.id}`;
    const last = this.lastPoints.get(id);
    const inOrder = last
      ? { step: Math.max(point.step, last.step), epoch: Math.max(point.epoch, last.epoch), time: Math.max(point.time, last.time), value: point.value }
      : point;
    this.lastPoints.set(id, inOrder);
    this.charts.append(key, curve, [inOrder]);
  }
}
