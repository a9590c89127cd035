// Splits a byte stream of JSON Lines (the event pipe, a trace file) into lines. A line may arrive
// across many chunks, and a UTF-8 character across two; a line longer than the limit is dropped rather
// than held in memory. Lines are numbered from 1, blank ones counted but not delivered.
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private overlong = false;
  private lineNumber = 1; // of the line being read

  /** `onLine(line, number, ended)`: `ended` is false only for a last line without its newline. */
  constructor(
    private readonly onLine: (line: string, lineNumber: number, ended: boolean) => void,
    private readonly onOverlong: (lineNumber: number) => void,
    private readonly maxLineLength = 16 * 1024 * 1024,
  ) {}

  write(chunk: Buffer): void {
    this.take(this.decoder.write(chunk));
  }

  /** The stream ended: a last line without its newline still counts. */
  end(): void {
    this.take(this.decoder.end());
    const last = this.partial;
    this.partial = '';
    if (this.overlong) this.onOverlong(this.lineNumber);
    else if (last.trim()) this.onLine(last, this.lineNumber, false);
    this.overlong = false;
  }

  private take(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = this.partial + text.slice(start, nl);
      this.partial = '';
      start = nl + 1;
      const number = this.lineNumber++;
      if (this.overlong) {
        this.overlong = false;
        this.onOverlong(number);
      } else if (line.trim()) {
        this.onLine(line, number, true);
      }
    }
    if (this.overlong) return;
    this.partial += text.slice(start);
    if (this.partial.length > this.maxLineLength) {
      this.overlong = true;
      this.partial = '';
    }
  }
}
