// The post-mortem helper that runs while the program is paused at a throw, called by the inspector
// (postmortem-inspector.ts), which hands it the paused program's values through Runtime.callFunctionOn: it remembers which thrown values have a snapshot
// (a WeakMap: the user's error object is never touched) and previews a scope's variables with
// previewValue, which reads own data properties only, so no getter and no user code runs.
import type { PreviewLimits } from '../../protocol/preview';
import type { ScopeVariable } from '../../protocol/events';
import { previewValue } from '../preview';
import { asCallSites } from '../stack';
import { withOwnFormatter } from './postmortem-format';
import type { Helper, RawFrame } from './postmortem-link';

const { getOwnPropertyNames, getOwnPropertyDescriptor } = Object;
/** The variables the instrumentation adds to a user's file (transform.ts): not the user's. */
const INSTRUMENTATION_PREFIX = '__trainspect';
const MAX_ASYNC_CALLERS = 50;

/**
 * V8's async frames of the current stack (called while paused: the paused code's awaiting callers).
 * Read from a captured stack, not from the inspector's async stack traces: turning those on
 * (Debugger.setAsyncCallStackDepth) makes Node run every callback through an async hook, whose frame
 * then shows in the program's own stacks.
 */
function asyncCallers(): RawFrame[] {
  const holder: { stack?: unknown } = {};
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 200;
    const sites = withOwnFormatter(asCallSites, () => {
      Error.captureStackTrace(holder);
      return holder.stack;
    });
    if (!Array.isArray(sites)) return [];
    return (sites as NodeJS.CallSite[]).filter((site) => site.isAsync()).slice(0, MAX_ASYNC_CALLERS).map((site) => ({
      function: site.getFunctionName() ?? null, url: site.getFileName() ?? '', line: site.getLineNumber() ?? 0, column: site.getColumnNumber() ?? 0, async: true, scopes: null,
    }));
  } catch {
    return [];
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Previews inside a scope stay small: a frame has many variables, and the event is one line. */
export function scopeLimits(limits: PreviewLimits): PreviewLimits {
  return { ...limits, maxDepth: Math.min(limits.maxDepth, 2), maxItems: Math.min(limits.maxItems, 6), maxNodes: Math.min(limits.maxNodes, 40) };
}

export function createHelper(limits: PreviewLimits, maxProperties: number): Helper {
  const marked = new WeakMap<object, number>();
  let lastPrimitive: { value: unknown; id: number } | undefined;
  let holding: unknown;
  const small = scopeLimits(limits);
  const isObject = (v: unknown): v is object => (typeof v === 'object' && v !== null) || typeof v === 'function';
  return {
    hold(value) {
      holding = value;
    },
    held() {
      const value = holding;
      holding = undefined; // not kept alive past the pause
      return value;
    },
    mark(thrown, id) {
      if (!isObject(thrown)) {
        lastPrimitive = { value: thrown, id };
        return id;
      }
      if (marked.has(thrown)) return -1;
      marked.set(thrown, id);
      return id;
    },
    idOf(thrown) {
      if (isObject(thrown)) return marked.get(thrown) ?? 0;
      return lastPrimitive && Object.is(lastPrimitive.value, thrown) ? lastPrimitive.id : 0;
    },
    asyncCallers,
    scope(scopeObject) {
      const variables: ScopeVariable[] = [];
      let names: string[];
      try {
        names = getOwnPropertyNames(scopeObject);
      } catch {
        return { variables, omitted: 0 };
      }
      names = names.filter((name) => !name.startsWith(INSTRUMENTATION_PREFIX));
      for (const name of names.slice(0, maxProperties)) {
        const desc = getOwnPropertyDescriptor(scopeObject, name);
        const value = desc && 'value' in desc ? previewValue(desc.value, small, name) : ({ kind: 'getter', hasSetter: desc?.set !== undefined } as const);
        variables.push({ name, value });
      }
      return { variables, omitted: Math.max(0, names.length - maxProperties) };
    },
  };
}
