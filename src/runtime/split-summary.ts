// What a splitter's result means when it returns index arrays into the items it was given
// (fastai's `splitter(items) → [trainIdx, validIdx]`): the size of each part, and whether the parts
// overlap or leave items out. Counted here over the whole arrays, since the previews hold only the
// first few indices. Reads only plain arrays' and typed arrays' elements (never a Proxy or a getter).
import { types } from 'node:util';
import type { SplitSummary } from '../protocol/events';

/** Beyond this many items the split is not counted (the counting array would be too big). */
const MAX_ITEMS = 10_000_000;

const isIndexArray = (v: unknown): v is ArrayLike<unknown> =>
  (Array.isArray(v) && !types.isProxy(v)) || (types.isTypedArray(v) && !types.isBigInt64Array(v) && !types.isBigUint64Array(v));

/** The summary of `result` as a split of `args[0]`, or undefined when it is not index arrays. */
export function splitSummary(args: readonly unknown[], result: unknown): SplitSummary | undefined {
  try {
    const items = args[0];
    if (!(Array.isArray(items) || types.isTypedArray(items)) || types.isProxy(items)) return undefined;
    if (!Array.isArray(result) || types.isProxy(result) || result.length < 2 || result.length > 16) return undefined;
    const n = (items as ArrayLike<unknown>).length;
    if (n === 0 || n > MAX_ITEMS) return undefined;
    const parts: ArrayLike<unknown>[] = [];
    for (let p = 0; p < result.length; p++) {
      const desc = Object.getOwnPropertyDescriptor(result, p);
      if (!desc || !('value' in desc) || !isIndexArray(desc.value)) return undefined;
      parts.push(desc.value);
    }
    const seen = new Uint8Array(n); // how many parts hold each item: 0, 1, or 2 for more
    let overlap = 0;
    let outOfRange = 0;
    for (const part of parts) {
      const own = Array.isArray(part) ? part : undefined;
      for (let i = 0; i < part.length; i++) {
        let v: unknown;
        if (own) {
          const desc = Object.getOwnPropertyDescriptor(own, i);
          if (desc && !('value' in desc)) return undefined; // a getter: not read
          v = desc?.value;
        } else v = part[i];
        if (typeof v !== 'number' || !Number.isInteger(v)) return undefined; // not an index array
        if (v < 0 || v >= n) outOfRange++;
        else if (seen[v] < 2 && ++seen[v] === 2) overlap++;
      }
    }
    let missing = 0;
    for (let i = 0; i < n; i++) if (seen[i] === 0) missing++;
    return { items: n, sizes: parts.map((p) => p.length), overlap, missing, outOfRange };
  } catch {
    return undefined;
  }
}
