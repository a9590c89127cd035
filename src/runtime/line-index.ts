// Offsets in a source text as lines and columns: for the transform (site positions, source-map
// insertions), the editor's detection of callables, and the shape sites read back from a file's text.

/** Offsets of each line's start in `code`. */
export function lineStarts(code: string): number[] {
  const starts = [0];
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based offset → 1-based line and 0-based column, by a binary search over `starts` (lineStarts). */
export function positionIn(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] };
}

/** 0-based offset → 1-based line and 0-based column in `code`. */
export function lineIndex(code: string): (offset: number) => { line: number; column: number } {
  const starts = lineStarts(code);
  return (offset) => positionIn(starts, offset);
}
