// What the post-mortem recorder (postmortem.ts) and its inspector (postmortem-inspector.ts) share: the
// snapshot it keeps, and the helper (postmortem-scope.ts) that holds the paused program's values for it.
import type { FrameScope } from '../../protocol/events';

/** The global (a non-enumerable Symbol.for key) under which the recorder keeps its helper, for Runtime.evaluate to find. */
export const HELPER_KEY = 'trainspect.postmortem';

/** The id of the snapshot the exit listener's `debugger` statement has taken (postmortem.ts). */
export const EXIT_SNAPSHOT = -1;

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

/** The inspector's answer to `take`: the snapshot, or null, with why not. */
export interface Answer { snapshot: Snapshot | null; note: string | null }

/** What the inspector calls while the program is paused, never user code. */
export interface Helper {
  /** Keeps one value of the paused program (called through Runtime.callFunctionOn), for held() to give. */
  hold(value: unknown): void;
  held(): unknown;
  /** Gives a thrown value its snapshot id; -1 when it already has one (a rethrow). */
  mark(thrown: unknown, id: number): number;
  /** The id given to the thrown value, or 0. */
  idOf(thrown: unknown): number;
  /** A scope object's variables as previews (at most maxProperties). */
  scope(scopeObject: object): Pick<FrameScope, 'variables' | 'omitted'>;
  /** The async callers awaiting the paused code (V8's async frames of the stack it is called on). */
  asyncCallers(): RawFrame[];
}
