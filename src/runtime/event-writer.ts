// Writes events to the event pipe, one JSON line each, synchronously so that nothing is lost when
// the process dies. Never throws into the user's code: a broken pipe just ends the writing.
import * as fs from 'node:fs';
import type { TraceEvent } from '../protocol/events';
import { encodeEvent } from '../protocol/trace-format';

let fd: number | undefined;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Starts writing to `eventFd`; without a call, events are dropped. */
export function openEventPipe(eventFd: number): void {
  fd = eventFd;
}

export function emit(event: TraceEvent): void {
  if (fd === undefined) return;
  let buffer: Buffer;
  try {
    buffer = Buffer.from(encodeEvent(event), 'utf8');
  } catch {
    return; // not serialisable: previews are plain data, so this is a bug of ours, not the user's
  }
  let offset = 0;
  let waits = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
    } catch (error) {
      // The descriptor Node's spawn gives the child is blocking: a full pipe makes the write wait for
      // the host to read, and nothing is dropped. Only a non-blocking one (EAGAIN) gets here: wait for
      // the host, up to ~10 s in all, then stop writing.
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN' && waits++ < 10_000) {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      fd = undefined;
      return;
    }
  }
}
