// Offsets in a source text as lines and columns: for the transform (site positions, source-map
// insertions) and for the editor's detection of callables.

/** 0-based offset → 1-based line and 0-based column in `code` (a binary search over line starts). */
export function lineIndex(code: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] };
  };
}
