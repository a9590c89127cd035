// The comparison panel's page: a title, the legend and what differed, the training charts' toolbar
// over one chart per metric and kind with a curve per run in its colour (the Training view's charts:
// smoothing of the per-batch curves, log axes, x by batch, epoch or time, the read-out, zoom), and
// the final metrics table.
import type { ComparisonView, SentCurve } from '../../protocol/comparison-view';
import { metricNumber } from '../../protocol/run-model/training';
import { PointColumns } from '../../protocol/series/point-columns';
import { h, icon } from '../dom';
import { TrainingCharts, type ChartSettings } from '../training/training-charts';
import { renderFinals } from './render-finals';
import { renderLegend } from './render-legend';
import { runColor } from './run-colors';

export class ComparisonPage {
  readonly element = h('main', { class: 'comparison' });
  private readonly charts: TrainingCharts;
  private shown: ComparisonView | undefined;

  constructor(settings: Partial<ChartSettings>, onSettingsChange: () => void) {
    this.charts = new TrainingCharts(settings, onSettingsChange);
    this.element.append(h('p', { class: 'empty' }, 'Loading the runs…'));
  }

  get settings(): ChartSettings {
    return this.charts.settings;
  }

  get comparison(): ComparisonView | undefined {
    return this.shown;
  }

  show(view: ComparisonView): { charts: number; rows: number } {
    this.shown = view;
    this.charts.clear();
    for (const chart of view.charts) {
      chart.curves.forEach((curve, i) => {
        if (!curve) return;
        const run = view.runs[i];
        this.charts.attach({ id: chart.id, title: chart.title, metric: chart.metric }, { id: `run-${i}`, label: run.label, color: runColor(i), smooth: chart.kind === 'batch' }, pointColumns(curve));
      });
    }
    const noCurves = view.charts.length === 0
      ? h('p', { class: 'empty' }, icon('graph-line'), ' None of these runs has a loss or metric to draw: none called model.fit or fitDataset, or stepped a custom loop.')
      : null;
    this.element.replaceChildren(
      h('h2', {}, icon('compare-changes'), ` Comparing ${view.runs.length} runs`),
      renderLegend(view),
      noCurves ?? this.charts.element,
      renderFinals(view),
    );
    this.charts.sync();
    return { charts: view.charts.length, rows: view.runs.length };
  }
}

/** The sent points as the charts keep them, the points thinned away before each counted in its smoothing. */
function pointColumns(curve: SentCurve): PointColumns {
  const points = new PointColumns();
  for (let i = 0; i < curve.value.length; i++) {
    const point = { step: curve.step[i], epoch: curve.epoch[i], time: curve.time[i], value: metricNumber(curve.value[i]) };
    points.append(point, curve.folded && { finite: curve.folded.finite[i], sum: curve.folded.sum[i] });
  }
  return points;
}
