// The wrapper the transformed code calls at every callable site. Sites that are not targets, and
// values that are not functions, come back unchanged. A traced function comes back as a Proxy that
// records its first maxCalls calls (arguments before the call, result or error after, duration,
// caller's stack) and afterwards only counts; `name`, `length`, `this` and `new` behave as before.
import { types } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { CallEvent, StackFrame } from '../protocol/events';
import type { Preview, PreviewLimits } from '../protocol/preview';
import { emit } from './event-writer';
import { now } from './clock';
import { previewValue } from './preview';
import { paramsOf } from './params';
import { splitSummary } from './split-summary';
import { callerStack } from './stack';
import type { Registry, SiteState, SitesFn } from './registry';
import type { LimitWatch } from './limit';

export interface WrapOptions {
  maxCalls: number;
  limits: PreviewLimits;
  registry: Registry;
  limit: LimitWatch;
}

const { defineProperty, getOwnPropertyDescriptor } = Object;
const promiseThen = Promise.prototype.then;
const CAUGHT: Preview = { kind: 'unreadable', message: 'thrown, and caught by the script (the value is not captured)' };

export function createWrapper(options: WrapOptions): {
  wrap: (sites: SitesFn, index: number, value: unknown) => unknown;
  wrapMethod: (sites: SitesFn, index: number, object: unknown) => unknown;
  failThrown: (error: unknown) => void;
} {
  const { maxCalls, limits, registry, limit } = options;
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
  }
  const inFlight = new Map<CallEvent, Pending>();
  const elapsed = (started: number): number => Math.round((performance.now() - started) * 1000) / 1000;

  function finish(event: CallEvent, pending: Pending): void {
    inFlight.delete(event);
    if (!pending.threw) event.durationMs = elapsed(pending.started);
    emit(event);
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

  /** An uncaught exception: the calls it left by throwing through them are written with it. */
  function failThrown(error: unknown): void {
    for (const [event, pending] of inFlight) {
      if (!pending.threw) continue;
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

  function record(state: SiteState, target: Function, thisArg: unknown, args: unknown[], newTarget: Function | undefined, trap: Function): unknown {
    const callNumber = ++state.recorded;
    const argPreviews: Preview[] = [];
    for (let i = 0; i < args.length; i++) argPreviews.push(previewValue(args[i], limits, `args[${i}]`));
    const stack: StackFrame[] = callerStack(trap);
    const event: CallEvent = {
      type: 'call', seq: ++seq, callableId: state.id, callable: state.name, site: state.site, callNumber,
      args: argPreviews, params: paramsOf(target), async: false, durationMs: 0, stack, time: now(),
    };
    const pending: Pending = { started: performance.now(), state };
    inFlight.set(event, pending);
    let result: unknown;
    let returned = false;
    try {
      result = newTarget ? Reflect.construct(target, args, newTarget) : Reflect.apply(target, thisArg, args);
      returned = true;
    } finally {
      if (!returned) threw(event, pending);
    }
    if (types.isPromise(result)) {
      event.async = true;
      // A derived promise that settles the same way: unhandled stays unhandled.
      return Reflect.apply(promiseThen, result, [
        (value: unknown) => {
          event.result = previewValue(value, limits, 'result');
          finish(event, pending);
          return value;
        },
        (error: unknown) => {
          event.error = previewValue(error, limits, 'error', { errorStack: false });
          finish(event, pending);
          throw error;
        },
      ]);
    }
    event.result = previewValue(result, limits, 'result');
    event.split = splitSummary(args, result);
    finish(event, pending);
    return result;
  }

  /**
   * One handler per site, shared by every proxy made there (a callback is wrapped each time its
   * expression runs). Once the site has recorded maxCalls calls its traps become Reflect.apply and
   * Reflect.construct themselves: no Trainspect frame in stack traces, a few ns per call.
   */
  const handlers = new WeakMap<SiteState, ProxyHandler<Function>>();
  function handlerOf(state: SiteState): ProxyHandler<Function> {
    let handler = handlers.get(state);
    if (handler) return handler;
    const stopRecording = (): void => {
      if (state.recorded < maxCalls) return;
      handler!.apply = Reflect.apply;
      handler!.construct = Reflect.construct;
    };
    handler = {
      apply(target, thisArg, args) {
        if (state.recorded >= maxCalls) return Reflect.apply(target, thisArg, args);
        try {
          return record(state, target, thisArg, args, undefined, handler!.apply!);
        } finally {
          stopRecording();
        }
      },
      construct(target, args, newTarget) {
        if (state.recorded >= maxCalls) return Reflect.construct(target, args, newTarget);
        try {
          return record(state, target, undefined, args, newTarget, handler!.construct!) as object;
        } finally {
          stopRecording();
        }
      },
    };
    handlers.set(state, handler);
    return handler;
  }

  const traced = (fn: Function, state: SiteState): Function => (state.recorded >= maxCalls ? fn : new Proxy(fn, handlerOf(state)));

  function wrap(sites: SitesFn, index: number, value: unknown): unknown {
    try {
      const states = registry.sitesOf(sites);
      if (index < 0 || typeof value !== 'function') return value;
      const state = states[index];
      if (!state) return value;
      registry.report(state);
      inferName(value, state);
      return state.traced ? traced(value, state) : value;
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

  return { wrap, wrapMethod, failThrown };
}
