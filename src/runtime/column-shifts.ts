// Where the callable transform inserted text on a plain JavaScript line (transform.ts, the file's table
// `shifts`), so that a column V8 reports in the instrumented code can be told in the user's original
// line: what the shape recorder's engine sites need (recorders/op-sites.ts), in the main thread, for
// files instrumented in either thread (the ESM loader's too: the table comes with the code). The
// registry notes a file's when it first reads its table: at its first wrapped callable, or as it
// registers after its leading declarations, whichever comes first; a wrapped callable runs before
// what follows it on its line, which is all that its insertion moves.

/** Per file, per 1-based line: the insertions' original 0-based columns and lengths, in column order. */
const byFile = new Map<string, Map<number, [column: number, length: number][]>>();

/** The insertions of one instrumented file, `[line, column, length]` (1-based line, 0-based column). */
export function noteColumnShifts(file: string, shifts: readonly (readonly [number, number, number])[] | undefined): void {
  if (!shifts?.length || byFile.has(file)) return;
  const lines = new Map<number, [number, number][]>();
  for (const [line, column, length] of shifts) {
    let list = lines.get(line);
    if (!list) lines.set(line, (list = []));
    list.push([column, length]);
  }
  for (const list of lines.values()) list.sort((a, b) => a[0] - b[0]);
  byFile.set(file, lines);
}

/** Whether the callable transform instrumented `file` (and it has started to run). */
export const hasColumnShifts = (file: string): boolean => byFile.has(file);

/**
 * A 1-based column of the instrumented code, on `line`, in the user's original line; undefined where
 * it falls inside inserted text. Unchanged for a file or a line with no insertions.
 */
export function originalColumn(file: string, line: number, column: number): number | undefined {
  const list = byFile.get(file)?.get(line);
  if (!list) return column;
  const generated = column - 1;
  let moved = 0;
  for (const [at, length] of list) {
    if (generated < at + moved) break;
    if (generated < at + moved + length) return undefined;
    moved += length;
  }
  return generated - moved + 1;
}
