// Reading one trace for the run library: its summary (the whole trace streamed once, through the run
// model) and whether a file is a Trainspect trace at all (its first line only). Opening one streams it:
// trace-stream.ts.
import * as fs from 'node:fs';
import type { RunEvent } from '../protocol/events';
import { applyEvent, createRunModel } from '../protocol/run-model';
import { liveSummary, runSummary, type RunSummary } from '../protocol/run-summary';
import { decodeTraceLine } from '../protocol/trace-format';
import { readTrace } from './trace-reader';

/** What a trace file is: its summary, and why it is damaged (not a trace, cut mid-line, unreadable) when it is. */
export interface TraceFacts {
  summary: RunSummary | undefined;
  damaged: string | undefined;
}

/** Streams the whole trace once (bounded memory: the run model keeps what it keeps). Never throws. */
export async function readTraceFacts(file: string): Promise<TraceFacts> {
  const model = createRunModel({ status: 'finished' });
  let lastTime = 0;
  const problems: string[] = [];
  try {
    for await (const line of readTrace(file)) {
      if (line.kind === 'damaged') {
        problems.push(line.cut ? `cut off in line ${line.line} (the run that wrote it stopped mid-line)` : `line ${line.line} is damaged: ${line.reason}`);
        continue;
      }
      applyEvent(model, line.event);
      if (line.event.time > lastTime) lastTime = line.event.time;
    }
  } catch (error) {
    return { summary: runSummary(model, lastTime), damaged: describeError(error) };
  }
  const damaged = problems.length > 1 ? `${problems[0]} and ${problems.length - 1} more` : problems[0];
  return { summary: runSummary(model, lastTime), damaged };
}

/** The file's first line when it is a Trainspect `run` event (reads at most its first 64 KiB). */
export async function firstRunEvent(file: string): Promise<RunEvent | undefined> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    const end = text.indexOf('\n');
    const event = end < 0 ? undefined : decodeTraceLine(text.slice(0, end), 1, true);
    return event?.type === 'run' ? event : undefined;
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

/** A trace a run is writing now: what its run event says (the rest is read once it has ended). */
export async function liveTraceFacts(file: string): Promise<TraceFacts> {
  const run = await firstRunEvent(file);
  return { summary: run && liveSummary(run), damaged: undefined };
}

function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.name === 'TraceFormatError') return `not a Trainspect trace (${e.message})`;
  return `unreadable (${e?.message ?? String(error)})`;
}
