// CommonJS: instruments the user's files as Node's loader reads them, and lets an observer see what
// chosen modules (@tensorflow/tfjs-layers) exported once they have run.
//
// No function of ours may be on the stack while a module's code runs, or every error thrown there
// would print one more frame than without Trainspect. So the hooks are accessors, which run when Node
// looks a function up and are gone before it calls it:
// - `Module.prototype.load`, looked up by Module._load, marks the module as being loaded;
// - `Module._extensions['.js']` is looked up by Module.prototype.load just before it reads a .js/.cjs
//   file: that opens a read window;
// - `fs.readFileSync`, looked up in that window, is a reader that instruments the source of a user
//   file being loaded; any other time it is Node's own function;
// - `Module.prototype._compile`, looked up after the read, closes the window and is Node's own
//   function. For a user file whose source did not come through the read (another compiler, such as
//   tsx for TypeScript and .jsx, made the code it is about to compile), the accessor first runs the
//   file's extension handler once more on a stand-in module that only keeps the code it is handed, and
//   returns Node's function bound to the instrumented code (a bound function has no frame of its own).
//   Only a user file compiled outside a load (someone's own `module._compile(code, file)`) gets a
//   wrapper, which is on the stack;
// - for a module the observer wants, `loaded` on that module becomes an accessor for the one
//   assignment Module.prototype.load makes after the module's code has run.
import fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { instrument } from './instrument';
import { isUserFile } from './user-files';

type Compile = (this: Module, content: unknown, filename: string, ...rest: unknown[]) => unknown;
type Handler = (module: Module, filename: string) => void;

export interface CjsHookOptions {
  /** Modules whose exports `loaded` sees once they have run. */
  wants(filename: string): boolean;
  loaded(module: Module, filename: string): void;
  /** Before a user file that may load ES modules (`import(…)`, or ESM syntax) runs. */
  esmAhead(): void;
  /** The code of a user file about to run (its JavaScript, before instrumenting). */
  userSource(source: string, filename: string): void;
  /** The callables to trace (instrument.ts); empty: all. */
  targets: readonly string[];
}

/** Plain JavaScript that Node's own loader reads and compiles as CommonJS. */
const JS_SOURCE = /\.c?js$/;
/** Text that may load an ES module: a dynamic import, or import/export statements (detected as ESM). */
const ESM_HINT = /\bimport\s*\(|^[ \t]*(?:import|export)\b/m;

/** Replaces a data property by an accessor whose setter keeps what others assign; returns a reader of the kept value. */
function defineHook<T>(target: object, key: string, get: (this: unknown, current: T) => T): () => T {
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
  return () => current;
}

/** Calls `then` once, when Module.prototype.load sets `module.loaded = true` after the module ran. */
function onceLoaded(module: Module, then: () => void): void {
  let value = module.loaded;
  Object.defineProperty(module, 'loaded', {
    configurable: true,
    enumerable: true,
    get: () => value,
    set(next: boolean) {
      value = next;
      if (!next) return;
      Object.defineProperty(module, 'loaded', { value: next, writable: true, enumerable: true, configurable: true });
      then();
    },
  });
}

export function installCjsHook(ownDir: string, observer: CjsHookOptions): void {
  const cache = (Module as unknown as { _cache: Record<string, Module | undefined> })._cache;
  const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
  const instrumented = new WeakSet<Module>();
  const loading = new WeakSet<Module>();
  const watched = new WeakSet<Module>();
  let reading = false;

  function instrumentModule(module: Module, content: string, file: string): string {
    instrumented.add(module);
    if (ESM_HINT.test(content)) observer.esmAhead();
    observer.userSource(content, file);
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

  /** The handler Module.prototype.load calls for this file (Node's findLongestRegisteredExtension), without opening a read window. */
  function handlerOf(filename: string): unknown {
    const name = path.basename(filename);
    for (let i = name.indexOf('.', 1); i !== -1; i = name.indexOf('.', i + 1)) {
      const ext = name.slice(i);
      const handler = ext === '.js' ? jsHandler() : Object.getOwnPropertyDescriptor(extensions, ext)?.value;
      if (handler) return handler;
    }
    return jsHandler();
  }

  /** What the file's handler hands to `_compile` (tsx: its JavaScript), from a run on a stand-in module. */
  function compiledBy(module: Module, filename: string): { content: string; format: unknown } | undefined {
    const handler = handlerOf(filename);
    if (typeof handler !== 'function') return undefined;
    let compiled: { content: string; format: unknown } | undefined;
    const standIn = Object.create(Module.prototype) as Module;
    Object.assign(standIn, { id: module.id, path: module.path, filename, paths: module.paths, exports: {}, loaded: false, children: [] });
    Object.defineProperty(standIn, '_compile', {
      value(content: unknown, file: unknown, format?: unknown) {
        if (typeof content === 'string' && file === filename) compiled = { content, format };
      },
      writable: true,
      configurable: true,
    });
    try {
      Reflect.apply(handler as Handler, extensions, [standIn, filename]);
    } catch {
      return undefined;
    }
    return compiled;
  }

  let compile: Compile = (Module.prototype as unknown as { _compile: Compile })._compile;
  // Only for a user file compiled outside a load: instruments what it is given (on the stack).
  function _compile(this: Module, content: unknown, filename: string, ...rest: unknown[]): unknown {
    const code = typeof content === 'string' && !instrumented.has(this) ? instrumentModule(this, content, filename) : content;
    return Reflect.apply(compile, this, [code, filename, ...rest]);
  }

  defineHook<Function>(fs, 'readFileSync', (current) => {
    read = current;
    return reading ? readFileSync : current;
  });
  const jsHandler = defineHook<unknown>(extensions, '.js', (current) => {
    reading = true;
    return current;
  });
  defineHook<Function>(Module.prototype, 'load', function (this: unknown, current) {
    if (this instanceof Module && this !== Module.prototype) loading.add(this);
    return current;
  });
  defineHook<Compile>(Module.prototype, '_compile', function (this: unknown, current) {
    reading = false;
    compile = current;
    if (!(this instanceof Module) || this === Module.prototype) return current;
    const filename = this.filename;
    if (typeof filename !== 'string') return current;
    if (!watched.has(this) && !this.loaded && observer.wants(filename)) {
      const module = this;
      watched.add(module);
      onceLoaded(module, () => {
        try {
          observer.loaded(module, filename);
        } catch {
          // observers never break loading
        }
      });
    }
    if (!isUserFile(filename, ownDir) || instrumented.has(this)) return current;
    if (!loading.has(this) || this.loaded) return _compile;
    const compiled = compiledBy(this, filename);
    if (!compiled) return _compile;
    return current.bind(this, instrumentModule(this, compiled.content, filename), filename, compiled.format);
  });
}
