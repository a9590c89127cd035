// Splits the event pipe's byte stream into lines. A line may arrive across many chunks, and a UTF-8
// character across two; a line longer than the limit is dropped rather than held in memory.
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private overlong = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: () => void,
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
    if (this.overlong) this.onOverlong();
    else if (last.trim()) this.onLine(last);
    this.overlong = false;
  }

  private take(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = this.partial + text.slice(start, nl);
      this.partial = '';
      start = nl + 1;
      if (this.overlong) {
        this.overlong = false;
        this.onOverlong();
      } else if (line.trim()) {
        this.onLine(line);
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
