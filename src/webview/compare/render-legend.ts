// The comparison's legend: each run's colour and label, how it ended and how long it took, and below
// it what differed between the runs (the comparison's `differences`), each value in its run's colour.
import type { ComparisonView } from '../../protocol/comparison-view';
import { formatDuration, type RunDifference } from '../../protocol/run-comparison';
import { h, icon } from '../dom';
import { runColor } from './run-colors';

const FIELD_NAMES: Record<RunDifference['field'], string> = {
  script: 'Script', arguments: 'Arguments', targets: 'Traced callables', cwd: 'Folder', node: 'Node', duration: 'Duration', status: 'Status',
};

const STATUS_ICONS: Record<string, string> = { finished: 'pass', failed: 'error', stopped: 'debug-stop', interrupted: 'warning', running: 'loading' };

export const swatch = (index: number): HTMLElement => h('span', { class: `run-swatch color-${runColor(index)}`, attrs: { 'aria-hidden': 'true' } });

export function renderLegend(view: ComparisonView): HTMLElement {
  const items = view.runs.map((run, i) => {
    const { summary } = run;
    const facts = [summary.status, formatDuration(summary.durationMs), summary.args.length ? `args ${summary.args.join(' ')}` : 'no arguments'];
    return h('li', { class: 'legend-run', attrs: { 'data-run': String(i) } },
      swatch(i),
      h('span', { class: 'run-label', title: run.traceFile }, run.label),
      h('span', { class: `run-facts status-${summary.status}` }, icon(STATUS_ICONS[summary.status] ?? 'circle'), facts.join(' · ')),
      run.damagedLines ? h('span', { class: 'run-damaged' }, icon('warning'), `${run.damagedLines.toLocaleString('en-US')} damaged line${run.damagedLines === 1 ? '' : 's'} skipped`) : null);
  });
  return h('section', { class: 'comparison-legend', attrs: { 'aria-label': 'Runs' } }, h('ul', {}, ...items), renderDifferences(view));
}

function renderDifferences(view: ComparisonView): HTMLElement {
  if (!view.differences.length) {
    return h('p', { class: 'differences none' }, icon('info'), 'Nothing differed: the same script, arguments, callables, folder, Node and status, and durations within a tenth of each other.');
  }
  const rows = view.differences.map((difference) => h('tr', { attrs: { 'data-field': difference.field } },
    h('th', { attrs: { scope: 'row' } }, FIELD_NAMES[difference.field]),
    ...difference.values.map((value, i) => h('td', {}, swatch(i), h('span', { class: 'difference-value' }, value)))));
  return h('section', { class: 'differences', attrs: { 'aria-label': 'What differed' } },
    h('h3', {}, 'What differed'),
    h('table', {}, h('tbody', {}, ...rows)));
}
