// The final metrics table: a row per run (its colour and label), a column per log of the runs' last
// epochs (the validation ones after a rule), the best val_loss and its epoch, epochs, batches and the
// run's duration. A cell shows four significant digits and has the trace's value in its title.
import type { ComparisonView } from '../../protocol/comparison-view';
import type { MetricValue } from '../../protocol/events';
import { metricText } from '../../protocol/metric-text';
import { formatDuration, isValidationColumn } from '../../protocol/run-comparison';
import { h } from '../dom';
import { swatch } from './render-legend';

const cell = (value: MetricValue | undefined, extraClass = ''): HTMLTableCellElement =>
  value === undefined
    ? h('td', { class: `missing ${extraClass}`.trim(), title: 'this run has no such log' }, '–')
    : h('td', { class: `number ${extraClass}`.trim(), title: String(value), attrs: { 'data-value': String(value) } }, metricText(value));

const count = (n: number): HTMLTableCellElement => h('td', { class: 'number', attrs: { 'data-value': String(n) } }, n.toLocaleString('en-US'));

export function renderFinals(view: ComparisonView): HTMLElement {
  const columns = [...view.finalColumns].sort((a, b) => Number(isValidationColumn(a)) - Number(isValidationColumn(b)));
  const firstValidation = columns.findIndex(isValidationColumn);
  const ruled = (i: number) => (i === firstValidation ? 'rule' : '');
  const head = h('tr', {},
    h('th', { attrs: { scope: 'col' } }, 'Run'),
    ...columns.map((name, i) => h('th', { class: `number ${ruled(i)}`.trim(), attrs: { scope: 'col', 'data-column': name } }, name)),
    h('th', { class: 'number rule', attrs: { scope: 'col', 'data-column': 'best val_loss' } }, 'best val_loss'),
    h('th', { class: 'number', attrs: { scope: 'col', 'data-column': 'best epoch' } }, 'at epoch'),
    h('th', { class: 'number rule', attrs: { scope: 'col', 'data-column': 'epochs' } }, 'epochs'),
    h('th', { class: 'number', attrs: { scope: 'col', 'data-column': 'batches' } }, 'batches'),
    h('th', { class: 'number', attrs: { scope: 'col', 'data-column': 'duration' } }, 'duration'));
  const rows = view.runs.map((run, r) => {
    const final = view.finals[r];
    const best = final.bestValLoss;
    return h('tr', { attrs: { 'data-run': String(r) } },
      h('th', { class: 'run-cell', attrs: { scope: 'row' } }, swatch(r), h('span', { class: 'run-label' }, run.label)),
      ...columns.map((name, i) => cell(final.last[name], ruled(i))),
      best ? cell(best.value, 'rule') : cell(undefined, 'rule'),
      best ? count(best.epoch) : cell(undefined),
      h('td', { class: 'number rule', attrs: { 'data-value': String(final.epochs) } }, final.epochs.toLocaleString('en-US')),
      count(final.batches),
      h('td', { class: 'number', title: `${Math.round(final.durationMs)} ms`, attrs: { 'data-value': String(final.durationMs) } }, formatDuration(final.durationMs)));
  });
  return h('section', { class: 'finals', attrs: { 'aria-label': 'Final metrics' } },
    h('h3', {}, 'Final metrics'),
    h('div', { class: 'finals-scroll' }, h('table', {}, h('thead', {}, head), h('tbody', {}, ...rows))));
}
