// Recorders that want the live values of recorded calls (not only their previews) listen here; the
// wrapper (wrap.ts) tells them of each recorded call as its event is written. A listener must not
// keep the values alive or call into them: it sees the script's own objects.
import type { CallEvent } from '../protocol/events';

export type RecordedCallListener = (event: CallEvent, args: ArrayLike<unknown>, result: unknown) => void;

const listeners: RecordedCallListener[] = [];

export function onRecordedCall(listener: RecordedCallListener): void {
  listeners.push(listener);
}

/** A recorded call ended: `result` is what it returned (or its promise resolved to); undefined when it threw. */
export function recordedCallEnded(event: CallEvent, args: ArrayLike<unknown>, result: unknown): void {
  for (const listener of listeners) {
    try {
      listener(event, args, result);
    } catch {
      // a recorder never breaks the call
    }
  }
}
