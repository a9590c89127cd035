// The Training view: loss and metric curves of every fit/fitDataset call of every model, one chart per
// model and metric with the batch values (train), the epoch values (train, per epoch) and validation
// (val_…) together. It draws the run's TrainingCurves, which keep every point, so smoothing and zoom
// work on the full series; on each render it only shows the points that arrived since.
import type { CurveKind, TrainingCurve } from '../../protocol/series/training-curves';
import type { PanelRun } from '../state';
import type { MountedView, PanelView, ViewContext } from '../view';
import { TrainingCharts, type ChartSettings, type CurveSpec } from './training-charts';

const CURVES: Record<CurveKind, Omit<CurveSpec, 'id'>> = {
  batch: { label: 'train', color: 'blue' },
  epoch: { label: 'train (epoch)', color: 'purple' },
  validation: { label: 'val', color: 'orange' },
};

export const trainingView: PanelView = {
  id: 'training',
  title: 'Training',
  icon: 'graph-line',
  badge: (run) => (run.curves.list.length ? run.model.training.size : undefined),
  mount: (context, saved) => new TrainingView(context, readSaved(saved)),
};

/** What the view saves: the charts' settings (smoothing, log axes, x), kept from run to run. */
function readSaved(saved: unknown): Partial<ChartSettings> {
  const s = (saved ?? {}) as Partial<Record<keyof ChartSettings, unknown>>;
  return {
    ...(typeof s.smoothing === 'number' ? { smoothing: s.smoothing } : {}),
    ...(typeof s.logX === 'boolean' ? { logX: s.logX } : {}),
    ...(typeof s.logY === 'boolean' ? { logY: s.logY } : {}),
    ...(s.xAxis === 'step' || s.xAxis === 'epoch' || s.xAxis === 'time' ? { xAxis: s.xAxis } : {}),
  };
}

class TrainingView implements MountedView {
  readonly element: HTMLElement;
  private readonly charts: TrainingCharts;
  private readonly emptyNote: HTMLElement;
  private run: PanelRun | undefined;
  private attached = 0; // run.curves.list[0, attached) are on the charts

  constructor(context: ViewContext, saved: Partial<ChartSettings>) {
    this.charts = new TrainingCharts(saved, () => context.stateChanged());
    this.emptyNote = document.createElement('p');
    this.emptyNote.className = 'empty';
    this.emptyNote.textContent = 'No training yet: the curves appear here when the script calls fit or fitDataset.';
    this.element = document.createElement('div');
    this.element.className = 'training-view';
    this.element.append(this.emptyNote, this.charts.element);
  }

  render(run: PanelRun): void {
    if (run !== this.run) {
      this.run = run;
      this.charts.clear();
      this.attached = 0;
    }
    const { list } = run.curves;
    for (; this.attached < list.length; this.attached++) {
      const curve = list[this.attached];
      this.charts.attach(chartKey(curve), { id: curve.kind, ...CURVES[curve.kind] }, curve.points);
    }
    this.charts.sync();
    this.emptyNote.hidden = list.length > 0;
    this.charts.element.hidden = list.length === 0;
  }

  save(): ChartSettings {
    return this.charts.settings;
  }
}

/** One chart per model and metric; the model's name in the title from the second model trained on. */
function chartKey(curve: TrainingCurve) {
  return { id: `${curve.modelId}/${curve.metric}`, title: curve.modelId === 1 ? curve.metric : `${curve.metric} (${curve.model})`, metric: curve.metric };
}
