// A captured value: one summary line (the value, JavaScript-like, and what kind of thing it is), and
// for collections, tensors, typed arrays, errors and long strings a <details> that opens to show more.
// Children are built the first time it opens, so a long trace stays light.
import { describePreview, formatPreviewInline, type NumberValue, type NumericStats, type Preview } from '../protocol/preview';
import { h, type Child } from './dom';

const fmt = (n: number): string => n.toLocaleString('en-US');

function formatNumber(v: NumberValue): string {
  if (typeof v !== 'number') return v;
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(5)));
}

/** A string long enough that the summary line cuts it. */
const LONG_STRING = 60;

function expandable(p: Preview): boolean {
  switch (p.kind) {
    case 'array': case 'set': return p.items.length > 0;
    case 'object': case 'map': return p.entries.length > 0;
    case 'tensor': case 'typedarray': return true;
    case 'error': return p.stack !== undefined || p.code !== undefined || p.message.length > LONG_STRING;
    case 'string': return p.truncated === true || p.value.length > LONG_STRING;
    default: return false;
  }
}

/** Containers say what they are first ("an Array of 7,390 strings"), plain values show the value first. */
function summaryLine(p: Preview, label: string | undefined, container: boolean): HTMLSpanElement {
  const inline = formatPreviewInline(p, 100);
  const value = h('code', { class: `value-inline kind-${p.kind}`, title: formatPreviewInline(p, 2000) }, inline);
  const kind = h('span', { class: 'value-kind' }, describePreview(p));
  return h('span', { class: 'value-line' },
    label !== undefined ? h('span', { class: 'value-label' }, label) : null,
    ...(container ? [kind, value] : [value, kind]),
  );
}

const CONTAINERS = new Set(['array', 'set', 'object', 'map', 'tensor', 'typedarray']);

/** One value, labelled (an argument index, a key) or not. */
export function renderPreview(p: Preview, label?: string): HTMLElement {
  const container = CONTAINERS.has(p.kind);
  if (!expandable(p)) return h('div', { class: 'value leaf' }, summaryLine(p, label, container));
  const details = h('details', { class: 'value' }, h('summary', {}, summaryLine(p, label, container)));
  const body = h('div', { class: 'value-children' });
  details.appendChild(body);
  let built = false;
  details.addEventListener('toggle', () => {
    if (built || !details.open) return;
    built = true;
    for (const child of children(p)) body.appendChild(child);
  });
  return details;
}

function row(name: string, ...value: Child[]): HTMLElement {
  return h('div', { class: 'value leaf' }, h('span', { class: 'value-line' }, h('span', { class: 'value-label' }, name), ...value));
}

const code = (text: string, cls = ''): HTMLElement => h('code', { class: `value-inline ${cls}` }, text);
const note = (text: string): HTMLElement => h('div', { class: 'value-note' }, text);

function more(shown: number, total: number, noun: string): HTMLElement | null {
  return total > shown ? note(`… ${fmt(total - shown)} more ${noun} not captured (${fmt(shown)} of ${fmt(total)} shown)`) : null;
}

function children(p: Preview): HTMLElement[] {
  switch (p.kind) {
    case 'array':
      return [...p.items.map((item, i) => renderPreview(item, `[${i}]`)), more(p.items.length, p.length, 'elements')].filter(isEl);
    case 'set':
      return [...p.items.map((item) => renderPreview(item, '•')), more(p.items.length, p.size, 'elements')].filter(isEl);
    case 'object':
      return [...p.entries.map((e) => renderPreview(e.value, e.key)), more(p.entries.length, p.keyCount, 'keys')].filter(isEl);
    case 'map':
      return [...p.entries.map((e) => renderPreview(e.value, `${formatPreviewInline(e.key, 40)} →`)), more(p.entries.length, p.size, 'entries')].filter(isEl);
    case 'typedarray':
      return [
        row('length', code(fmt(p.length))),
        row('values', code(`[${p.values.map((v) => (typeof v === 'number' ? formatNumber(v) : v)).join(', ')}${p.truncated || p.length > p.values.length ? ', …' : ''}]`)),
      ];
    case 'tensor':
      return [
        row('shape', code(`[${p.shape.join(', ')}]`)),
        row('dtype', code(p.dtype)),
        row('size', code(fmt(p.size))),
        p.disposed ? note('disposed: its values can no longer be read') : null,
        p.values ? row('values', code(`[${p.values.map((v) => (typeof v === 'number' ? formatNumber(v) : v)).join(', ')}${p.size > p.values.length ? ', …' : ''}]`)) : null,
        p.stats ? renderStats(p.stats) : null,
      ].filter(isEl);
    case 'error':
      return [
        row('message', code(p.message)),
        p.code !== undefined ? row('code', code(p.code)) : null,
        p.stack !== undefined ? h('pre', { class: 'value-text' }, p.stack) : null,
      ].filter(isEl);
    case 'string':
      return [
        h('pre', { class: 'value-text' }, p.value),
        note(p.truncated ? `cut: ${fmt(p.value.length)} of ${fmt(p.length)} characters captured` : `${fmt(p.length)} characters`),
      ];
    default:
      return [];
  }
}

function renderStats(s: NumericStats): HTMLElement {
  const bad = s.nanCount > 0 || s.infCount > 0;
  return h('div', { class: `value leaf tensor-stats${bad ? ' warn' : ''}` },
    h('span', { class: 'value-line' },
      h('span', { class: 'value-label' }, 'stats'),
      code(`x∈[${formatNumber(s.min)}, ${formatNumber(s.max)}] μ=${formatNumber(s.mean)} σ=${formatNumber(s.std)}`),
      h('span', { class: 'value-kind' }, `zeros ${fmt(s.zeroCount)} · NaN ${fmt(s.nanCount)} · Inf ${fmt(s.infCount)}${bad ? ' — NaN/Inf!' : ''}`),
    ),
  );
}

const isEl = (x: HTMLElement | null): x is HTMLElement => x !== null;
