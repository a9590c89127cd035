// The words of explainError's sentences: tensors as "a float32 [32,784]", lists as "A, B and C".
import type { SourceSite, TensorOperand } from '../protocol/events';

export const shapeText = (shape: readonly (number | null)[]): string => `[${shape.map((d) => (d === null ? 'null' : d)).join(',')}]`;

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** "a float32 [32,784]", "an int32 [2]". */
export const tensorText = (t: TensorOperand): string => `${article(t.dtype)} ${t.dtype} ${shapeText(t.shape)}`;

/** "A", "A and B", "A, B and C". */
export function listText(parts: readonly string[]): string {
  return parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "train.js:12:17": the file's base name, so the sentence stays short (the site carries the path). */
export function siteText(site: SourceSite): string {
  const base = site.file.slice(Math.max(site.file.lastIndexOf('/'), site.file.lastIndexOf('\\')) + 1);
  return `${base}:${site.line}:${site.column}`;
}

/** A shape as TF.js writes it in a message: "32,784" (an empty string for a scalar). */
export const parseShape = (text: string): number[] => (text === '' ? [] : text.split(',').map(Number));

/**
 * Where two shapes fail to broadcast, aligned from their last axes as TF.js aligns them: the axis
 * (negative, -1 the last) and the two sizes, or null when they broadcast.
 */
export function broadcastClash(a: readonly number[], b: readonly number[]): { axis: number; sizes: [number, number] } | null {
  for (let k = 1; k <= Math.min(a.length, b.length); k++) {
    const x = a[a.length - k];
    const y = b[b.length - k];
    if (x !== y && x !== 1 && y !== 1) return { axis: -k, sizes: [x, y] };
  }
  return null;
}

export const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
