// A captured value: one summary line (the value, JavaScript-like, and what kind of thing it is, where
// that says more than the value does), and for collections, tensors, typed arrays, errors and long
// strings a <details> that opens to show more. Children are built the first time it opens, so a long
// trace stays light.
import { describePreview, type NumericStats, type Preview } from '../protocol/preview';
import { h, type Child } from './dom';
import { fullText, inlineText, roundNumber, stringIsCut, stringText, type TextContext } from './value-text';

export type { TextContext } from './value-text';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Characters of a string shown on its line before it is cut in the middle. */
const STRING_LINE = 72;

function expandable(p: Preview, ctx: TextContext): boolean {
  switch (p.kind) {
    case 'array': case 'set': return p.items.length > 0;
    case 'object': case 'map': return p.entries.length > 0;
    case 'tensor': case 'typedarray': return true;
    case 'error': return p.stack !== undefined || p.code !== undefined || p.message.length > STRING_LINE;
    case 'string': return stringIsCut(p, ctx, STRING_LINE);
    default: return false;
  }
}

/**
 * The kind words, where they say more than the value: not for a number, a boolean, null or a string
 * shown whole ("a number" under every leaf says nothing); a cut string says how long it is.
 */
function kindText(p: Preview, ctx: TextContext): string | undefined {
  switch (p.kind) {
    case 'number': case 'boolean': case 'null': case 'undefined': return undefined;
    case 'string': return stringIsCut(p, ctx, STRING_LINE) ? `${fmt(p.length)} characters` : undefined;
    default: return describePreview(p);
  }
}

/** The hover title: the full value where the line rounds or cuts it. */
function titleOf(p: Preview, ctx: TextContext): string {
  if (p.kind === 'string' || p.kind === 'number') return fullText(p);
  return inlineText(p, ctx, 2000, 200);
}

/** Containers say what they are first ("an Array of 7,390 strings"), plain values show the value first. */
function summaryLine(p: Preview, label: Child, ctx: TextContext, container: boolean): HTMLSpanElement {
  const text = p.kind === 'string' ? stringText(p, ctx, STRING_LINE) : inlineText(p, ctx);
  const value = h('code', { class: `value-inline kind-${p.kind}`, title: titleOf(p, ctx) }, text);
  const words = kindText(p, ctx);
  const kind = words !== undefined ? h('span', { class: 'value-kind' }, words) : null;
  return h('span', { class: 'value-line' },
    label !== undefined && label !== null ? (typeof label === 'string' ? h('span', { class: 'value-label' }, label) : label) : null,
    ...(container ? [kind, value] : [value, kind]),
  );
}

const CONTAINERS = new Set(['array', 'set', 'object', 'map', 'tensor', 'typedarray']);

/** One value, labelled (a parameter, an index, a key: text or an element) or not. */
export function renderPreview(p: Preview, label?: Child, ctx: TextContext = {}): HTMLElement {
  const container = CONTAINERS.has(p.kind);
  if (!expandable(p, ctx)) return h('div', { class: 'value leaf' }, summaryLine(p, label, ctx, container));
  const details = h('details', { class: 'value' }, h('summary', {}, summaryLine(p, label, ctx, container)));
  const body = h('div', { class: 'value-children' });
  details.appendChild(body);
  let built = false;
  details.addEventListener('toggle', () => {
    if (built || !details.open) return;
    built = true;
    for (const child of children(p, ctx)) body.appendChild(child);
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

function children(p: Preview, ctx: TextContext): HTMLElement[] {
  const show = (item: Preview, label: string): HTMLElement => renderPreview(item, label, ctx);
  switch (p.kind) {
    case 'array':
      return [...p.items.map((item, i) => show(item, `[${i}]`)), more(p.items.length, p.length, 'elements')].filter(isEl);
    case 'set':
      return [...p.items.map((item) => show(item, '•')), more(p.items.length, p.size, 'elements')].filter(isEl);
    case 'object':
      return [...p.entries.map((e) => show(e.value, e.key)), more(p.entries.length, p.keyCount, 'keys')].filter(isEl);
    case 'map':
      return [...p.entries.map((e) => show(e.value, `${inlineText(e.key, ctx, 40, 40)} →`)), more(p.entries.length, p.size, 'entries')].filter(isEl);
    case 'typedarray':
      return [
        row('length', code(fmt(p.length))),
        row('values', code(`[${(p.values as (number | string)[]).map(roundNumber).join(', ')}${p.truncated || p.length > p.values.length ? ', …' : ''}]`)),
      ];
    case 'tensor':
      return [
        row('shape', code(`[${p.shape.join(', ')}]`)),
        row('dtype', code(p.dtype)),
        row('size', code(fmt(p.size))),
        p.disposed ? note('disposed: its values can no longer be read') : null,
        p.values ? row('values', code(`[${(p.values as (number | string)[]).map(roundNumber).join(', ')}${p.size > p.values.length ? ', …' : ''}]`)) : null,
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
        h('pre', { class: 'value-text' }, fullText(p)),
        note(fullText(p).length < p.length ? `cut: ${fmt(p.length)} characters, the middle not captured` : `${fmt(p.length)} characters`),
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
      code(`x∈[${roundNumber(s.min)}, ${roundNumber(s.max)}] μ=${roundNumber(s.mean)} σ=${roundNumber(s.std)}`),
      h('span', { class: 'value-kind' }, `zeros ${fmt(s.zeroCount)} · NaN ${fmt(s.nanCount)} · Inf ${fmt(s.infCount)}${bad ? ' — NaN/Inf!' : ''}`),
    ),
  );
}

const isEl = (x: HTMLElement | null): x is HTMLElement => x !== null;
