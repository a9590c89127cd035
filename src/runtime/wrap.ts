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

export function createWrapper(options: WrapOptions): {
  wrap: (sites: SitesFn, index: number, value: unknown) => unknown;
  wrapMethod: (sites: SitesFn, index: number, object: unknown) => unknown;
} {
  const { maxCalls, limits, registry, limit } = options;
  let seq = 0;

  /** Gives an anonymous function the name the engine would have inferred had it not been wrapped. */
  function inferName(fn: Function, state: SiteState): void {
    if (!state.info.inferName) return;
    const desc = getOwnPropertyDescriptor(fn, 'name');
    if (desc && 'value' in desc && desc.value === '' && desc.configurable) defineProperty(fn, 'name', { ...desc, value: state.name });
  }

  /** Recorded calls that have not returned (or settled) yet, with when each started. */
  const inFlight = new Map<CallEvent, number>();
  const elapsed = (started: number): number => Math.round((performance.now() - started) * 1000) / 1000;

  function finish(event: CallEvent, started: number, state: SiteState): void {
    inFlight.delete(event);
    event.durationMs = elapsed(started);
    emit(event);
    state.completed++;
    limit.afterCall();
  }

  // process.exit() or a fatal error inside a call: its event is written as unfinished. An 'exit'
  // listener changes nothing about how or when the process exits.
  process.on('exit', () => {
    for (const [event, started] of inFlight) {
      event.unfinished = true;
      event.durationMs = elapsed(started);
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
      args: argPreviews, async: false, durationMs: 0, stack, time: now(),
    };
    const started = performance.now();
    inFlight.set(event, started);
    let result: unknown;
    try {
      result = newTarget ? Reflect.construct(target, args, newTarget) : Reflect.apply(target, thisArg, args);
    } catch (error) {
      // Rethrown untouched: reading its `stack` now would lose the source line Node prints for it.
      event.error = previewValue(error, limits, 'error', { errorStack: false });
      finish(event, started, state);
      throw error;
    }
    if (types.isPromise(result)) {
      event.async = true;
      // A derived promise that settles the same way: unhandled stays unhandled.
      return Reflect.apply(promiseThen, result, [
        (value: unknown) => {
          event.result = previewValue(value, limits, 'result');
          finish(event, started, state);
          return value;
        },
        (error: unknown) => {
          event.error = previewValue(error, limits, 'error', { errorStack: false });
          finish(event, started, state);
          throw error;
        },
      ]);
    }
    event.result = previewValue(result, limits, 'result');
    finish(event, started, state);
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

  return { wrap, wrapMethod };
}
