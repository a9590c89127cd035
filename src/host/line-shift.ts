// Where a line of a file is after edits: lines inserted or removed above it move it; an edit that
// touches the line itself makes it unknown (its text is not what ran). Fed an editor's content changes
// in the order they were made (0-based positions, each in the text as it was before that change);
// each line asked about is carried through only the changes made since it was last asked.

/** One replacement of the text between two positions (0-based lines and characters) by `text`. */
export interface TextChange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

interface Change {
  startLine: number;
  endLine: number;
  /** The change starts and ends at the start of a line and its text is whole lines: it moves the line it ends on, not edits it. */
  wholeLines: boolean;
  newlines: number;
}

const newlinesIn = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

export class LineShift {
  private readonly changes: Change[] = [];
  private readonly lines = new Map<number, { now: number | null; through: number }>();

  record(change: TextChange): void {
    this.changes.push({
      startLine: change.startLine,
      endLine: change.endLine,
      wholeLines: change.startCharacter === 0 && change.endCharacter === 0 && (change.text === '' || change.text.endsWith('\n')),
      newlines: newlinesIn(change.text),
    });
  }

  /** Whether any change was recorded. */
  get edited(): boolean {
    return this.changes.length > 0;
  }

  /** Where 0-based `line` of the text before the first change is now; null when a change touched it. */
  lineNow(line: number): number | null {
    const known = this.lines.get(line) ?? { now: line, through: 0 };
    let now = known.now;
    for (let i = known.through; i < this.changes.length && now !== null; i++) now = shifted(this.changes[i], now);
    this.lines.set(line, { now, through: this.changes.length });
    return now;
  }
}

function shifted(change: Change, line: number): number | null {
  if (line < change.startLine) return line;
  if (line > change.endLine) return line + change.newlines - (change.endLine - change.startLine);
  if (line === change.endLine && change.wholeLines) return change.startLine + change.newlines;
  return null;
}
