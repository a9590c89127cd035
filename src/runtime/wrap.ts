// The wrapper the transformed code calls at every callable site. Sites that are not targets, and
// values that are not functions, come back unchanged. A traced function comes back as a Proxy that
// records its first maxCalls calls (arguments before the call, result or error after, duration,
// caller's stack) and afterwards only counts; `name`, `length`, `this` and `new` behave as before.
import { types } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { CallEvent, ParamInfo, StackFrame } from '../protocol/events';
import type { Preview, PreviewLimits } from '../protocol/preview';
import { emit, recording } from './event-writer';
import { now } from './clock';
import { previewValue } from './preview';
import { paramsOf } from './params';
import type { SplitLabels } from './split-labels';
import { splitSummary } from './split-summary';
import { callerStack } from './stack';
import type { Registry, SiteState, SitesFn } from './registry';
import type { LimitWatch } from './limit';
import { PROBE_MARK } from './inline-probe';
import type { BreakOnCall } from './break-on-call';
import { recordedCallEnded } from './call-observers';

export interface WrapOptions {
  maxCalls: number;
  limits: PreviewLimits;
  registry: Registry;
  limit: LimitWatch;
  /** Break in Callable only. */
  breakOnCall?: BreakOnCall;
  /** Label counts per part of a split (split-labels.ts). */
  splitLabels?: SplitLabels;
}

const { defineProperty, getOwnPropertyDescriptor } = Object;
const promiseThen = Promise.prototype.then;
const CAUGHT: Preview = { kind: 'unreadable', message: 'thrown, and caught by the script (the value is not captured)' };

export function createWrapper(options: WrapOptions): {
  wrap: (sites: SitesFn, index: number, value: unknown) => unknown;
  wrapMethod: (sites: SitesFn, index: number, object: unknown) => unknown;
  failThrown: (error: unknown) => void;
  fileOf: (sites: SitesFn) => unknown;
} {
  const { maxCalls, limits, registry, limit, breakOnCall, splitLabels } = options;
  let seq = 0;

  /** Gives an anonymous function the name the engine would have inferred had it not been wrapped. */
  function inferName(fn: Function, state: SiteState): void {
    if (!state.info.inferName) return;
    const desc = getOwnPropertyDescriptor(fn, 'name');
    if (desc && 'value' in desc && desc.value === '' && desc.configurable) defineProperty(fn, 'name', { ...desc, value: state.name });
  }

  /** A recorded call that has not returned (or settled) yet: when it started, and whether it threw. */
  interface Pending {
    started: number;
    state: SiteState;
    threw?: true;
    /** A sync call its own body records: while in flight it either runs still or threw (see RecordedCall). */
    sync?: true;
    args: ArrayLike<unknown>; // what it received: whether its result splits the first one is counted over it
    value?: unknown; // what it returned, for the recorders that follow values (call-observers.ts)
  }
  const inFlight = new Map<CallEvent, Pending>();
  const elapsed = (started: number): number => Math.round((performance.now() - started) * 1000) / 1000;

  function finish(event: CallEvent, pending: Pending): void {
    inFlight.delete(event);
    if (!pending.threw) event.durationMs = elapsed(pending.started);
    emit(event);
    recordedCallEnded(event, pending.args, pending.value);
    pending.state.completed++;
    limit.afterCall();
  }

  /**
   * The call threw, and the error goes on up untouched (never caught and rethrown: a rethrow would
   * move the source line Node prints for an uncaught error to ours). Its value is not seen here: if
   * the error proves fatal, failThrown() gives it to the call; otherwise the script caught it, which
   * is known once the current job is over.
   */
  function threw(event: CallEvent, pending: Pending): void {
    event.durationMs = elapsed(pending.started);
    pending.threw = true;
    queueMicrotask(() => {
      if (!inFlight.has(event)) return;
      event.error = CAUGHT;
      finish(event, pending);
    });
  }

  /**
   * An uncaught exception: the calls it left by throwing through them are written with it (the stack
   * is empty now, so a sync call that its body records and that has not returned threw).
   */
  function failThrown(error: unknown): void {
    for (const [event, pending] of inFlight) {
      if (!pending.threw && !pending.sync) continue;
      if (pending.sync) event.durationMs = elapsed(pending.started);
      event.error = previewValue(error, limits, 'error', { errorStack: false });
      finish(event, pending);
    }
  }

  // process.exit() or a fatal error inside a call: its event is written as unfinished. An 'exit'
  // listener changes nothing about how or when the process exits.
  process.on('exit', () => {
    for (const [event, pending] of inFlight) {
      if (pending.threw) event.error = CAUGHT; // caught, then process.exit() before the job ended
      else {
        event.unfinished = true;
        event.durationMs = elapsed(pending.started);
      }
      emit(event);
    }
    inFlight.clear();
  });

  /**
   * Starts the event of a recorded call; `below` is the function that the call's caller called,
   * `params` what the called function declares.
   */
  function begin(state: SiteState, args: ArrayLike<unknown>, params: ParamInfo[] | undefined, below: Function, ownFrame: boolean): { event: CallEvent; pending: Pending } {
    const callNumber = ++state.recorded;
    // A spread of any length is counted; only the first few arguments are previewed.
    const argPreviews: Preview[] = [];
    const shown = Math.min(args.length, limits.maxItems);
    for (let i = 0; i < shown; i++) argPreviews.push(previewValue(args[i], limits, `args[${i}]`));
    let stack: StackFrame[] = callerStack(below, ownFrame ? 31 : 30);
    if (ownFrame) stack = stack.slice(1); // the traced function itself, where its probe runs
    const event: CallEvent = {
      type: 'call', seq: ++seq, callableId: state.id, callable: state.name, site: state.site, callNumber,
      args: argPreviews, async: false, durationMs: 0, stack, time: now(),
    };
    if (params) event.params = params;
    if (args.length > shown) event.argCount = args.length;
    const pending: Pending = { started: performance.now(), state, args };
    inFlight.set(event, pending);
    return { event, pending };
  }

  /** What the call returned: a promise is followed until it settles (`derived`: through a promise returned in its place). */
  function returned(event: CallEvent, pending: Pending, result: unknown, derived: boolean): unknown {
    if (!types.isPromise(result)) {
      event.result = previewValue(result, limits, 'result');
      pending.value = result;
      const first = Array.prototype.slice.call(pending.args, 0, 1);
      event.split = splitSummary(first, result);
      if (event.split) splitLabels?.noteSplit(event.seq, pending.state, first[0], result);
      else splitLabels?.tally(pending.state, first[0], result);
      finish(event, pending);
      return result;
    }
    event.async = true;
    const settled = (value: unknown): void => {
      event.result = previewValue(value, limits, 'result');
      pending.value = value;
      finish(event, pending);
    };
    const rejected = (error: unknown): void => {
      event.error = previewValue(error, limits, 'error', { errorStack: false });
      finish(event, pending);
    };
    if (!derived) {
      // An async function's own promise adopts this one, so a reaction here changes nothing the script sees.
      Reflect.apply(promiseThen, result, [settled, rejected]);
      return result;
    }
    // A derived promise that settles the same way: unhandled stays unhandled.
    return Reflect.apply(promiseThen, result, [
      (value: unknown) => {
        settled(value);
        return value;
      },
      (error: unknown) => {
        rejected(error);
        throw error;
      },
    ]);
  }

  /**
   * A call that a traced function's own body records (inline-probe.ts): the body hands it each value
   * it returns (r), and tells it when an error leaves a sync body (x) or an async one (f).
   */
  class RecordedCall {
    private done = false;
    v: unknown;
    [Symbol.hasInstance](value: unknown): boolean {
      this.v = this.r(value);
      return true;
    }
    constructor(private readonly event: CallEvent, private readonly pending: Pending, private readonly isAsync: boolean) {
      if (isAsync) {
        event.async = true;
        return;
      }
      // A sync body that has not handed back a value by the end of the current job threw, and the
      // script caught the error (an uncaught one reaches failThrown first).
      pending.sync = true;
      queueMicrotask(() => {
        if (this.done || !inFlight.has(event)) return;
        this.done = true;
        pending.sync = undefined;
        pending.threw = true;
        event.durationMs = elapsed(pending.started);
        event.error = CAUGHT;
        finish(event, pending);
      });
    }
    r(value: unknown): unknown {
      if (this.done) return value;
      this.done = true;
      try {
        return returned(this.event, this.pending, value, !this.isAsync);
      } catch {
        return value;
      }
    }
    f(error: unknown): void {
      if (this.done) return;
      this.done = true;
      this.event.error = previewValue(error, limits, 'error', { errorStack: false });
      this.event.async = true;
      finish(this.event, this.pending);
    }
  }

  /**
   * What a probe gets when the call is not recorded: it hands values through. It holds the last one
   * until the next (a getter that let go of it at once costs every call several times more).
   */
  const IDLE = {
    v: undefined as unknown,
    r: (value: unknown): unknown => value,
    f(): void {},
    [Symbol.hasInstance](value: unknown): boolean {
      IDLE.v = value;
      return true;
    },
  };
  /** A call past the recorded ones whose label is counted: it hands the value through, like IDLE. */
  class TallyCall {
    v: unknown;
    private done = false;
    constructor(private readonly state: SiteState, private readonly item: unknown) {}
    [Symbol.hasInstance](value: unknown): boolean {
      this.v = this.r(value);
      return true;
    }
    r(value: unknown): unknown {
      if (!this.done) {
        this.done = true;
        splitLabels?.tally(this.state, this.item, value);
      }
      return value;
    }
    f(): void {}
  }
  type Handler = RecordedCall | typeof IDLE | TallyCall;

  /**
   * The probes of one instrumented file: `a[k]` is 1 while probe k has calls to record (or labels to
   * count) for `bound[k]`, or, for the code of closures that a factory makes, for one of `closures[k]`,
   * the sites its closures were bound to.
   */
  interface FileProbes {
    a: number[];
    n: typeof IDLE;
    bound: (SiteState | undefined)[];
    closures: (SiteState[] | undefined)[];
    /** Sets a[k] from the sites probe k records for. */
    refresh(k: number): void;
    /** A sync call's probe, and an async one's. */
    e(k: number, ...args: unknown[]): Handler;
    y(k: number, ...args: unknown[]): Handler;
    /** The same with a function's own `arguments` (never spread: it may hold as many as Node allows). */
    E(k: number, args: ArrayLike<unknown>): Handler;
    Y(k: number, args: ArrayLike<unknown>): Handler;
    /** The same four for a closure a factory made: it passes itself, to be told from its factory's other closures. */
    c(k: number, self: Function, ...args: unknown[]): Handler;
    d(k: number, self: Function, ...args: unknown[]): Handler;
    C(k: number, self: Function, args: ArrayLike<unknown>): Handler;
    D(k: number, self: Function, args: ArrayLike<unknown>): Handler;
  }
  const filesByToken = new Map<string, FileProbes>();
  const filesBySites = new WeakMap<SitesFn, FileProbes>();
  /** The site each closure that a factory made goes by: the first traced one that bound it. */
  const closureSites = new WeakMap<Function, SiteState>();
  /** Whether a site's calls still go to the runtime: calls to record, or past them labels to count. */
  const live = (state: SiteState): boolean => (state.recorded < maxCalls ? recording() : !!splitLabels?.wants(state));
  /** Set by the Proxy around a probed function that records the call itself, so its probe does not. */
  let proxied: Function | undefined;

  function fileOf(sites: SitesFn): FileProbes {
    let file = filesBySites.get(sites);
    if (file) return file;
    const states = registry.sitesOf(sites);
    const table = sites();
    const params = table.params;
    const bound = table.probes.map((i) => (i >= 0 && states[i]?.traced ? states[i] : undefined));
    const closures = table.probes.map((i) => (i < 0 ? [] : undefined));
    const a = bound.map((state) => (state && state.recorded < maxCalls ? 1 : 0));
    const refresh = (k: number): void => {
      const sites = closures[k];
      a[k] = (sites ? sites.some(live) : bound[k] !== undefined && live(bound[k]!)) ? 1 : 0;
    };
    const enter = (k: number, args: ArrayLike<unknown>, isAsync: boolean, below: Function, self?: Function): Handler => {
      try {
        const state = closures[k] ? closureSites.get(self!) : bound[k];
        if (!state || proxied !== undefined || state.recorded >= maxCalls || !recording()) {
          const viaProxy = proxied !== undefined;
          proxied = undefined;
          // Past its recorded calls, a labeller of a split's items is still counted (split-labels.ts).
          if (state && !viaProxy && state.recorded >= maxCalls && splitLabels?.wants(state)) {
            if (!isAsync) return new TallyCall(state, args[0]);
            splitLabels.notCounted(state); // a promise is no label: its probe goes quiet once it is let go
          }
          refresh(k);
          return IDLE;
        }
        const { event, pending } = begin(state, args, params[k] ?? undefined, below, true);
        if (state.recorded >= maxCalls) refresh(k);
        // The traced function's body runs as soon as this returns.
        breakOnCall?.entering(state, event.callNumber, below);
        return new RecordedCall(event, pending, isAsync);
      } catch {
        return IDLE;
      }
    };
    const f: FileProbes = {
      a,
      n: IDLE,
      bound,
      closures,
      refresh,
      e(k, ...args) {
        return enter(k, args, false, f.e);
      },
      y(k, ...args) {
        return enter(k, args, true, f.y);
      },
      E(k, args) {
        return enter(k, args, false, f.E);
      },
      Y(k, args) {
        return enter(k, args, true, f.Y);
      },
      c(k, self, ...args) {
        return enter(k, args, false, f.c, self);
      },
      d(k, self, ...args) {
        return enter(k, args, true, f.d, self);
      },
      C(k, self, args) {
        return enter(k, args, false, f.C, self);
      },
      D(k, self, args) {
        return enter(k, args, true, f.D, self);
      },
    };
    file = f;
    filesBySites.set(sites, file);
    filesByToken.set(table.token, file);
    return file;
  }

  const functionToString = Function.prototype.toString;
  /** The file and probe of a function whose body records its own calls (its source names them). */
  function probeOf(fn: Function): { file: FileProbes; k: number } | undefined {
    let text: string;
    try {
      text = Reflect.apply(functionToString, fn, []) as string;
    } catch {
      return undefined;
    }
    const m = PROBE_MARK.exec(text);
    const file = m ? filesByToken.get(m[1]) : undefined;
    return file && m ? { file, k: Number(m[2]) } : undefined;
  }

  /** A Proxy that records the call itself: for a generator, and for a value whose code has no probe. */
  function record(state: SiteState, target: Function, thisArg: unknown, args: unknown[], newTarget: Function | undefined, trap: Function, probed: boolean): unknown {
    const { event, pending } = begin(state, args, paramsOf(target), trap, false);
    let result: unknown;
    let ok = false;
    breakOnCall?.calling(state, event.callNumber, target, args);
    try {
      if (probed) proxied = target;
      result = newTarget ? Reflect.construct(target, args, newTarget) : Reflect.apply(target, thisArg, args);
      ok = true;
    } finally {
      proxied = undefined;
      if (!ok) threw(event, pending);
    }
    return returned(event, pending, result, true);
  }

  /**
   * One handler per site, shared by every proxy made there (a callback is wrapped each time its
   * expression runs). Once the site has recorded maxCalls calls its traps become Reflect.apply and
   * Reflect.construct themselves: no Trainspect frame in stack traces, a few ns per call.
   */
  const handlers = new WeakMap<SiteState, ProxyHandler<Function>>();
  function handlerOf(state: SiteState, probed: boolean): ProxyHandler<Function> {
    let handler = handlers.get(state);
    if (handler) return handler;
    const stopRecording = (): void => {
      if (state.recorded < maxCalls) return;
      handler!.apply = Reflect.apply;
      handler!.construct = Reflect.construct;
    };
    handler = {
      apply(target, thisArg, args) {
        if (state.recorded >= maxCalls || !recording()) return Reflect.apply(target, thisArg, args);
        try {
          return record(state, target, thisArg, args, undefined, handler!.apply!, probed);
        } finally {
          stopRecording();
        }
      },
      construct(target, args, newTarget) {
        if (state.recorded >= maxCalls || !recording()) return Reflect.construct(target, args, newTarget);
        try {
          return record(state, target, undefined, args, newTarget, handler!.construct!, probed) as object;
        } finally {
          stopRecording();
        }
      },
    };
    handlers.set(state, handler);
    return handler;
  }

  const traced = (fn: Function, state: SiteState, probed = false): Function => (state.recorded >= maxCalls ? fn : new Proxy(fn, handlerOf(state, probed)));

  /**
   * A factory's value (`splitter: randomSplitter(0.2)`): when its code records its own calls (the
   * function was made in an instrumented file), its probe records them for this site and the value
   * comes back as it is — a closure the factory made for the first traced site that bound that closure,
   * any other function for the first that bound its code. Otherwise, or when that function already
   * records for another traced site, it comes back in a recording Proxy. A generator's site also gets
   * the Proxy.
   */
  function wrap(sites: SitesFn, index: number, value: unknown): unknown {
    try {
      const states = registry.sitesOf(sites);
      if (index < 0 || typeof value !== 'function') return value;
      const state = states[index];
      if (!state) return value;
      registry.report(state);
      inferName(value, state);
      if (!state.traced) return value;
      const probe = state.info.factory ? probeOf(value) : undefined;
      if (probe) {
        const { file, k } = probe;
        const sites = file.closures[k];
        if (sites) {
          if (!closureSites.has(value)) {
            closureSites.set(value, state);
            if (!sites.includes(state)) sites.push(state);
            file.refresh(k);
          }
          return value;
        }
        if (file.bound[k] === undefined || file.bound[k] === state) {
          file.bound[k] = state;
          file.refresh(k);
          return value;
        }
      }
      return traced(value, state, probe !== undefined);
    } catch {
      return value;
    }
  }

  function wrapMethod(sites: SitesFn, index: number, object: unknown): unknown {
    try {
      const state = registry.sitesOf(sites)[index];
      if (!state?.traced || !state.info.key || typeof object !== 'object' || object === null) return object;
      const desc = getOwnPropertyDescriptor(object, state.info.key);
      if (desc && 'value' in desc && typeof desc.value === 'function') defineProperty(object, state.info.key, { ...desc, value: traced(desc.value, state) });
    } catch {
      // leave the object as it is
    }
    return object;
  }

  return { wrap, wrapMethod, failThrown, fileOf };
}
