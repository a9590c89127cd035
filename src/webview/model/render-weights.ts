// Per-layer weight statistics, as tfjs-vis' show.layer gives them (min, max, mean, std, zeros, NaN,
// Inf per weight), after the latest epoch; a value that changed since the first epoch is shown as
// first → latest, one above the other (the table stays narrow). NaN and Infinity counts are marked in
// the theme's error colour.
import type { WeightStats } from '../../protocol/events';
import type { WeightChange } from '../../protocol/run-model';
import { plural } from '../../protocol/call-text';
import { h, icon } from '../dom';
import { roundNumber } from '../value-text';
import { count } from './render-layers';

/** When the statistics were taken, in words: "epoch 4", or "epoch 2 of fit #3" past the epochs the model keeps. */
export interface StatsTimes { first: string; latest: string }

type Stat = 'min' | 'max' | 'mean' | 'std' | 'zeros' | 'nan' | 'inf';
const MEASURES: readonly Stat[] = ['min', 'max', 'mean', 'std'];
const COUNTS: readonly Stat[] = ['zeros', 'nan', 'inf'];
const HEADINGS: Record<Stat, [text: string, title: string]> = {
  min: ['min', 'lowest finite value'],
  max: ['max', 'highest finite value'],
  mean: ['mean', 'mean of the finite values'],
  std: ['std', 'standard deviation of the finite values (population)'],
  zeros: ['zeros', 'values that are exactly 0'],
  nan: ['NaN', 'values that are NaN'],
  inf: ['Inf', 'values that are +Infinity or -Infinity'],
};

const statText = (stat: Stat, v: number | null): string => (v === null ? '—' : COUNTS.includes(stat) ? count(v) : roundNumber(v));
const fullText = (v: number | null): string => (v === null ? 'no finite values' : String(v));
const shortName = (weight: WeightStats): string => weight.name.slice(weight.name.lastIndexOf('/') + 1) || weight.name;
export const isBad = (w: WeightStats): boolean => w.nan > 0 || w.inf > 0;

function statCell(stat: Stat, { latest, first }: WeightChange, times: StatsTimes): HTMLTableCellElement {
  const now = latest[stat];
  const before = first?.[stat];
  const bad = (stat === 'nan' || stat === 'inf') && (now as number) > 0;
  const allZeros = stat === 'zeros' && latest.size > 0 && now === latest.size;
  const cls = `num stat-${stat}${bad ? ' bad' : ''}${allZeros ? ' all-zeros' : ''}`;
  const changed = before !== undefined && statText(stat, before) !== statText(stat, now);
  const title = before !== undefined
    ? `after ${times.first}: ${fullText(before)}\nafter ${times.latest}: ${fullText(now)}`
    : `after ${times.latest}: ${fullText(now)}`;
  return h('td', { class: cls, title: allZeros ? `${title}\nevery value is 0` : title },
    changed ? h('span', { class: 'stat-first' }, statText(stat, before)) : null,
    h('span', { class: 'stat-now' }, changed ? h('span', { class: 'stat-arrow' }, '→ ') : null, h('span', { class: 'stat-latest' }, statText(stat, now))));
}

function weightRows(changes: readonly WeightChange[], times: StatsTimes): HTMLTableRowElement[] {
  const rows: HTMLTableRowElement[] = [];
  for (let i = 0; i < changes.length; i++) {
    const { latest } = changes[i];
    const sameLayer = i > 0 && changes[i - 1].latest.layer === latest.layer;
    let span = 1;
    while (!sameLayer && i + span < changes.length && changes[i + span].latest.layer === latest.layer) span++;
    rows.push(h('tr', { class: isBad(latest) ? 'weight bad' : 'weight', attrs: { 'data-weight': latest.name } },
      sameLayer ? null : h('th', { class: 'name', title: latest.layer, attrs: { scope: 'rowgroup', rowspan: String(span) } }, latest.layer),
      h('td', { class: 'weight-name', title: `${latest.name}: ${latest.dtype}, ${plural(latest.size, 'value')}${latest.trainable ? '' : ', not trainable'}` },
        isBad(latest) ? icon('error') : null, isBad(latest) ? ' ' : null, shortName(latest)),
      h('td', { class: 'shape' }, `[${latest.shape.join(',')}]`),
      ...[...MEASURES, ...COUNTS].map((stat) => statCell(stat, changes[i], times))));
  }
  return rows;
}

/** The weights that hold NaN or Infinity, named, above the table: the first thing to see. */
function badNote(changes: readonly WeightChange[], times: StatsTimes): HTMLElement | null {
  const bad = changes.filter((c) => isBad(c.latest));
  if (!bad.length) return null;
  return h('p', { class: 'weights-bad', attrs: { role: 'note' } }, icon('error'),
    ` ${plural(bad.length, 'weight')} ${bad.length === 1 ? 'holds' : 'hold'} NaN or Infinity after ${times.latest}: `,
    bad.map((c) => c.latest.name).join(', '));
}

export function renderWeights(model: string, changes: readonly WeightChange[], times: StatsTimes): HTMLElement {
  const since = changes.some((c) => c.first);
  const head = (text: string, cls = '', title = '') => h('th', { class: cls, title, attrs: { scope: 'col' } }, text);
  return h('section', { class: 'weights', attrs: { 'aria-label': `Weights of ${model}` } },
    h('h4', {}, icon('symbol-numeric'), ` Weights after ${times.latest}`),
    since ? h('p', { class: 'weights-since' }, `A value that changed since ${times.first} shows that value above → the latest.`) : null,
    badNote(changes, times),
    h('div', { class: 'table-scroll' }, h('table', { class: 'model-table weight-table' },
      h('thead', {}, h('tr', {}, head('Layer', 'name'), head('Weight'), head('Shape'),
        ...[...MEASURES, ...COUNTS].map((stat) => head(HEADINGS[stat][0], 'num', HEADINGS[stat][1])))),
      h('tbody', {}, ...weightRows(changes, times)))));
}
