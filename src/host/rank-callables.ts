// Which callables the editor offers and in what order: the one the cursor is in first, then by tier
// (pipeline-level, other top-level, entry functions, inner locals — see CallableTier), and within a
// tier splitter-like names, then label/getter-like names, then the rest, each group in source order.
import type { CallableTier } from './detect-callables';

/** What ranking needs of a detected callable. `endLine` (1-based, inclusive) is used when known. */
export interface RankableCallable {
  name: string;
  line: number; // 1-based
  column: number;
  endLine?: number;
  tier?: CallableTier; // undefined: pipeline
}

/** 1-based; where VS Code puts the cursor of a file just opened (1:1) counts as no cursor. */
export interface Cursor {
  line: number;
  column: number;
}

const SPLITTER = /split/i;
/** Labellers and item getters: getLabel, labeller, get_items, getItems, labelGetter. */
const LABEL_OR_GETTER = /label|getter|^get(?:[A-Z_]|$)/;
const isLabelOrGetter = (name: string): boolean => LABEL_OR_GETTER.test(name) || /label/i.test(name);

const TIER_ORDER: Record<CallableTier, number> = { pipeline: 0, 'top-level': 1, entry: 2, inner: 3 };
const tier = (c: RankableCallable): CallableTier => c.tier ?? 'pipeline';
/** Offered without asking for all: pipeline-level and other top-level callables. */
const listedByDefault = (c: RankableCallable): boolean => TIER_ORDER[tier(c)] <= TIER_ORDER['top-level'];


/**
 * The callable the cursor (1-based line) is in: the innermost one whose range contains it. Without
 * end lines, the nearest callable starting at or above the cursor stands in for "the one it is in".
 * An entry function (`main`) is never it: its body holds the whole script.
 */
export function callableAtCursor<T extends RankableCallable>(list: readonly T[], cursorLine: number): T | undefined {
  let best: T | undefined;
  for (const c of list) {
    if (c.line > cursorLine || tier(c) === 'entry') continue;
    if (c.endLine !== undefined && c.endLine < cursorLine) continue;
    if (!best || c.line > best.line || (c.line === best.line && c.column > best.column)) best = c;
  }
  return best;
}

function atCursorOf<T extends RankableCallable>(list: readonly T[], cursor: Cursor | undefined): T | undefined {
  const fresh = cursor === undefined || (cursor.line === 1 && cursor.column === 1);
  return fresh ? undefined : callableAtCursor(list, cursor.line);
}

function group(c: RankableCallable): number {
  if (SPLITTER.test(c.name)) return 1;
  if (isLabelOrGetter(c.name)) return 2;
  return 3;
}

const bySource = (a: RankableCallable, b: RankableCallable): number => a.line - b.line || a.column - b.column;

/** Every callable, as a new array in quick-pick order. */
export function rankCallables<T extends RankableCallable>(list: readonly T[], cursor?: Cursor): T[] {
  const atCursor = atCursorOf(list, cursor);
  const rest = list.filter((c) => c !== atCursor);
  rest.sort((a, b) => TIER_ORDER[tier(a)] - TIER_ORDER[tier(b)] || group(a) - group(b) || bySource(a, b));
  return atCursor ? [atCursor, ...rest] : rest;
}

/**
 * The quick pick's list, in order: the one at the cursor (pointing at an inner local asks for it), the
 * pipeline-level callables, the other top-level ones; with `all`, entry functions and inner locals too.
 */
export function offeredCallables<T extends RankableCallable>(list: readonly T[], cursor: Cursor | undefined, all: boolean): T[] {
  const atCursor = atCursorOf(list, cursor);
  return rankCallables(list, cursor).filter((c) => all || c === atCursor || listedByDefault(c));
}

/**
 * The callables that get CodeLenses, in source order: the pipeline-level ones, or in a file that has
 * none (a script of plain functions) its other top-level ones; with `all`, every one.
 */
export function lensCallables<T extends RankableCallable>(list: readonly T[], all: boolean): T[] {
  if (all) return [...list];
  const pipeline = list.filter((c) => tier(c) === 'pipeline');
  return pipeline.length ? pipeline : list.filter((c) => tier(c) === 'top-level');
}
