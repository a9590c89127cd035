// Writes events to the event pipe, one JSON line each, synchronously so that nothing is lost when
// the process dies. Never throws into the user's code: a broken pipe just ends the writing.
// Every event is at most MAX_EVENT_BYTES (event-size.ts), and all the events of a run together at most
// the trace budget. Two streams can be large and stop on their own, each with one `trace-full` notice:
// calls stop once one no longer fits under the budget less a quarter (kept for training and the end of
// the run, so a run that records big calls early still gets its curves), and per-batch training events
// (`batch`, `memory`, a custom loop's `step`) stop once one no longer fits under the budget less RESERVE_BYTES (kept for the
// events that end a run, and epochs). Everything else is small and bounded and may use the whole budget.
// The byte count lives in shared memory, so that the ESM loader thread's events count against it too.
import * as fs from 'node:fs';
import type { TraceEvent } from '../protocol/events';
import { DEFAULT_MAX_TRACE_BYTES, MIN_MAX_TRACE_BYTES } from '../protocol/runtime-config';
import { now } from './clock';
import { encodeWithin, MAX_EVENT_BYTES } from './event-size';

/** Kept free for what follows the last call (uncaught, limit, notices): they are small and bounded. */
export const RESERVE_BYTES = 64 * 1024;

/** The budget shared by the threads of the traced process: [bytes written, calls stopped, batches stopped]. */
export interface TraceBudget {
  maxBytes: number;
  counter: SharedArrayBuffer;
}

export function createTraceBudget(maxBytes = DEFAULT_MAX_TRACE_BYTES): TraceBudget {
  return { maxBytes: Math.max(MIN_MAX_TRACE_BYTES, Math.floor(maxBytes)), counter: new SharedArrayBuffer(24) };
}

let fd: number | undefined;
let budget = createTraceBudget();
let counter = new BigInt64Array(budget.counter);
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Starts writing to `eventFd`; without a call, or with a negative one (no pipe), events are dropped. */
export function openEventPipe(eventFd: number, traceBudget: TraceBudget = createTraceBudget()): void {
  fd = eventFd >= 0 ? eventFd : undefined;
  budget = traceBudget;
  counter = new BigInt64Array(traceBudget.counter);
}

const CALLS = 1;
const BATCHES = 2;

/** Whether calls are still recorded: false once the trace reached its budget for them. */
export function recording(): boolean {
  return Atomics.load(counter, CALLS) === 0n;
}

/** The bytes a stream may fill the trace up to. */
function streamLimit(stream: typeof CALLS | typeof BATCHES): number {
  return stream === CALLS ? budget.maxBytes - Math.max(RESERVE_BYTES, Math.floor(budget.maxBytes / 4)) : budget.maxBytes - RESERVE_BYTES;
}

/** Takes `size` bytes of the budget if they fit under `limit`. */
function reserve(size: number, limit: number): boolean {
  const before = Number(Atomics.add(counter, 0, BigInt(size)));
  if (before + size <= limit) return true;
  Atomics.sub(counter, 0, BigInt(size));
  return false;
}

function stopStream(stream: typeof CALLS | typeof BATCHES, event: TraceEvent): void {
  if (Atomics.compareExchange(counter, stream, 0n, 1n) !== 0n) return;
  const mib = (budget.maxBytes / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 2 });
  const what = event.type === 'batch' || event.type === 'memory'
    ? `per-batch events from epoch ${event.epoch + 1}, batch ${event.batch + 1} on are not recorded (epochs still are)`
    : event.type === 'step'
      ? `per-batch events from step ${event.step + 1} of a custom loop (${event.loop}) on are not recorded`
      : 'later calls are not recorded';
  const message = `The trace reached its size limit (${mib} MiB), so ${what}; the script runs on as before. Raise the limit with --max-trace-bytes or the trainspect.trace.maxBytes setting.`;
  emit({ type: 'notice', level: 'warning', code: 'trace-full', message, time: now() });
}

/** The stream an event belongs to, when it is one that stops by itself. */
function streamOf(event: TraceEvent): typeof CALLS | typeof BATCHES | undefined {
  if (event.type === 'call') return CALLS;
  if (event.type === 'batch' || event.type === 'memory' || event.type === 'step') return BATCHES;
  return undefined;
}

const observers: ((event: TraceEvent) => void)[] = [];

/** Calls `observer` with each event this thread emits once it has been written (or dropped), e.g. for a recorder that reads another's events. */
export function observeEmitted(observer: (event: TraceEvent) => void): void {
  observers.push(observer);
}

/** Writes one event; false when it was not written (no pipe, over the budget, a broken pipe). */
export function emit(event: TraceEvent): boolean {
  const written = write(event);
  for (const observer of observers) {
    try {
      observer(event);
    } catch {
      // an observer never breaks emitting
    }
  }
  return written;
}

function write(event: TraceEvent): boolean {
  if (fd === undefined) return false;
  let buffer: Buffer;
  try {
    const line = encodeWithin(event, MAX_EVENT_BYTES);
    if (line === undefined) return false;
    buffer = Buffer.from(line, 'utf8');
  } catch {
    return false; // not serialisable: previews are plain data, so this is a bug of ours, not the user's
  }
  const stream = streamOf(event);
  if (stream !== undefined) {
    if (Atomics.load(counter, stream) !== 0n || !reserve(buffer.length, streamLimit(stream))) {
      stopStream(stream, event);
      return false;
    }
  } else if (!reserve(buffer.length, budget.maxBytes)) {
    return false;
  }
  return writeBytes(buffer);
}

function writeBytes(buffer: Buffer): boolean {
  let offset = 0;
  let waits = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(fd!, buffer, offset, buffer.length - offset);
    } catch (error) {
      // The descriptor Node's spawn gives the child is blocking: a full pipe makes the write wait for
      // the host to read, and nothing is dropped. Only a non-blocking one (EAGAIN) gets here: wait for
      // the host, up to ~10 s in all, then stop writing.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN' && waits++ < 10_000) {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      fd = undefined;
      return false;
    }
  }
  return true;
}
