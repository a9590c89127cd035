// Keeps an error's stack unformatted while the program is paused at its throw. At an exception pause
// V8's inspector describes the thrown error by reading its `stack`, which formats it (running any
// Error.prepareStackTrace) and drops the structured frames V8 keeps until then; Node needs those to
// print the source line of an error that ends the run through a promise or an ES module's top level,
// and prints its own internal line instead (measured: Node 20). So, while the post-mortem's inspector
// is armed, Error.prepareStackTrace is an accessor that answers a function which throws when asked
// during a pause (V8 then leaves the stack unformatted, and the inspector its description short), and
// the script's own value, undefined by default, otherwise. The inspector tells a pause
// (postmortem-inspector.ts: a `debugger` statement, which V8 does not pause at inside a pause).
const refuse = (): never => {
  throw 0; // a primitive: nothing to capture, and V8 only needs the formatting to fail
};

let ownFormatter: ((error: Error, sites: NodeJS.CallSite[]) => unknown) | undefined;

/** Runs `read` with `formatter` as Error.prepareStackTrace, for the recorder's own reads of a stack while paused. */
export function withOwnFormatter<T>(formatter: (error: Error, sites: NodeJS.CallSite[]) => unknown, read: () => T): T {
  ownFormatter = formatter;
  try {
    return read();
  } finally {
    ownFormatter = undefined;
  }
}

/** Installs the guard; the function it returns puts Error.prepareStackTrace back as the script last set it. */
export function guardStackFormatting(paused: () => boolean): () => void {
  const before = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  let current: unknown = before && 'value' in before ? before.value : undefined;
  ownFormatter = undefined;
  try {
    Object.defineProperty(Error, 'prepareStackTrace', {
      configurable: true, enumerable: false,
      get: () => (ownFormatter ?? (paused() ? refuse : current)),
      set: (value: unknown) => void (current = value),
    });
  } catch {
    return () => undefined; // frozen by the script: left as it is
  }
  return () => {
    try {
      delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
      if (before) Object.defineProperty(Error, 'prepareStackTrace', { ...before, ...('value' in before ? { value: current } : {}) });
      else if (current !== undefined) (Error as { prepareStackTrace?: unknown }).prepareStackTrace = current;
    } catch {
      // left as the guard
    }
  };
}
