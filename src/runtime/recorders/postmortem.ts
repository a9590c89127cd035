// The post-mortem recorder: the `postmortem` event (docs/trace-format.md), once per run, when the run
// ends in an uncaught exception, an unhandled rejection, or a call of process.exit with a non-zero code.
// Its inspector (postmortem-inspector.ts), a session on this thread, pauses at each throw, reads the
// stack's scopes and resumes; here, as the run ends, the snapshot of the error that ends it is looked up
// and written (Node prints the error right after the monitor returns). A debugger that owns the process
// (Break in Callable, --inspect, VS Code's js-debug) is left alone.
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import type { ErrorCause, PostmortemEvent, PostmortemFrame } from '../../protocol/events';
import type { Preview } from '../../protocol/preview';
import { DEFAULT_POSTMORTEM_BOUNDS } from '../../protocol/runtime-config';
import type { ActiveConfig } from '../config';
import { now } from '../clock';
import { emit } from '../event-writer';
import { explainError } from '../explain-error';
import { previewValue } from '../preview';
import { callerSites, stackOf } from '../stack';
import { accountFrames, framesOfStack } from './postmortem-frames';
import { HELPER_KEY } from './postmortem-link';
import { armInspector } from './postmortem-inspector';
import { guardStackFormatting } from './postmortem-format';
import { createHelper } from './postmortem-scope';
import { registerRecorder, type ModuleObserver } from './registry';
import { loadsWasmBackend } from './wasm-ahead';

/** How long the program may stay paused for one snapshot: past it, the frames left are listed without their scopes. */
const WATCHDOG_MS = 2000;

/** Why no snapshot can be taken in this process, when a debugger owns it. */
function debuggerOwner(config: ActiveConfig): string | undefined {
  if (config.break) return 'the run is under VS Code\'s debugger (Break in Callable)';
  if (inspector.url()) return 'a debugger is attached (--inspect)';
  if (process.env.VSCODE_INSPECTOR_OPTIONS) return 'the run is under VS Code\'s JavaScript debugger';
  return undefined;
}

/**
 * While V8's debugger is on, WebAssembly runs as unoptimised debug code: the wasm backend trains about
 * 1.35× slower (measured on the pets example). Once it loads, the recorder gives its inspector up; as
 * soon as a user file that loads it is about to run, when its code says so (before TF.js loads).
 */
const WASM_BACKEND = /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]/;
const WASM_NOTE = 'variables not read: the wasm backend is loaded, and WebAssembly runs unoptimised while a debugger is on, so the inspector was let go';
const wasmAheadNote = (file: string): string => `variables not read: ${path.basename(file)} loads the wasm backend, and WebAssembly runs unoptimised while a debugger is on, so the inspector was let go before TF.js loaded`;

/** explainError's reading of a TF.js error from the frames; the message read whole (the preview may have cut it). */
function causeOf(error: unknown, thrown: Preview, frames: PostmortemFrame[]): ErrorCause | null {
  if (thrown.kind !== 'error') return null;
  try {
    const own = Object.getOwnPropertyDescriptor(error, 'message');
    const message = own && 'value' in own && typeof own.value === 'string' ? own.value : thrown.message;
    return explainError({ name: thrown.className, message }, frames);
  } catch {
    return null;
  }
}

function createPostmortemRecorder(config: ActiveConfig, bounds: { maxFrames: number; maxProperties: number }): ModuleObserver {
  const helper = createHelper(config.limits, bounds.maxProperties);
  Object.defineProperty(globalThis, Symbol.for(HELPER_KEY), { value: helper, enumerable: false, configurable: true });
  const owner = debuggerOwner(config);
  let link = owner ?? armInspector({ ownDir: __dirname, maxFrames: bounds.maxFrames, watchdogMs: WATCHDOG_MS, helper });
  let unguard = typeof link === 'string' ? () => undefined : guardStackFormatting(link.paused);
  let written = false;

  const close = (): void => {
    if (typeof link === 'string') return;
    unguard();
    unguard = () => undefined;
    link.close();
  };

  const write = (event: Omit<PostmortemEvent, 'type' | 'time'>): void => {
    written = true;
    emit({ type: 'postmortem', ...event, time: now() });
  };

  /** Lets the inspector go for the rest of the run; later failures get their frames from the stack, with `note`. */
  const standDown = (note: string): void => {
    close();
    link = note;
  };

  process.on('uncaughtExceptionMonitor', (error, origin) => {
    // A script with its own uncaughtException handler runs on: this is not the run's end.
    if (written || process.listenerCount('uncaughtException') > 0) return;
    const thrown = previewValue(error, config.limits, 'error', { errorStack: true });
    const fallback = { frames: framesOfStack(error), framesOmitted: 0, cause: null, snapshotMs: 0 };
    if (typeof link === 'string') {
      write({ origin, error: thrown, ...fallback, snapshot: 'none', note: link });
      return;
    }
    const answer = link.take(helper.idOf(error));
    close();
    const snapshot = answer.snapshot;
    if (!snapshot) {
      const why = answer.note ?? (error instanceof RangeError && /call stack/.test(error.message) ? 'a stack overflow leaves no room to pause at the throw' : 'no frame of the user\'s code was on the stack when it was thrown');
      write({ origin, error: thrown, ...fallback, snapshot: 'none', note: why });
      return;
    }
    const frames = accountFrames(snapshot.frames);
    write({ origin, error: thrown, frames, framesOmitted: snapshot.framesOmitted, cause: causeOf(error, thrown, frames), snapshot: snapshot.partial ? 'partial' : 'complete', note: snapshot.note, snapshotMs: Math.round(snapshot.ms * 100) / 100 });
  });

  process.on('exit', (code) => {
    if (!written && code !== 0) {
      // process.exit(code) calls this listener: the stack below it is the exit call's (none of the user's when the program just ended).
      // The exit call's stack with its variables: the inspector reads it at a `debugger` statement in snapshotHere.
      const snapshot = typeof link === 'string' ? undefined : link.snapshotHere();
      const read = snapshot && accountFrames(snapshot.frames);
      const error = previewValue(code, config.limits, 'code');
      if (snapshot && read?.some((f) => f.user)) {
        write({ origin: 'exit', error, frames: read, framesOmitted: snapshot.framesOmitted, cause: null, snapshot: snapshot.partial ? 'partial' : 'complete', note: snapshot.note, snapshotMs: Math.round(snapshot.ms * 100) / 100 });
      } else if (!snapshot) {
        const frames = stackOf(callerSites(process.emit, 60)).filter((f) => f.file !== null);
        const why = typeof link === 'string' ? link : 'the exit call\'s variables could not be read';
        if (frames.some((f) => f.user)) write({ origin: 'exit', error, frames: frames.map((f) => ({ ...f, async: false, scopes: null })), framesOmitted: 0, cause: null, snapshot: 'none', note: why, snapshotMs: 0 });
      }
    }
    close();
  });

  return {
    wants: (filename) => typeof link !== 'string' && WASM_BACKEND.test(filename),
    loaded: () => standDown(WASM_NOTE),
    userSource: (source, filename) => {
      if (typeof link !== 'string' && loadsWasmBackend(source)) standDown(wasmAheadNote(filename));
    },
  };
}

registerRecorder('postmortem', (config) => {
  if (config.eventFd < 0 || config.postmortem === false) return undefined;
  return { modules: createPostmortemRecorder(config, config.postmortem ?? DEFAULT_POSTMORTEM_BOUNDS) };
});
