// Where `trainspect run` writes: the script's bytes to our stdout and stderr unchanged, Trainspect's own
// lines to stderr. Two promises live here:
// - a reader that goes away (`| head -1`) is passed on to the script (its pipe is closed, so it sees
//   EPIPE as under plain node) and never kills Trainspect with an EPIPE of its own;
// - Trainspect's lines always begin a line: when what was last written to the place stderr goes to
//   (stdout's bytes too when both go to the same pipe, file or terminal, as with `2>&1`) ends mid-line,
//   a line break comes first, so a report is never glued to a line of the script's.
import * as fs from 'node:fs';

type StreamName = 'stdout' | 'stderr';

export class OutputSink {
  private readonly broken = { stdout: false, stderr: false };
  private readonly endsLine = { stdout: true, stderr: true }; // of what went to each destination last
  private readonly shared: boolean;

  /** `onGone(stream)`: the reader of our stdout or stderr has gone. */
  constructor(
    private readonly onGone: (stream: StreamName) => void,
    private readonly streams: Record<StreamName, NodeJS.WritableStream> = { stdout: process.stdout, stderr: process.stderr },
    fds: Record<StreamName, number> = { stdout: 1, stderr: 2 },
  ) {
    this.shared = sameFile(fds.stdout, fds.stderr);
    for (const name of ['stdout', 'stderr'] as const) {
      this.streams[name].on('error', () => this.gone(name));
    }
  }

  /** Bytes the script wrote to its `stream`. */
  script(stream: StreamName, chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.write(stream, chunk);
    this.wrote(stream, chunk[chunk.length - 1] === 0x0a);
  }

  /** Trainspect's own lines (each ending in a newline), on stderr, beginning a line. */
  own(text: string): void {
    if (!text) return;
    this.write('stderr', this.endsLine.stderr ? text : `\n${text}`);
    this.wrote('stderr', text.endsWith('\n'));
  }

  private write(stream: StreamName, data: Buffer | string): void {
    if (this.broken[stream]) return;
    this.streams[stream].write(data);
  }

  private wrote(stream: StreamName, endsLine: boolean): void {
    this.endsLine[stream] = endsLine;
    if (this.shared) this.endsLine[stream === 'stdout' ? 'stderr' : 'stdout'] = endsLine;
  }

  private gone(stream: StreamName): void {
    if (this.broken[stream]) return;
    this.broken[stream] = true;
    this.onGone(stream);
  }
}

/** Whether two descriptors lead to the same pipe, file or terminal. */
function sameFile(a: number, b: number): boolean {
  try {
    const [x, y] = [fs.fstatSync(a), fs.fstatSync(b)];
    return x.dev === y.dev && x.ino === y.ino && x.rdev === y.rdev;
  } catch {
    return false;
  }
}
