// Break mode (Break in Callable): when the recorder records the chosen call of the traced callable,
// arm the check that break-prologue.ts put at the top of every user function; the callee's own check
// then disarms and makes its `debugger` statement stop there: inside the callable's body, its
// arguments in scope. Two ways in, as the recorder has two:
// - the traced function's own probe recorded the call (inline-probe.ts), and its body runs next: the
//   check that stops is the one in that same function (the frame that called the probe);
// - a recording Proxy is about to call the callee: the check that stops is the first one whose
//   function is called straight from Trainspect's runtime (so not a default parameter's helper). A
//   callee without a check of its own (a library's, bound or native function, a class, a generator,
//   whose body runs later) stops here instead, just before the call: Step Into goes into it.
import { types } from 'node:util';
import * as path from 'node:path';
import { BREAK_CHECK } from './break-check';
import type { SiteState } from './registry';

export interface BreakRequest {
  /** Which call of the traced callable stops (1 = the first). */
  callNumber: number;
}

/** What the recorder calls for each recorded call. */
export interface BreakOnCall {
  /** A traced function's probe (`probe`, which it called) recorded call `callNumber`; its body runs next. */
  entering(state: SiteState, callNumber: number, probe: Function): void;
  /** The recorder is about to call `callee` with `args` itself. */
  calling(state: SiteState, callNumber: number, callee: Function, args: ArrayLike<unknown>): void;
}

type Frames = NodeJS.CallSite[];

const functionToString = Function.prototype.toString;

/** Whether the callee's body starts with the check: a plain function or method of a user file. */
function hasCheck(callee: Function): boolean {
  if (types.isGeneratorFunction(callee)) return false; // async generators too
  try {
    const source = Reflect.apply(functionToString, callee, []) as string;
    return !source.startsWith('class') && source.includes(BREAK_CHECK);
  } catch {
    return false;
  }
}

/** The stack below `from` (excluded), as call sites: [0] is the function that called `from`. */
function framesBelow(from: Function, limit: number): Frames {
  const { stackTraceLimit, prepareStackTrace } = Error;
  const holder: { stack?: Frames } = {};
  try {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = (_, sites) => sites;
    Error.captureStackTrace(holder, from);
    return Array.isArray(holder.stack) ? holder.stack : [];
  } catch {
    return [];
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
}

/** Which function a frame runs: its file and where that function starts. */
const functionOf = (site: NodeJS.CallSite | undefined): string | undefined =>
  site && `${site.getFileName()}:${site.getEnclosingLineNumber()}:${site.getEnclosingColumnNumber()}`;

/**
 * Stops here when the callee has no check of its own. `callee` and `args` are what the debugger
 * shows; Step Into enters the call.
 */
function pauseBeforeCall(callee: Function, args: ArrayLike<unknown>): void {
  void callee;
  void args;
  debugger; // eslint-disable-line no-debugger
}

/** Defines the global the checks call and returns the recorder's hooks. `ownDir`: the runtime's folder. */
export function installBreakOnCall(request: BreakRequest, ownDir: string): BreakOnCall {
  /** Whether the check running in the function of frames[0] is the one to stop at; undefined: none armed. */
  let armed: ((frames: Frames) => boolean) | undefined;
  const ours = (file: string | null | undefined): boolean => !!file && file.startsWith(ownDir + path.sep);
  function breakIn(): boolean {
    if (!armed || !armed(framesBelow(breakIn, 4))) return false;
    armed = undefined;
    return true;
  }
  Object.defineProperty(globalThis, BREAK_CHECK, { value: breakIn, enumerable: false, configurable: true });

  const arm = (expect: (frames: Frames) => boolean): void => {
    armed = expect;
    // The call runs to its first await before any microtask: a check that did not run by then never
    // will for this call.
    queueMicrotask(() => {
      if (armed === expect) armed = undefined;
    });
  };
  const chosen = (state: SiteState, callNumber: number): boolean => state.traced && callNumber === request.callNumber;

  return {
    entering(state, callNumber, probe) {
      if (!chosen(state, callNumber)) return;
      const callee = functionOf(framesBelow(probe, 1)[0]);
      if (callee) arm((frames) => functionOf(frames[0]) === callee);
    },
    calling(state, callNumber, callee, args) {
      if (!chosen(state, callNumber)) return;
      if (!hasCheck(callee)) return pauseBeforeCall(callee, args);
      // Builtins in between (Array.prototype.map) have no file: the caller is the first frame with one.
      arm((frames) => ours(frames.slice(1).map((site) => site.getFileName()).find((file) => !!file)));
    },
  };
}
