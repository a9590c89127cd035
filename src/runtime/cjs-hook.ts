// CommonJS: instruments the user's files as Node's loader reads them, and lets an observer see what
// chosen modules (@tensorflow/tfjs-layers) exported once they have run.
//
// No function of ours may be on the stack while a module's code runs, or every error thrown there
// would print one more frame than without Trainspect. So the hooks are accessors, which run when Node
// looks a function up and are gone before it calls it:
// - `Module._extensions['.js']` is looked up by Module.prototype.load just before it reads a .js/.cjs
//   file: that opens a read window;
// - `fs.readFileSync`, looked up in that window, is a reader that instruments the source of a user
//   file being loaded; any other time it is Node's own function;
// - `Module.prototype._compile`, looked up after the read, closes the window and is Node's own
//   function, except for a user file whose source did not come through the read (another compiler such
//   as tsx made it, or the ESM loader read it) or a module the observer wants: then it is a wrapper,
//   which is on the stack (a known difference for TypeScript in CommonJS).
import fs from 'node:fs';
import Module from 'node:module';
import { instrument } from './instrument';
import { isUserFile } from './user-files';

type Compile = (this: Module, content: unknown, filename: string, ...rest: unknown[]) => unknown;

export interface CjsHookOptions {
  /** Modules whose exports `loaded` sees once they have run. */
  wants(filename: string): boolean;
  loaded(module: Module, filename: string): void;
  /** Before a user file that may load ES modules (`import(…)`, or ESM syntax) runs. */
  esmAhead(): void;
  /** The callables to trace (instrument.ts); empty: all. */
  targets: readonly string[];
}

/** Plain JavaScript that Node's own loader reads and compiles as CommonJS. */
const JS_SOURCE = /\.c?js$/;
/** Text that may load an ES module: a dynamic import, or import/export statements (detected as ESM). */
const ESM_HINT = /\bimport\s*\(|^[ \t]*(?:import|export)\b/m;

/** Replaces a data property by an accessor whose setter keeps what others assign. */
function defineHook<T>(target: object, key: string, get: (this: unknown, current: T) => T): void {
  const desc = Object.getOwnPropertyDescriptor(target, key);
  let current = desc?.value as T;
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: desc?.enumerable ?? true,
    get(this: unknown) {
      return get.call(this, current);
    },
    set(this: unknown, value: T) {
      // An assignment to an object that inherits the hook (a module instance) stays its own property.
      if (this === target) current = value;
      else Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
    },
  });
}

export function installCjsHook(ownDir: string, observer: CjsHookOptions): void {
  const cache = (Module as unknown as { _cache: Record<string, Module | undefined> })._cache;
  const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
  const instrumented = new WeakSet<Module>();
  let reading = false;

  function instrumentModule(module: Module, content: string, file: string): string {
    instrumented.add(module);
    if (ESM_HINT.test(content)) observer.esmAhead();
    return instrument(content, file, false, observer.targets);
  }

  // Reads like Node's readFileSync; the source of a user file that the loader is loading comes back
  // instrumented, once per module (a later read of the same file by the user gets the file as is).
  let read: Function = fs.readFileSync;
  function readFileSync(this: unknown, ...args: unknown[]): unknown {
    const content = Reflect.apply(read, this, args);
    const file = args[0];
    if (typeof content !== 'string' || typeof file !== 'string' || !JS_SOURCE.test(file) || !isUserFile(file, ownDir)) return content;
    const module = cache[file];
    if (!module || module.loaded || instrumented.has(module)) return content;
    return instrumentModule(module, content, file);
  }

  let compile: Compile = (Module.prototype as unknown as { _compile: Compile })._compile;
  function _compile(this: Module, content: unknown, filename: string, ...rest: unknown[]): unknown {
    let code = content;
    if (typeof content === 'string' && isUserFile(filename, ownDir) && !instrumented.has(this)) code = instrumentModule(this, content, filename);
    // Errors pass through untouched (not even their `stack` read), so Node prints them as before.
    const result = Reflect.apply(compile, this, [code, filename, ...rest]);
    try {
      if (observer.wants(filename)) observer.loaded(this, filename);
    } catch {
      // observers never break loading
    }
    return result;
  }

  defineHook<Function>(fs, 'readFileSync', (current) => {
    read = current;
    return reading ? readFileSync : current;
  });
  defineHook<unknown>(extensions, '.js', (current) => {
    reading = true;
    return current;
  });
  defineHook<Compile>(Module.prototype, '_compile', function (this: unknown, current) {
    reading = false;
    compile = current;
    if (!(this instanceof Module) || this === Module.prototype) return current;
    const filename = this.filename;
    if (typeof filename !== 'string') return current;
    const needsSource = isUserFile(filename, ownDir) && !instrumented.has(this);
    return needsSource || observer.wants(filename) ? _compile : current;
  });
}
