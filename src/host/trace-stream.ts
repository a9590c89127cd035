// A stored trace handed on a chunk at a time, for a panel that shows it as it was live (every event, in
// trace order): the host holds one chunk, never the whole trace. What can be read is handed on; a
// damaged or cut line is skipped and said once, at the end.
import type { TraceEvent } from '../protocol/events';
import { readTrace } from './trace-reader';

/** Events per chunk: 5,000 (~0.7 MB of messages to the webview, 41 of them for 100,000 batches) opened a 100,000-batch trace in 7.1 s, 1,000 in 10.6 s (docs/benchmarks.md). */
export const TRACE_CHUNK_EVENTS = 5000;

export interface StreamedTrace {
  events: number;
  /** The first line that could not be read, and how many more; undefined when every line was read. */
  damaged: string | undefined;
  /** `take` said stop before the trace ended. */
  stopped: boolean;
}

/**
 * Hands `take` the trace's events in order, at most `chunk` at a time, waiting for each; `take`
 * resolving to false stops the stream. Throws when the file cannot be read or is not a trace.
 */
export async function streamTrace(file: string, take: (events: TraceEvent[]) => boolean | Promise<boolean>, chunk = TRACE_CHUNK_EVENTS): Promise<StreamedTrace> {
  let events = 0;
  const problems: string[] = [];
  let pending: TraceEvent[] = [];
  const handOn = async (): Promise<boolean> => {
    const sending = pending;
    pending = [];
    events += sending.length;
    return sending.length === 0 || (await take(sending));
  };
  for await (const line of readTrace(file)) {
    if (line.kind === 'damaged') {
      problems.push(line.cut ? `line ${line.line} is cut off (the run that wrote it stopped mid-line)` : `line ${line.line}: ${line.reason}`);
      continue;
    }
    pending.push(line.event);
    if (pending.length >= chunk && !(await handOn())) return { events, damaged: describe(problems), stopped: true };
  }
  const stopped = !(await handOn());
  return { events, damaged: describe(problems), stopped };
}

const describe = (problems: string[]): string | undefined => (problems.length > 1 ? `${problems[0]} and ${problems.length - 1} more` : problems[0]);
