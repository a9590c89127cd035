// Where Trainspect's own files are, found the same way whether this code runs bundled (dist/…) or
// from source under mocha/tsx (src/…): walk up to Trainspect's package.json.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

let cachedRoot: string | undefined;

/** The folder holding the package.json whose name is "trainspect". */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'trainspect') return (cachedRoot = dir);
      } catch {
        // not a readable manifest: keep walking up
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`Trainspect's package.json was not found above ${__dirname}`);
  }
}

/** The built runtime that is loaded into the traced process. */
export function runtimeDir(): string {
  return path.join(packageRoot(), 'dist', 'runtime');
}

/** Loaded with --require: CommonJS hooks, the event pipe, and the ESM hooks when a JS script needs them. */
export function preloadPath(): string {
  return path.join(runtimeDir(), 'preload.js');
}

/** TypeScript only, loaded with --import after tsx: registers the ESM hooks after tsx's. */
export function esmRegisterPath(): string {
  return path.join(runtimeDir(), 'esm-register.js');
}

/** The ESM hooks, which the preload (or esm-register) registers with module.register(). */
export function esmLoaderPath(): string {
  return path.join(runtimeDir(), 'esm-loader.mjs');
}

const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

export function isTypeScript(script: string): boolean {
  return TYPESCRIPT_EXTENSIONS.has(path.extname(script).toLowerCase());
}

/**
 * The tsx that Trainspect ships (built by esbuild.js): tsx's own files over esbuild-wasm, which runs
 * on every platform without a native binary (scripts/lib/ship-tsx.cjs).
 */
export function shippedTsxDir(): string {
  return path.join(packageRoot(), 'dist', 'tsx');
}

/**
 * The file URL of tsx's ESM loader (its "." export) for a TypeScript script: the user's own tsx when it
 * resolves from the script's folder, else the one Trainspect ships. undefined when neither is found.
 */
export function resolveTsxLoader(script: string): string | undefined {
  const fromScript = createRequire(path.join(path.dirname(path.resolve(script)), '__trainspect__.js'));
  for (const manifest of [() => resolveFrom(fromScript, 'tsx/package.json'), () => path.join(shippedTsxDir(), 'package.json')]) {
    const loader = tsxLoaderOf(manifest());
    if (loader) return pathToFileURL(loader).href;
  }
  return undefined;
}

function resolveFrom(req: NodeJS.Require, request: string): string | undefined {
  try {
    return req.resolve(request);
  } catch {
    return undefined;
  }
}

/** The loader file named by a tsx package.json, if that file exists. */
function tsxLoaderOf(manifestPath: string | undefined): string | undefined {
  if (!manifestPath) return undefined;
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { exports?: unknown };
    const entry = importEntry(manifest.exports);
    if (!entry) return undefined;
    const file = path.resolve(path.dirname(manifestPath), entry);
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The ESM entry of an exports field's "." (a string, or conditions with import/default). */
function importEntry(exports: unknown): string | undefined {
  const dot = typeof exports === 'object' && exports !== null ? (exports as Record<string, unknown>)['.'] : exports;
  if (typeof dot === 'string') return dot;
  if (typeof dot === 'object' && dot !== null) {
    const conditions = dot as Record<string, unknown>;
    for (const key of ['import', 'node', 'default']) {
      const found = importEntry({ '.': conditions[key] });
      if (found) return found;
    }
  }
  return undefined;
}
