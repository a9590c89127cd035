// Which recorded calls of the user's callables one item went through (fastai's DataBlock.summary),
// derived from the calls' live values by identity: a string item by equality, an object by being the
// same object. Values are held weakly (a string as it is), so following them keeps nothing alive; only
// own data properties are read, never a getter, a Proxy or a method.
import { types } from 'node:util';
import type { CallEvent, PipelineLink, PipelineStep } from '../../protocol/events';
import type { Preview } from '../../protocol/preview';
import { parameterOf } from '../../protocol/call-text';
import { isTfjsTensor } from '../tfjs-tensor';

const { getOwnPropertyDescriptor, keys: objectKeys } = Object;

/** Members of an argument or a result looked at: an object's first own keys, an array's first elements. */
const MEMBERS = 16;
/** Elements of a returned list indexed to find an item in it. */
const LIST_ITEMS = 100_000;
/** Values tried as the item followed. */
const CANDIDATES = 64;
/** Steps in a summary at most. */
export const MAX_STEPS = 12;

type Held = string | WeakRef<object>;

/** A value an argument carried: the argument itself (key undefined) or one of its members. */
interface Carried { held: Held; key?: string | number }

export interface HeldCall {
  event: CallEvent;
  inputs: Carried[][]; // per argument
  outputs: Held[]; // the result, and the members of an object result
  list?: WeakRef<unknown[]>; // the result, when it is an array
}

function hold(value: unknown): Held | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) return new WeakRef(value);
  return undefined;
}

const same = (held: Held, value: unknown): boolean => (typeof held === 'string' ? held === value : value !== undefined && held.deref() === value);
const live = (held: Held): unknown => (typeof held === 'string' ? held : held.deref());

function ownValue(obj: object, key: string | number): unknown {
  const desc = getOwnPropertyDescriptor(obj, key);
  return desc && 'value' in desc ? desc.value : undefined;
}

/** The first members of a plain object or array (not of a tensor, a Proxy or a typed array). */
function members(value: unknown): [string | number, unknown][] {
  if (typeof value !== 'object' || value === null || types.isProxy(value) || types.isTypedArray(value) || isTfjsTensor(value)) return [];
  if (Array.isArray(value)) {
    const out: [number, unknown][] = [];
    const n = Math.min(value.length, MEMBERS);
    for (let i = 0; i < n; i++) out.push([i, ownValue(value, i)]);
    return out;
  }
  return objectKeys(value).slice(0, MEMBERS).map((key) => [key, ownValue(value, key)]);
}

/** What a recorded call carried in and out, held weakly. */
export function holdCall(event: CallEvent, args: ArrayLike<unknown>, result: unknown): HeldCall {
  const inputs: Carried[][] = [];
  const n = Math.min(args.length, MEMBERS);
  for (let i = 0; i < n; i++) {
    const carried: Carried[] = [];
    const whole = hold(args[i]);
    if (whole !== undefined) carried.push({ held: whole });
    for (const [key, member] of members(args[i])) {
      const held = hold(member);
      if (held !== undefined) carried.push({ held, key });
    }
    inputs.push(carried);
  }
  const outputs: Held[] = [];
  const out = hold(result);
  if (out !== undefined) outputs.push(out);
  // An object's members go on with the item ({xs, ys}); a list's elements are other items.
  if (!Array.isArray(result)) for (const [, member] of members(result)) {
    const held = hold(member);
    if (held !== undefined) outputs.push(held);
  }
  const call: HeldCall = { event, inputs, outputs };
  if (Array.isArray(result) && !types.isProxy(result)) call.list = new WeakRef(result);
  return call;
}

/** The argument (and member) of `call` that carries a value `match` accepts. */
function carrying(call: HeldCall, match: (value: unknown) => boolean): { arg: number; key?: string | number } | undefined {
  for (let arg = 0; arg < call.inputs.length; arg++) {
    for (const c of call.inputs[arg]) if (match(live(c.held))) return { arg, key: c.key };
  }
  return undefined;
}

/** Positions of the elements of a returned list, strings and objects, up to LIST_ITEMS. */
function listIndex(list: unknown[]): Map<unknown, number> {
  const index = new Map<unknown, number>();
  const n = Math.min(list.length, LIST_ITEMS);
  for (let i = 0; i < n; i++) {
    const v = ownValue(list, i);
    if ((typeof v === 'string' || (typeof v === 'object' && v !== null)) && !index.has(v)) index.set(v, i);
  }
  return index;
}

interface Chain {
  item: unknown;
  steps: { call: HeldCall; link: PipelineLink; arg: number | null; key?: string | number }[];
  source?: { call: HeldCall; index: number };
  score: number;
}

function chainFor(item: unknown, calls: readonly HeldCall[], lists: Map<HeldCall, Map<unknown, number>>): Chain {
  const chain: Chain = { item, steps: [], score: 0 };
  const produced: Held[] = [];
  for (const call of calls) {
    const direct = carrying(call, (v) => v === item);
    const after = direct ? undefined : carrying(call, (v) => v !== undefined && produced.some((p) => same(p, v)));
    const hit = direct ?? after;
    // Each callable once, at its first call on the way (a labeller called by the decoder and by the map is one step).
    if (!hit || chain.steps.some((s) => s.call.event.callableId === call.event.callableId)) continue;
    if (!chain.steps.length) {
      // The list the item came from, returned before its first step, and the calls that took that list whole.
      for (const [listCall, index] of lists) {
        const at = index.get(item);
        if (at === undefined || listCall.event.seq >= call.event.seq) continue;
        chain.source = { call: listCall, index: at };
        const list = listCall.list?.deref();
        chain.steps.push({ call: listCall, link: 'source', arg: null });
        for (const other of calls) {
          if (other.event.seq <= listCall.event.seq || other.event.seq >= call.event.seq) continue;
          const whole = carrying(other, (v) => v === list);
          if (whole) chain.steps.push({ call: other, link: 'all-items', arg: whole.arg });
        }
        break;
      }
    }
    chain.steps.push({ call, link: direct ? 'item' : 'previous', arg: hit.arg, key: hit.key });
    produced.push(...call.outputs);
  }
  chain.score = new Set(chain.steps.map((s) => s.call.event.callableId)).size;
  return chain;
}

export interface DerivedSteps {
  item: Preview | null;
  itemIndex: number | null;
  steps: PipelineStep[];
  failedStep: number | null;
}

/** The preview of the member `key` of an argument's preview. */
function memberPreview(preview: Preview | undefined, key: string | number | undefined): Preview | null {
  if (!preview) return null;
  if (key === undefined) return preview;
  if (preview.kind === 'object') return preview.entries.find((e) => e.key === key)?.value ?? null;
  if (preview.kind === 'array' && typeof key === 'number') return preview.items[key] ?? null;
  return null;
}

function toStep(call: HeldCall, link: PipelineLink, arg: number | null): PipelineStep {
  const e = call.event;
  const step: PipelineStep = {
    seq: e.seq, callableId: e.callableId, callable: e.callable, site: e.site, callNumber: e.callNumber, link, arg,
    input: arg === null ? null : e.args[arg] ?? null,
  };
  const param = arg === null ? undefined : parameterOf(e.params ?? [], arg)?.label;
  if (param !== undefined) step.param = param;
  if (e.result !== undefined) step.output = e.result;
  if (e.error !== undefined) step.error = e.error;
  return step;
}

/** The first call that threw, or the innermost call under it that threw too (the error came from there). */
function innermostThrow(calls: readonly HeldCall[]): HeldCall | undefined {
  let failed = calls.find((c) => c.event.error !== undefined);
  for (const c of calls) {
    if (!failed || c.event.seq <= failed.event.seq || c.event.error === undefined) continue;
    if (c.event.time <= failed.event.time + failed.event.durationMs) failed = c;
  }
  return failed;
}

/**
 * The steps the best-followed item went through: among the values the calls were given, the one whose
 * chain of calls (the item itself, then what those calls returned) passes through the most callables,
 * the earliest on a tie; callables recorded only with other items of the same list are shown with their
 * first such call; and the first call that threw, in the chain or after it.
 */
export function deriveSteps(recorded: readonly HeldCall[]): DerivedSteps {
  const calls = [...recorded].sort((a, b) => a.event.seq - b.event.seq);
  const lists = new Map<HeldCall, Map<unknown, number>>();
  for (const call of calls) {
    const list = call.list?.deref();
    if (list && list.length > 0) lists.set(call, listIndex(list));
  }
  const candidates: unknown[] = [];
  for (const call of calls) {
    for (const carried of call.inputs.flat()) {
      const v = live(carried.held);
      if (v === undefined || typeof v === 'function' || candidates.includes(v)) continue;
      if (candidates.length < CANDIDATES) candidates.push(v);
    }
  }
  let best: Chain | undefined;
  for (const item of candidates) {
    const chain = chainFor(item, calls, lists);
    if (!best || chain.score > best.score) best = chain;
  }
  const picked = best?.steps ?? [];
  const inChain = new Set(picked.map((s) => s.call));
  const shown = new Set(picked.map((s) => s.call.event.callableId));
  const extra: { call: HeldCall; link: PipelineLink; arg: number | null }[] = [];
  // Callables recorded only with other elements of the item's list: their first call with one.
  const sourceIndex = best?.source ? lists.get(best.source.call) : undefined;
  if (sourceIndex) {
    for (const call of calls) {
      if (shown.has(call.event.callableId) || call.event.seq <= best!.source!.call.event.seq) continue;
      const hit = carrying(call, (v) => v !== undefined && sourceIndex.has(v));
      if (!hit) continue;
      shown.add(call.event.callableId);
      extra.push({ call, link: 'other-item', arg: hit.arg });
    }
  }
  const failed = innermostThrow(calls);
  if (failed && !inChain.has(failed) && !extra.some((x) => x.call === failed)) extra.push({ call: failed, link: 'failed', arg: null });
  const all = [...picked, ...extra].sort((a, b) => a.call.event.seq - b.call.event.seq).slice(0, MAX_STEPS);
  // A step that threw is never cut off by the bound: it takes the last place.
  if (failed && !all.some((s) => s.call === failed)) all[all.length - 1] = [...picked, ...extra].find((s) => s.call === failed)!;
  const steps = all.map((s) => toStep(s.call, s.link, s.arg));
  const firstItemStep = picked.find((s) => s.link === 'item');
  const failedAt = failed ? all.findIndex((s) => s.call === failed) : -1;
  return {
    item: firstItemStep ? memberPreview(firstItemStep.call.event.args[firstItemStep.arg!], firstItemStep.key) : null,
    itemIndex: best?.source?.index ?? null,
    steps,
    failedStep: failedAt >= 0 ? failedAt : null,
  };
}
