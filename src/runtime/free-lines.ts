// Lines where no error can be thrown and no stack frame can point: Node's print-out of an uncaught
// error shows the compiled line of the throw, so the transform's insertions go on such lines where it
// has the choice, and the user's own lines stay as they were.

/** A comment's range in the code (acorn's onComment). */
export interface CommentRange {
  start: number;
  end: number;
}

/** Text that only closes or separates (`});`, `],`): V8 puts no position on it. */
const CLOSERS = /^[\s})\];,]*$/;

export interface FreeLines {
  /** Whether the line holding `offset` has, outside comments, nothing but blanks and closers. */
  isFree(offset: number): boolean;
  /** Where a free line lies whole within `from..to` (code between statements), at its start; else undefined. */
  freeLineWithin(from: number, to: number): number | undefined;
  /** The offset where the line holding `offset` starts, and where its newline is. */
  lineOf(offset: number): { start: number; end: number };
}

export function freeLines(code: string, comments: readonly CommentRange[]): FreeLines {
  const inBlockComment = (at: number): boolean => comments.some((c) => c.start < at && at < c.end);
  const lineOf = (offset: number): { start: number; end: number } => {
    const start = code.lastIndexOf('\n', offset - 1) + 1;
    const nl = code.indexOf('\n', offset);
    return { start, end: nl < 0 ? code.length : nl };
  };
  const codeOf = (start: number, end: number): string => {
    let text = '';
    let at = start;
    for (const c of comments) {
      if (c.end <= start || c.start >= end) continue;
      if (c.start > at) text += code.slice(at, c.start);
      at = Math.max(at, c.end);
    }
    return at < end ? text + code.slice(at, end) : text;
  };
  return {
    lineOf,
    isFree(offset) {
      const { start, end } = lineOf(offset);
      return CLOSERS.test(codeOf(start, end));
    },
    freeLineWithin(from, to) {
      for (let start = code.indexOf('\n', from) + 1; start > 0 && start < to; start = code.indexOf('\n', start) + 1) {
        const nl = code.indexOf('\n', start);
        if ((nl < 0 ? code.length : nl) > to) return undefined;
        if (!inBlockComment(start)) return start;
      }
      return undefined;
    },
  };
}
