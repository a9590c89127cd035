// Reads a trace file a chunk at a time, never as one string: a long run's trace may be larger than the
// longest string V8 can hold (~512 MiB). What can be read is: a line that is not an event (a trace cut
// mid-line by a crash, a damaged line) is reported and skipped, and reading goes on.
import * as fs from 'node:fs';
import type { TraceEvent } from '../protocol/events';
import { decodeTraceLine, TraceFormatError } from '../protocol/trace-format';
import { LineSplitter } from './event-lines';

export type TraceLine =
  | { kind: 'event'; event: TraceEvent }
  /** `cut`: the last line of the file, without its newline (the writer stopped in the middle of it). */
  | { kind: 'damaged'; line: number; reason: string; cut: boolean };

/**
 * The events of a trace file in order, and its damaged lines. Throws TraceFormatError when the file is
 * not a trace (it does not begin with a `run` event, or is empty), and the file system's error when it
 * cannot be read.
 */
export async function* readTrace(file: string): AsyncGenerator<TraceLine> {
  const queue: TraceLine[] = [];
  let first = true;
  const take = (text: string, line: number, ended: boolean): void => {
    try {
      const event = decodeTraceLine(text, line, first);
      if (!event) return;
      first = false;
      queue.push({ kind: 'event', event });
    } catch (error) {
      if (!(error instanceof TraceFormatError) || first) throw error;
      queue.push({ kind: 'damaged', line, reason: error.message.replace(/^line \d+: /, ''), cut: !ended });
    }
  };
  const splitter = new LineSplitter(take, (line) => {
    if (first) throw new TraceFormatError('a line longer than 16 MiB, not a Trainspect event', line);
    queue.push({ kind: 'damaged', line, reason: 'longer than 16 MiB', cut: false });
  });
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    splitter.write(chunk as Buffer);
    yield* queue.splice(0);
  }
  splitter.end();
  yield* queue.splice(0);
  if (first) throw new TraceFormatError('the trace is empty', 1);
}
