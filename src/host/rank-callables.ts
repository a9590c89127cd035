// The order of callables in the quick pick: the one the cursor is in first, then splitter-like
// names, then label/getter-like names, then the rest, each group in source order.

/** What ranking needs of a detected callable. `endLine` (1-based, inclusive) is used when known. */
export interface RankableCallable {
  name: string;
  line: number; // 1-based
  column: number;
  endLine?: number;
}

const SPLITTER = /split/i;
/** Labellers and item getters: getLabel, labeller, get_items, getItems, labelGetter. */
const LABEL_OR_GETTER = /label|getter|^get(?:[A-Z_]|$)/;
const isLabelOrGetter = (name: string): boolean => LABEL_OR_GETTER.test(name) || /label/i.test(name);

/**
 * The callable the cursor (1-based line) is in: the innermost one whose range contains it. Without
 * end lines, the nearest callable starting at or above the cursor stands in for "the one it is in".
 */
export function callableAtCursor<T extends RankableCallable>(list: readonly T[], cursorLine: number): T | undefined {
  let best: T | undefined;
  for (const c of list) {
    if (c.line > cursorLine) continue;
    if (c.endLine !== undefined && c.endLine < cursorLine) continue;
    if (!best || c.line > best.line || (c.line === best.line && c.column > best.column)) best = c;
  }
  return best;
}

function group(c: RankableCallable): number {
  if (SPLITTER.test(c.name)) return 1;
  if (isLabelOrGetter(c.name)) return 2;
  return 3;
}

const bySource = (a: RankableCallable, b: RankableCallable): number => a.line - b.line || a.column - b.column;

/** A new array in quick-pick order; `cursorLine` is 1-based (undefined: no cursor). */
export function rankCallables<T extends RankableCallable>(list: readonly T[], cursorLine?: number): T[] {
  const atCursor = cursorLine === undefined ? undefined : callableAtCursor(list, cursorLine);
  const rest = list.filter((c) => c !== atCursor);
  rest.sort((a, b) => group(a) - group(b) || bySource(a, b));
  return atCursor ? [atCursor, ...rest] : rest;
}
