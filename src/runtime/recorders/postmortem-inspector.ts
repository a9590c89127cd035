// The post-mortem recorder's inspector: a session on the traced program's own thread that pauses it at
// every throw with a user frame on its stack, reads every frame's scopes through the helper
// (postmortem-scope.ts) and resumes it at once. V8 hands a same-thread session its Debugger.paused
// notification synchronously, inside the pause, and answers each post within it, so the snapshot is
// taken before the throw goes on: no worker thread to start and wait for (it cost ~90 ms at start-up,
// docs/benchmarks.md). Thrown values are told apart by the helper's WeakMap, so a value TF.js rethrows
// a dozen times is read once, at its first throw with a user frame: the innermost one.
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import type { FrameScope, ScopeKind } from '../../protocol/events';
import { isUserFile } from '../user-files';
import { PauseBudget } from './pause-budget';
import { EXIT_SNAPSHOT, HELPER_KEY, type Answer, type Helper, type RawFrame, type Snapshot } from './postmortem-link';

const KEPT = 16;
const LISTED_FRAMES = 100;
const GROUP = 'trainspect-postmortem';

type Remote = { objectId?: string; value?: unknown; unserializableValue?: string; type?: string };
interface CallFrame { functionName: string; location: { scriptId: string; lineNumber: number; columnNumber: number }; scopeChain: { type: string; name?: string; object: Remote }[] }
interface Paused { reason: string; data?: Remote; callFrames: CallFrame[] }

export interface PostmortemInspector {
  /** The snapshot of the thrown value with this id (helper.idOf), or why there is none. */
  take(id: number): Answer;
  /** The stack of the caller (the exit listener) with its variables, read at a `debugger` statement. */
  snapshotHere(): Snapshot | undefined;
  /** Whether the program is paused now (the stack-format guard asks: postmortem-format.ts). */
  paused(): boolean;
  close(): void;
}

export interface InspectorOptions { ownDir: string; maxFrames: number; watchdogMs: number; helper: Helper }

const SCOPE_KINDS = new Set<string>(['local', 'block', 'catch', 'closure', 'module', 'script', 'with', 'eval']);
/** A library's frame shows its own variables (a TF.js kernel's `a` and `b`), not its closures' (a bundle's hundreds of names). */
const LIBRARY_SCOPE_KINDS = new Set<string>(['local', 'block', 'catch']);

function pathOf(url: string): string {
  try {
    return url.startsWith('file://') ? fileURLToPath(url) : url;
  } catch {
    return url;
  }
}

const asArgument = (thrown: Remote): { objectId?: string; value?: unknown; unserializableValue?: string } =>
  thrown.objectId ? { objectId: thrown.objectId } : thrown.unserializableValue ? { unserializableValue: thrown.unserializableValue } : thrown.type === 'undefined' ? {} : { value: thrown.value };

/** Connects the session and pauses on exceptions; a string says why it could not. */
export function armInspector(options: InspectorOptions): PostmortemInspector | string {
  const { ownDir, maxFrames, watchdogMs, helper } = options;
  const session = new Session();
  const scripts = new Map<string, string>(); // scriptId → URL (CallFrame.url is "" on Node 20)
  const snapshots = new Map<number, Snapshot>();
  let helperId: string | undefined;
  let closed = false;
  let inPause = false;
  let probe: 'none' | 'asked' | 'exit' = 'none';
  let probeSeen = false; // the session paused at the probe's `debugger` statement
  let exitSnapshot: Snapshot | undefined;
  let nextId = 1;
  let lastFailure: string | null = null; // never printed: the program's stderr stays its own
  // Once the budget is spent the program throws and catches in a loop: pause only at uncaught exceptions
  // for a while, twice as long each time it happens again.
  const budget = new PauseBudget();
  let backOffMs = 1000;
  let throttled = false;

  /** A same-thread post is answered before it returns. */
  function call<T>(method: string, params?: object): T {
    let answered = false;
    let failure: Error | null = null;
    let result: unknown;
    session.post(method, params, (error, value) => {
      answered = true;
      failure = error;
      result = value;
    });
    if (failure) throw failure;
    if (!answered) throw new Error(`${method} was not answered`);
    return result as T;
  }

  /** The value behind a remote object of the paused program, as this thread's own reference. */
  function valueOf(remote: { objectId?: string; value?: unknown; unserializableValue?: string }): unknown {
    const reply = call<{ exceptionDetails?: unknown }>('Runtime.callFunctionOn', { objectId: helperId, functionDeclaration: 'function (v) { this.hold(v); }', arguments: [remote], objectGroup: GROUP });
    if (reply.exceptionDetails !== undefined) throw new Error('the helper could not hold a value');
    return helper.held();
  }

  const isUserUrl = (url: string | undefined): boolean => url !== undefined && isUserFile(pathOf(url), ownDir);

  function readScopes(frame: CallFrame, deadline: number): { scopes: FrameScope[] | null; failed: boolean; late: boolean } {
    const url = scripts.get(frame.location.scriptId) ?? '';
    if (url.startsWith('node:')) return { scopes: null, failed: false, late: false }; // Node's internals
    if (performance.now() > deadline) return { scopes: null, failed: false, late: true };
    const kinds = isUserUrl(url) ? SCOPE_KINDS : LIBRARY_SCOPE_KINDS;
    let failed = false;
    const scopes = frame.scopeChain.filter((s) => kinds.has(s.type) && s.object.objectId).map((s): FrameScope => {
      try {
        return { kind: s.type as ScopeKind, name: s.name || null, ...helper.scope(valueOf({ objectId: s.object.objectId }) as object) };
      } catch {
        failed = true;
        return { kind: s.type as ScopeKind, name: s.name || null, variables: [], omitted: 0 };
      }
    });
    return { scopes, failed, late: false };
  }

  /** The indices of the frames whose scopes are read, at most maxFrames: the user's frames first, then the innermost others. */
  function framesToRead(frames: readonly CallFrame[]): number[] {
    const user = frames.flatMap((f, i) => (isUserUrl(scripts.get(f.location.scriptId)) ? [i] : []));
    const chosen = new Set(user.slice(0, maxFrames));
    for (let i = 0; i < frames.length && chosen.size < maxFrames; i++) chosen.add(i);
    return [...chosen].sort((a, b) => a - b);
  }

  function snapshot(paused: Paused, id: number, began: number): Snapshot {
    const deadline = began + watchdogMs;
    const listed = paused.callFrames.slice(0, LISTED_FRAMES);
    const frames: RawFrame[] = listed.map((f) => ({
      function: f.functionName || null, url: scripts.get(f.location.scriptId) ?? '', line: f.location.lineNumber + 1, column: f.location.columnNumber + 1, async: false, scopes: null,
    }));
    const reads = framesToRead(listed);
    let failed = false;
    let late = 0;
    for (const i of reads) {
      const read = readScopes(listed[i], deadline);
      frames[i].scopes = read.scopes;
      failed ||= read.failed;
      if (read.late) late++;
    }
    let note: string | null = null;
    if (late > 0) note = `the snapshot timed out after ${watchdogMs} ms: the scopes of ${late} of ${reads.length} frames were not read`;
    else if (failed) note = 'some scopes could not be read';
    if (performance.now() < deadline) frames.push(...helper.asyncCallers());
    return { id, frames, framesOmitted: Math.max(0, paused.callFrames.length - listed.length), partial: note !== null, note, ms: performance.now() - began };
  }

  function countPause(began: number, pausedMs: number): void {
    if (throttled || budget.pay(began, pausedMs)) return;
    throttled = true;
    call('Debugger.setPauseOnExceptions', { state: 'uncaught' });
    setTimeout(() => {
      throttled = false;
      if (!closed) call('Debugger.setPauseOnExceptions', { state: 'all' });
    }, backOffMs).unref();
    backOffMs = Math.min(backOffMs * 2, 60_000);
  }

  function onPaused(paused: Paused): void {
    const began = performance.now();
    const atThrow = paused.reason === 'exception' || paused.reason === 'promiseRejection';
    inPause = true;
    try {
      if (!atThrow || !paused.data) {
        // A `debugger` statement: the format guard's probe, the exit listener's, or the user's (plain node ignores it).
        if (probe === 'exit') exitSnapshot = snapshot(paused, EXIT_SNAPSHOT, began);
        if (probe !== 'none') probeSeen = true;
        return;
      }
      if (!paused.callFrames.some((f) => isUserUrl(scripts.get(f.location.scriptId)))) return;
      const id = nextId++;
      if (helper.mark(valueOf(asArgument(paused.data)), id) !== id) return; // a rethrow
      const taken = snapshot(paused, id, began);
      // Only uncaught errors pause now: V8 paused where no catch is left, which may be a library's rethrow, outer of the first throw.
      if (throttled) taken.note = [taken.note, `taken where the error was last thrown, not where it was first thrown: the program had thrown and caught errors at a high rate (${budget.describe()}), so only uncaught ones paused`].filter(Boolean).join('; ');
      snapshots.set(id, taken);
      if (snapshots.size > KEPT) snapshots.delete(snapshots.keys().next().value!);
    } catch (error) {
      lastFailure = `a snapshot failed: ${(error as Error).message}`;
    } finally {
      inPause = false;
      try {
        call('Runtime.releaseObjectGroup', { objectGroup: GROUP });
        call('Debugger.resume');
        if (atThrow) countPause(began, performance.now() - began);
      } catch {
        // the session is gone: the program runs on
      }
    }
  }

  try {
    session.connect();
    session.on('Debugger.scriptParsed', (m: { params: { scriptId: string; url: string } }) => scripts.set(m.params.scriptId, m.params.url));
    session.on('Debugger.paused', (m: { params: Paused }) => onPaused(m.params));
    call('Debugger.enable');
    const held = call<{ result: Remote }>('Runtime.evaluate', { expression: `globalThis[Symbol.for(${JSON.stringify(HELPER_KEY)})]`, objectGroup: 'trainspect-postmortem-helper' });
    helperId = held.result.objectId;
    if (!helperId) throw new Error('the helper is missing');
    call('Debugger.setPauseOnExceptions', { state: 'all' });
  } catch (error) {
    try {
      session.disconnect();
    } catch {
      // never connected
    }
    return `the inspector could not pause this process: ${(error as Error).message}`;
  }

  /** Runs a `debugger` statement with `asked` as the question; says whether the session paused there. */
  const pausesHere = (asked: 'asked' | 'exit'): boolean => {
    probe = asked;
    probeSeen = false;
    try {
      // eslint-disable-next-line no-debugger
      debugger;
      return probeSeen;
    } finally {
      probe = 'none';
    }
  };

  return {
    take(id) {
      const found = snapshots.get(id) ?? null;
      const note = found ? null : throttled ? `the program threw and caught errors at a high rate (${budget.describe()}), so only uncaught ones paused for a while` : lastFailure;
      return { snapshot: found, note };
    },
    snapshotHere() {
      if (closed) return undefined;
      exitSnapshot = undefined;
      return pausesHere('exit') ? exitSnapshot : undefined;
    },
    paused() {
      if (closed) return false;
      if (inPause) return true;
      return probe === 'none' && !pausesHere('asked'); // a probe already running is outside a pause
    },
    close() {
      if (closed) return;
      closed = true;
      session.disconnect(); // the debugger goes off with it (the wasm backend runs optimised again)
    },
  };
}
