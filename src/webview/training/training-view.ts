// The Training view: loss and metric curves of every fit/fitDataset call of every model, one chart per
// model and metric with the batch values (train), the epoch values (train, per epoch) and validation
// (val_…) together; and of every custom loop (trainOnBatch, minimize), one chart per loop and value it
// returned, and one of its tensor count. It draws the run's TrainingCurves, which keep every point, so
// smoothing and zoom work on the full series; on each render it only shows the points that arrived
// since. Without curves it says why (no training yet, a custom loop before its first step); with batches
// left out (a panel that caught up with a run, or came back after a reload) it says so, and of a custom
// loop that returned no loss, how to have one.
import type { LeftOutBatches } from '../../protocol/series/curve-placement';
import type { CurveKind, TrainingCurve } from '../../protocol/series/training-curves';
import { h, icon } from '../dom';
import type { PanelRun } from '../state';
import type { MountedView, PanelView, ViewContext } from '../view';
import { healthAlertCount, HealthList } from './health-list';
import { TrainingCharts, type ChartSettings, type CurveSpec } from './training-charts';

const CURVES: Record<CurveKind, Omit<CurveSpec, 'id'>> = {
  batch: { label: 'train', color: 'blue', smooth: true },
  // Per-epoch values are drawn as they are (metric-chart.ts says why).
  epoch: { label: 'train (epoch)', color: 'purple', smooth: false },
  validation: { label: 'val', color: 'orange', smooth: false },
  // A tensor count: a leak climbs by steps, smoothing would only blur them.
  memory: { label: 'tensors', color: 'green', smooth: false },
};

export const trainingView: PanelView = {
  id: 'training',
  title: 'Training',
  icon: 'graph-line',
  badge: (run) => (run.curves.list.length ? run.model.training.size + run.model.customLoops.size : undefined),
  warnings: healthAlertCount,
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
  private readonly leftOutNote: HTMLElement;
  private readonly noLossNote: HTMLElement;
  private readonly health: HealthList;
  private run: PanelRun | undefined;
  private attached = 0; // run.curves.list[0, attached) are on the charts
  private shown = { empty: '', leftOut: '', noLoss: '' }; // what the notes say now

  constructor(context: ViewContext, saved: Partial<ChartSettings>) {
    this.charts = new TrainingCharts(saved, () => context.stateChanged());
    this.health = new HealthList((site) => context.post({ type: 'reveal-site', site }));
    this.emptyNote = h('div', { class: 'training-empty' });
    this.leftOutNote = h('p', { class: 'training-note left-out' });
    this.leftOutNote.hidden = true;
    this.noLossNote = h('p', { class: 'training-note no-loss' });
    this.noLossNote.hidden = true;
    this.element = h('div', { class: 'training-view' }, this.health.element, this.emptyNote, this.leftOutNote, this.noLossNote, this.charts.element);
  }

  render(run: PanelRun): void {
    this.health.render(run);
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
    const why = list.length ? undefined : whyNoCurves(run);
    if ((why ?? '') !== this.shown.empty) {
      this.shown.empty = why ?? '';
      this.emptyNote.replaceChildren(...(why ? EMPTY[why]() : []));
    }
    this.emptyNote.hidden = why === undefined;
    this.charts.element.hidden = list.length === 0;
    const leftOut = run.curves.leftOut && list.length ? leftOutText(run.curves.leftOut) : '';
    if (leftOut !== this.shown.leftOut) {
      this.shown.leftOut = leftOut;
      this.leftOutNote.replaceChildren(icon('info'), leftOut);
    }
    this.leftOutNote.hidden = leftOut === '';
    const noLoss = loopsWithoutLoss(run);
    if (noLoss.join('\n') !== this.shown.noLoss) {
      this.shown.noLoss = noLoss.join('\n');
      this.noLossNote.replaceChildren(...(noLoss.length ? noLossText(noLoss) : []));
    }
    this.noLossNote.hidden = noLoss.length === 0;
  }

  save(): ChartSettings {
    return this.charts.settings;
  }
}

type NoCurves = 'not-yet' | 'custom-loop' | 'did-not-train';

function whyNoCurves(run: PanelRun): NoCurves {
  const training = run.model.phases.find((p) => p.phase === 'training');
  if (training && training.api !== 'fit' && training.api !== 'fitDataset') return 'custom-loop';
  return run.model.status === 'finished' ? 'did-not-train' : 'not-yet';
}

const code = (text: string) => h('code', {}, text);
/** Curves of fit calls need no code; of a custom loop, the values its calls return. */
const byThemselves = () => h('p', {}, 'Curves come from ', code('model.fit'), ' and ', code('model.fitDataset'), ' by themselves: Trainspect records every batch and epoch, with no code in the script.');
const customLoop = () => h('p', {}, 'A custom loop plots what its steps return, per step, with its tensor count: the loss and metrics ', code('model.trainOnBatch'), ' resolves to, and the cost of ', code('optimizer.minimize(f, true)'), ' (without ', code('true'), ', minimize returns no cost, and only memory is plotted). Its health is checked too: a NaN or infinite loss and a likely tensor leak show here as alerts, and ', code('trainspect run'), ' prints them.');
const EMPTY: Record<NoCurves, () => HTMLElement[]> = {
  'not-yet': () => [h('p', { class: 'training-empty-title' }, icon('graph-line'), 'No training yet: the curves appear here when the script calls fit or fitDataset, or steps a custom loop.'), byThemselves(), customLoop()],
  'custom-loop': () => [h('p', { class: 'training-empty-title' }, icon('graph-line'), 'This run trains with ', code('model.trainOnBatch'), ', a custom loop: its curves appear here as its steps end.'), customLoop(), byThemselves()],
  'did-not-train': () => [h('p', { class: 'training-empty-title' }, icon('graph-line'), 'No curves: this run did not call ', code('model.fit'), ' or ', code('model.fitDataset'), ', nor step a custom loop.'), byThemselves(), customLoop()],
};

/** The titles of the custom loops that stepped without returning a loss (minimize without returnCost). */
function loopsWithoutLoss(run: PanelRun): string[] {
  return [...run.model.customLoops.values()].filter((loop) => loop.logs.size === 0).map((loop) => loop.title);
}

const noLossText = (titles: string[]) => [
  icon('info'), code(titles.join(', ')), ` returned no loss, so only ${titles.length === 1 ? 'its' : 'their'} memory is plotted: call `,
  code('optimizer.minimize(f, true)'), ' to have the cost returned, and plotted here per step.',
];

function leftOutText({ stride, upTo }: LeftOutBatches): string {
  return `Showing every ${ordinal(stride)} batch up to batch ${upTo.toLocaleString('en-US')}, as saved for the panel; the trace file has every batch.`;
}

/** 2nd, 3rd, 4th, 11th, 21st. */
function ordinal(n: number): string {
  const teen = Math.floor(n / 10) % 10 === 1;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** One chart per model and metric (the model's name in the title from the second model trained on), and per custom loop and value, titled by the loop. */
function chartKey(curve: TrainingCurve) {
  if (curve.loopId !== null) return { id: `loop ${curve.loopId}/${curve.metric}`, title: `${curve.metric} (${curve.model})`, metric: curve.metric };
  return { id: `${curve.modelId}/${curve.metric}`, title: curve.modelId === 1 ? curve.metric : `${curve.metric} (${curve.model})`, metric: curve.metric };
}
