// Keeps every event the runtime writes under MAX_EVENT_BYTES, whatever the script passed: previews are
// bounded by their limits already, but limits can be raised and a call can have very many arguments.
// An event over the bound is made smaller, never dropped: first long texts in its stack are cut, then
// its largest previews lose their
// contents (kind, class, size and counts stay); a call with very many arguments then keeps the first
// arguments that fit (`argCount` says how many there were); then the largest previews become
// `truncated` (reason "budget"); then long texts anywhere in the event are cut; last, the argument
// list is cut to what fits.
import type { CallEvent, TraceEvent } from '../protocol/events';
import type { Preview } from '../protocol/preview';
import { encodeEvent } from '../protocol/trace-format';
import { cutText, shortenString } from './preview';

/** The most bytes (UTF-8, newline included) one event takes on the pipe and in the trace file. */
export const MAX_EVENT_BYTES = 1024 * 1024;

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const LONG_TEXT = 1000;
const MANY_ARGS = 100;

/** A preview's kind, class and size without its contents. */
function shallow(p: Preview): Preview {
  switch (p.kind) {
    case 'string': return shortenString(p, LONG_TEXT);
    case 'array': case 'set': return { ...p, items: [], truncated: true };
    case 'object': case 'map': return { ...p, entries: [], truncated: true };
    case 'typedarray': return { ...p, values: p.values.slice(0, 8) as typeof p.values, truncated: true };
    case 'tensor': return { ...p, ...(p.values ? { values: p.values.slice(0, 8) as typeof p.values, truncated: true } : {}) };
    default: return deepCut(p);
  }
}

function emptied(p: Preview): Preview {
  const className = 'className' in p && typeof p.className === 'string' ? cutText(p.className, 200) : undefined;
  return className === undefined ? { kind: 'truncated', reason: 'budget' } : { kind: 'truncated', reason: 'budget', className };
}

/** Plain JSON data with every string longer than LONG_TEXT cut in the middle. */
function deepCut<T>(value: T): T {
  if (typeof value === 'string') return cutText(value, LONG_TEXT) as T;
  if (Array.isArray(value)) return value.map(deepCut) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = deepCut(v);
    return out as T;
  }
  return value;
}

interface Slot { get: () => Preview; set: (p: Preview) => void }

function slotsOf(event: TraceEvent): Slot[] {
  if (event.type === 'uncaught') return [{ get: () => event.error, set: (p) => (event.error = p) }];
  if (event.type === 'postmortem') {
    const variables = event.frames.flatMap((f) => (f.scopes ?? []).flatMap((s) => s.variables));
    return [{ get: () => event.error, set: (p: Preview) => (event.error = p) }, ...variables.map((v) => ({ get: () => v.value, set: (p: Preview) => (v.value = p) }))];
  }
  if (event.type !== 'call') return [];
  const slots: Slot[] = event.args.map((_, i) => ({ get: () => event.args[i], set: (p: Preview) => (event.args[i] = p) }));
  if (event.result) slots.push({ get: () => event.result!, set: (p) => (event.result = p) });
  if (event.error) slots.push({ get: () => event.error!, set: (p) => (event.error = p) });
  return slots;
}

/** Replaces the largest previews by `smaller` ones until the event's estimated size fits. */
function shrinkSlots(slots: Slot[], size: number, max: number, smaller: (p: Preview) => Preview): number {
  const measured = slots.map((slot) => ({ slot, size: bytes(JSON.stringify(slot.get())) })).sort((a, b) => b.size - a.size);
  for (const m of measured) {
    if (size <= max) break;
    const next = smaller(m.slot.get());
    m.slot.set(next);
    size += bytes(JSON.stringify(next)) - m.size;
  }
  return size;
}

/** Keeps the first arguments that fit, and says how many there were. */
function cutArgs(event: CallEvent, max: number): void {
  const count = event.argCount ?? event.args.length;
  const all = event.args;
  event.args = [];
  event.argCount = count;
  let size = bytes(encodeEvent(event));
  for (const arg of all) {
    size += bytes(JSON.stringify(arg)) + 1;
    if (size > max) break;
    event.args.push(arg);
  }
}

/**
 * The event's line, at most `max` bytes: as it is when it fits, else made smaller as described above
 * (its previews are replaced in place). Undefined only when not even that fits.
 */
export function encodeWithin(event: TraceEvent, max = MAX_EVENT_BYTES): string | undefined {
  let line = encodeEvent(event);
  let size = bytes(line);
  if (size <= max) return line;
  // Estimates add up JSON pieces; a little room covers the commas they leave out.
  const target = max - 64;
  if (event.type === 'call') {
    // A stack is no value of the script's: its long texts (a function's name) go first.
    event.stack = deepCut(event.stack);
    size = bytes(encodeEvent(event));
  }
  size = shrinkSlots(slotsOf(event), size, target, shallow);
  // Very many arguments: the first ones, whole, say more than all of them emptied.
  if (size > target && event.type === 'call' && event.args.length > MANY_ARGS) {
    cutArgs(event, target);
    size = bytes(encodeEvent(event));
  }
  size = shrinkSlots(slotsOf(event), size, target, emptied);
  line = encodeEvent(event);
  if (bytes(line) <= max) return line;
  const cut = deepCut(event);
  line = encodeEvent(cut);
  if (bytes(line) <= max) return line;
  if (cut.type === 'call') {
    cut.stack = cut.stack.slice(0, 20);
    cutArgs(cut, target);
    line = encodeEvent(cut);
    if (bytes(line) <= max) return line;
  }
  return undefined;
}
