// What the post-mortem recorder's main thread (postmortem.ts) and its inspector worker
// (postmortem-worker.ts) share: the worker's start data, the snapshot it keeps, and the helper that the
// worker calls in the paused main thread (postmortem-scope.ts) through Runtime.callFunctionOn.
import type { MessagePort } from 'node:worker_threads';
import type { FrameScope } from '../../protocol/events';

/** The global (a non-enumerable Symbol.for key) under which the main thread keeps its helper for the worker. */
export const HELPER_KEY = 'trainspect.postmortem';

/**
 * Slots of the shared Int32Array: the worker sets ARMED once it pauses on exceptions, REPLY after each
 * answer; PROBE is the main thread's question before a `debugger` statement: PROBE_ASKED from the
 * stack-format guard (postmortem-format.ts), PROBE_EXIT from the exit listener (postmortem.ts); the
 * worker, paused by it, sets PROBE_PAUSED.
 */
export const ARMED = 0;
/** ARMED's value once the main thread has given up waiting for the worker (1: armed, 2: failed). */
export const STOOD_DOWN = 3;
export const REPLY = 1;
export const PROBE = 2;
export const PROBE_ASKED = 1;
export const PROBE_PAUSED = 2;
/** PROBE set to this before a `debugger` statement in the exit listener: the worker snapshots that stack, as EXIT_SNAPSHOT. */
export const PROBE_EXIT = 3;
export const EXIT_SNAPSHOT = -1;
export const SIGNAL_SLOTS = 3;

export interface WorkerStart {
  signals: Int32Array; // [ARMED, REPLY, PROBE]
  port: MessagePort;
  ownDir: string; // Trainspect's runtime folder: its frames are not the user's
  maxFrames: number;
  /** The snapshot gives up past this and resumes the program (the event then says 'partial'). */
  watchdogMs: number;
}

/** A frame as the inspector gave it: a script's URL and 1-based line and column, before source maps. */
export interface RawFrame {
  function: string | null;
  url: string;
  line: number;
  column: number;
  async: boolean;
  scopes: FrameScope[] | null;
}

export interface Snapshot {
  id: number;
  frames: RawFrame[];
  framesOmitted: number;
  partial: boolean;
  note: string | null;
  ms: number;
}

/** Main thread → worker. */
export type Request = { type: 'take'; id: number } | { type: 'close' };
/** Worker → main thread, answering `take`: the snapshot, or null, with why not. */
export interface Answer { snapshot: Snapshot | null; note: string | null }

/** What the worker calls in the paused main thread, never user code. */
export interface Helper {
  /** Gives a thrown value its snapshot id; -1 when it already has one (a rethrow). */
  mark(thrown: unknown, id: number): number;
  /** The id given to the thrown value, or 0. */
  idOf(thrown: unknown): number;
  /** A scope object's variables as previews (at most maxProperties). */
  scope(scopeObject: object): Pick<FrameScope, 'variables' | 'omitted'>;
  /** The async callers awaiting the paused code (V8's async frames of the stack it is called on). */
  asyncCallers(): RawFrame[];
}
