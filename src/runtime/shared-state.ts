// What the preload (--require) tells esm-register (--import) in the same thread, and the one place
// that registers the ESM hooks.
import { register } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TraceBudget } from './event-writer';
import type { ShapeCallsIn } from './transform';

export const RUNTIME_KEY = Symbol.for('trainspect.runtime');

export interface RuntimeHandoff {
  origin: number; // clock origin, epoch ms
  eventFd: number;
  /** The trace's byte budget, shared with the ESM loader thread (event-writer.ts). */
  traceBudget: TraceBudget;
  ownDir: string;
  /** The callables to trace (see instrument.ts); empty: all. */
  targets: string[];
  /** Break in Callable: every user function gets the check of break-prologue.ts. */
  breakPrologues: boolean;
  /** The shape recorder is on: the calls of these files go through the shape helper (transform.ts); null: off. */
  shapes: ShapeCallsIn | null;
  esmRegistered?: boolean;
}

/** Data the ESM loader thread receives through module.register(). */
export type LoaderData = Omit<RuntimeHandoff, 'esmRegistered'>;

/** Registers esm-loader.mjs (next to this bundle in `dir`) once. */
export function registerEsmHooks(handoff: RuntimeHandoff, dir: string): void {
  if (handoff.esmRegistered) return;
  handoff.esmRegistered = true;
  const data: LoaderData = { origin: handoff.origin, eventFd: handoff.eventFd, traceBudget: handoff.traceBudget, ownDir: handoff.ownDir, targets: handoff.targets, breakPrologues: handoff.breakPrologues, shapes: handoff.shapes };
  register(pathToFileURL(path.join(dir, 'esm-loader.mjs')).href, { data });
}

/**
 * Node's flags without the ones that load Trainspect (`--require …/preload.js`, `--import
 * …/esm-register.js`), as the script would see them under plain node: a `fork()`ed child, a worker,
 * or the script itself reading `process.execArgv`.
 */
export function withoutOwnFlags(execArgv: readonly string[], ownDir: string): string[] {
  const own = (value: string | undefined): boolean => {
    if (value === undefined) return false;
    let file = value;
    try {
      if (value.startsWith('file:')) file = fileURLToPath(value);
    } catch {
      return false;
    }
    return path.resolve(file).startsWith(ownDir + path.sep);
  };
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i];
    if ((arg === '--require' || arg === '-r' || arg === '--import') && own(execArgv[i + 1])) i++;
    else if (!/^(?:--require|--import)=/.test(arg) || !own(arg.slice(arg.indexOf('=') + 1))) out.push(arg);
  }
  return out;
}

/** Whether esm-register is among the --import flags (then it registers the hooks, after tsx's). */
export function esmRegisterImported(execArgv: readonly string[]): boolean {
  return execArgv.some((arg, i) => /esm-register\.js$/.test(arg) && (execArgv[i - 1] === '--import' || arg.startsWith('--import=')));
}
