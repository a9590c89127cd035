// How the panel writes a value on one line: JavaScript-like, but for reading rather than copying —
// paths under the run's folder relative to it, long strings cut in the middle (a file name is at the
// end), numbers rounded (the full value is in the hover title).
import type { NumberValue, Preview, StringPreview } from '../protocol/preview';

export interface TextContext {
  /** The run's folder (the workspace folder in VS Code): paths inside it are shown relative to it. */
  root?: string;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** A number rounded for reading: 4 significant digits, never fewer than its whole part needs. */
export function roundNumber(v: NumberValue | string): string {
  if (typeof v !== 'number') return v; // 'NaN', '-0', a BigInt64Array's digits
  if (Number.isInteger(v) || v === 0) return String(v);
  const whole = Math.abs(v) >= 1 ? Math.floor(Math.log10(Math.abs(v))) + 1 : 0;
  return String(Number(v.toPrecision(Math.min(21, Math.max(4, whole + 2)))));
}

/** A path inside the root, as `./rest`; anything else as it is. */
export function relativeToRoot(text: string, root: string | undefined): string {
  if (!root) return text;
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const base = root.endsWith(sep) ? root : root + sep;
  return text.startsWith(base) && text.length > base.length ? `.${sep}${text.slice(base.length)}` : text;
}

/** Cuts the middle out of a text longer than `max`, keeping more of its end (where a file name is). */
export function cutMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  const head = Math.floor(keep * 0.4);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

/** The string as captured: its beginning, and its end when the capture kept one (long strings). */
function capturedText(p: StringPreview): { text: string; cut: boolean } {
  const tail = (p as StringPreview & { tail?: string }).tail;
  if (tail !== undefined) return { text: `${p.value}…${tail}`, cut: true };
  return { text: p.value, cut: p.truncated === true || p.value.length < p.length };
}

/** The string's text for display: relative if it is a path under the root, cut in the middle to `max`. */
export function stringText(p: StringPreview, ctx: TextContext, max: number): string {
  const { text, cut } = capturedText(p);
  const shown = cutMiddle(relativeToRoot(text, ctx.root), max);
  return JSON.stringify(shown) + (cut && !shown.includes('…') ? '…' : '');
}

/** Whether the display of this string leaves something out (so its full text is worth opening). */
export function stringIsCut(p: StringPreview, ctx: TextContext, max: number): boolean {
  const { text, cut } = capturedText(p);
  return cut || relativeToRoot(text, ctx.root).length > max;
}

/** The full captured value, for hover titles and the opened view. */
export function fullText(p: Preview): string {
  switch (p.kind) {
    case 'string': return capturedText(p).text;
    case 'number': return String(p.value);
    default: return '';
  }
}

/** One line for a value; strings inside collections get `inner` characters at most. */
export function inlineText(p: Preview, ctx: TextContext, max = 100, inner = 48): string {
  const text = inline(p, ctx, 2, max, inner);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function inline(p: Preview, ctx: TextContext, depth: number, max: number, inner: number): string {
  const child = (c: Preview): string => inline(c, ctx, depth - 1, inner, inner);
  switch (p.kind) {
    case 'string': return stringText(p, ctx, max);
    case 'number': return roundNumber(p.value);
    case 'boolean': return String(p.value);
    case 'null': return 'null';
    case 'undefined': return 'undefined';
    case 'bigint': return `${p.value}n`;
    case 'symbol': return `Symbol(${p.description})`;
    case 'array': {
      if (depth === 0) return `${p.className}(${fmt(p.length)})`;
      const items = p.items.map(child);
      // A run of empty slots is one `hole` item standing for `count` positions.
      const shown = p.items.reduce((n, i) => n + (i.kind === 'hole' ? i.count : 1), 0);
      if (p.length > shown) items.push(`… ${fmt(p.length - shown)} more`);
      return `${p.className === 'Array' ? '' : p.className}(${fmt(p.length)}) [${items.join(', ')}]`;
    }
    case 'typedarray': return `${p.className}(${fmt(p.length)}) [${(p.values as (NumberValue | string)[]).map(roundNumber).join(', ')}${p.length > p.values.length ? ', …' : ''}]`;
    case 'tensor': return `${p.className}[${p.shape.join(',')}] ${p.dtype}${p.stats ? ` x∈[${roundNumber(p.stats.min)}, ${roundNumber(p.stats.max)}] μ=${roundNumber(p.stats.mean)}` : ''}${p.stats && (p.stats.nanCount || p.stats.infCount) ? ' NaN/Inf!' : ''}`;
    case 'object': {
      const name = p.className === 'Object' ? '' : `${p.className} `;
      if (depth === 0) return `${name}{…}`;
      const entries = p.entries.map((e) => `${e.key}: ${child(e.value)}`);
      if (p.keyCount > p.entries.length) entries.push('…');
      return `${name}{${entries.join(', ')}}`;
    }
    case 'map': {
      if (depth === 0) return `${p.className}(${fmt(p.size)})`;
      const entries = p.entries.map((e) => `${child(e.key)} => ${child(e.value)}`);
      if (p.size > p.entries.length) entries.push('…');
      return `${p.className}(${fmt(p.size)}) {${entries.join(', ')}}`;
    }
    case 'set': {
      if (depth === 0) return `${p.className}(${fmt(p.size)})`;
      const items = p.items.map(child);
      if (p.size > p.items.length) items.push('…');
      return `${p.className}(${fmt(p.size)}) {${items.join(', ')}}`;
    }
    case 'function': return `[${p.className}${p.name ? `: ${p.name}` : ' (anonymous)'}]`;
    case 'date': return p.iso ?? 'Invalid Date';
    case 'regexp': return `/${p.source}/${p.flags}`;
    case 'error': return `${p.className}: ${p.message}`;
    case 'promise': return `${p.className} {…}`;
    case 'arraybuffer': return `${p.className} {${fmt(p.byteLength)} bytes}`;
    case 'proxy': return '[Proxy]';
    case 'getter': return '[Getter]';
    case 'circular': return `[Circular → ${p.path}]`;
    case 'truncated': return p.className ? `[${p.className}…]` : '[…]';
    case 'unreadable': return `[unreadable: ${p.message}]`;
    case 'hole': return `<${fmt(p.count)} empty ${p.count === 1 ? 'slot' : 'slots'}>`;
    default: return `[${(p as { kind: string }).kind}]`;
  }
}
