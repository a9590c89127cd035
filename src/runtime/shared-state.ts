// What the preload (--require) tells esm-register (--import) in the same thread, and the one place
// that registers the ESM hooks.
import { register } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export const RUNTIME_KEY = Symbol.for('trainspect.runtime');

export interface RuntimeHandoff {
  origin: number; // clock origin, epoch ms
  eventFd: number;
  ownDir: string;
  /** Words a file must contain for a target to be in it (see instrument.ts); empty: instrument all. */
  mentions: string[];
  esmRegistered?: boolean;
}

/** Data the ESM loader thread receives through module.register(). */
export type LoaderData = Omit<RuntimeHandoff, 'esmRegistered'>;

/** Registers esm-loader.mjs (next to this bundle in `dir`) once. */
export function registerEsmHooks(handoff: RuntimeHandoff, dir: string): void {
  if (handoff.esmRegistered) return;
  handoff.esmRegistered = true;
  const data: LoaderData = { origin: handoff.origin, eventFd: handoff.eventFd, ownDir: handoff.ownDir, mentions: handoff.mentions };
  register(pathToFileURL(path.join(dir, 'esm-loader.mjs')).href, { data });
}

/** Whether esm-register is among the --import flags (then it registers the hooks, after tsx's). */
export function esmRegisterImported(execArgv: readonly string[]): boolean {
  return execArgv.some((arg, i) => /esm-register\.js$/.test(arg) && (execArgv[i - 1] === '--import' || arg.startsWith('--import=')));
}
