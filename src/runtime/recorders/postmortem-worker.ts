// The post-mortem recorder's inspector, in a worker thread (bundled apart as dist/runtime/postmortem-worker.js):
// an inspector session on the main thread that pauses it at every throw that has a user frame on its
// stack, reads every frame's scopes through the main thread's helper (postmortem-scope.ts) and resumes
// it at once. The snapshots are kept here, the last few, until the main thread asks for the one whose
// error ends the run (postmortem.ts). Thrown values are told apart by the helper's WeakMap, so a value
// TF.js rethrows a dozen times is read once, at its first throw with a user frame: the innermost one.
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import type { FrameScope, ScopeKind } from '../../protocol/events';
import { isUserFile } from '../user-files';
import { ARMED, STOOD_DOWN, EXIT_SNAPSHOT, HELPER_KEY, PROBE, PROBE_ASKED, PROBE_EXIT, PROBE_PAUSED, REPLY, type Answer, type RawFrame, type Request, type Snapshot, type WorkerStart } from './postmortem-link';

const start = workerData as WorkerStart;
const session = new Session();
const scripts = new Map<string, string>(); // scriptId → URL (CallFrame.url is "" on Node 20)
const snapshots = new Map<number, Snapshot>();
const KEPT = 16;
const LISTED_FRAMES = 100;
const GROUP = 'trainspect-postmortem';
// Past PAUSES_PER_SECOND pauses, or PAUSED_MS_PER_SECOND ms paused, in a second the program throws and
// catches in a loop: pause only at uncaught exceptions for a while, twice as long each time it happens again.
const PAUSES_PER_SECOND = 50;
const PAUSED_MS_PER_SECOND = 20;
let windowStart = 0;
let windowPauses = 0;
let windowPausedMs = 0;
let backOffMs = 1000;
let throttled = false;
let nextId = 1;
let helperId: string | undefined;

type Params = Record<string, unknown>;
type Remote = { objectId?: string; value?: unknown; unserializableValue?: string; type?: string };
interface CallFrame { functionName: string; location: { scriptId: string; lineNumber: number; columnNumber: number }; scopeChain: { type: string; name?: string; object: Remote }[] }
interface Paused { reason: string; data?: Remote; callFrames: CallFrame[] }

let lastFailure: string | null = null; // never printed: the program's stderr stays its own

function post<T = Params>(method: string, params?: Params): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

function pathOf(url: string): string {
  try {
    return url.startsWith('file://') ? fileURLToPath(url) : url;
  } catch {
    return url;
  }
}

const isUserUrl = (url: string | undefined): boolean => url !== undefined && isUserFile(pathOf(url), start.ownDir);

const SCOPE_KINDS = new Set<string>(['local', 'block', 'catch', 'closure', 'module', 'script', 'with', 'eval']);

/** Calls one of the helper's methods in the paused main thread, by value. */
async function callHelper<T>(method: 'mark' | 'scope' | 'asyncCallers', args: { objectId?: string; value?: unknown; unserializableValue?: string }[]): Promise<T> {
  const reply = await post<{ result: { value?: T }; exceptionDetails?: unknown }>('Runtime.callFunctionOn', {
    objectId: helperId, functionDeclaration: `function (a, b) { return this.${method}(a, b); }`, arguments: args, returnByValue: true, objectGroup: GROUP,
  });
  if (reply.exceptionDetails !== undefined) throw new Error(`the helper's ${method} failed`);
  return reply.result.value as T;
}

const asArgument = (thrown: Remote): { objectId?: string; value?: unknown; unserializableValue?: string } =>
  thrown.objectId ? { objectId: thrown.objectId } : thrown.unserializableValue ? { unserializableValue: thrown.unserializableValue } : thrown.type === 'undefined' ? {} : { value: thrown.value };

/** Resolves undefined once `deadline` (ms, performance.now()) has passed. */
function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - performance.now()))));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A library's frame shows its own variables (a TF.js kernel's `a` and `b`), not its closures' (a bundle's hundreds of names). */
const LIBRARY_SCOPE_KINDS = new Set<string>(['local', 'block', 'catch']);

async function readScopes(frame: CallFrame): Promise<{ scopes: FrameScope[] | null; failed: boolean }> {
  const url = scripts.get(frame.location.scriptId) ?? '';
  if (url.startsWith('node:')) return { scopes: null, failed: false }; // Node's internals
  const kinds = isUserUrl(url) ? SCOPE_KINDS : LIBRARY_SCOPE_KINDS;
  let failed = false;
  const chain = frame.scopeChain.filter((s) => kinds.has(s.type) && s.object.objectId);
  const scopes = await Promise.all(chain.map(async (s): Promise<FrameScope> => {
    try {
      const read = await callHelper<Pick<FrameScope, 'variables' | 'omitted'>>('scope', [{ objectId: s.object.objectId }]);
      return { kind: s.type as ScopeKind, name: s.name || null, ...read };
    } catch {
      failed = true;
      return { kind: s.type as ScopeKind, name: s.name || null, variables: [], omitted: 0 };
    }
  }));
  return { scopes, failed };
}

function rawFrame(functionName: string, scriptId: string, line: number, column: number): RawFrame {
  return { function: functionName || null, url: scripts.get(scriptId) ?? '', line: line + 1, column: column + 1, async: false, scopes: null };
}

/** The indices of the frames whose scopes are read, at most maxFrames: the user's frames first, then the innermost others. */
function framesToRead(frames: readonly CallFrame[]): number[] {
  const user = frames.flatMap((f, i) => (isUserUrl(scripts.get(f.location.scriptId)) ? [i] : []));
  const chosen = new Set(user.slice(0, start.maxFrames));
  for (let i = 0; i < frames.length && chosen.size < start.maxFrames; i++) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
}

async function snapshot(paused: Paused, id: number, began: number): Promise<Snapshot> {
  const deadline = began + start.watchdogMs;
  const listed = paused.callFrames.slice(0, LISTED_FRAMES);
  const frames = listed.map((f) => rawFrame(f.functionName, f.location.scriptId, f.location.lineNumber, f.location.columnNumber));
  let partial = false;
  let note: string | null = null;
  // Scopes are kept as they arrive: past the deadline the frames read so far stay, the others have none.
  let open = true;
  let failed = false;
  let arrived = 0;
  const reads = framesToRead(listed).map((i) => readScopes(listed[i]).then((r) => {
    if (!open) return;
    frames[i].scopes = r.scopes;
    failed ||= r.failed;
    arrived++;
  }));
  const done = await beforeDeadline(Promise.all(reads), deadline);
  open = false;
  if (done === undefined) {
    partial = true;
    note = `the snapshot timed out after ${start.watchdogMs} ms: the scopes of ${reads.length - arrived} of ${reads.length} frames were not read`;
  } else if (failed) {
    partial = true;
    note = 'some scopes could not be read';
  }
  if (performance.now() < deadline) {
    const callers = await beforeDeadline(callHelper<RawFrame[]>('asyncCallers', []).catch(() => []), deadline);
    frames.push(...(callers ?? []));
  }
  return { id, frames, framesOmitted: Math.max(0, paused.callFrames.length - listed.length), partial, note, ms: performance.now() - began };
}

function countPause(began: number, pausedMs: number): void {
  if (began - windowStart > 1000) {
    windowStart = began;
    windowPauses = 0;
    windowPausedMs = 0;
  }
  windowPausedMs += pausedMs;
  if ((++windowPauses <= PAUSES_PER_SECOND && windowPausedMs <= PAUSED_MS_PER_SECOND) || throttled) return;
  throttled = true;
  void post('Debugger.setPauseOnExceptions', { state: 'uncaught' }).catch(() => undefined);
  setTimeout(() => {
    throttled = false;
    windowPauses = 0;
    void post('Debugger.setPauseOnExceptions', { state: 'all' }).catch(() => undefined);
  }, backOffMs);
  backOffMs = Math.min(backOffMs * 2, 60_000);
}

async function onPaused(paused: Paused): Promise<void> {
  const began = performance.now();
  try {
    if ((paused.reason !== 'exception' && paused.reason !== 'promiseRejection') || !paused.data) {
      // A `debugger` statement: the format guard's probe, the exit listener's, or the user's (plain node ignores it).
      const probe = Atomics.load(start.signals, PROBE);
      if (probe === PROBE_EXIT) snapshots.set(EXIT_SNAPSHOT, await snapshot(paused, EXIT_SNAPSHOT, began));
      if (probe === PROBE_ASKED || probe === PROBE_EXIT) Atomics.store(start.signals, PROBE, PROBE_PAUSED);
      return;
    }
    if (!paused.callFrames.some((f) => isUserUrl(scripts.get(f.location.scriptId)))) return;
    const id = nextId++;
    if ((await callHelper<number>('mark', [asArgument(paused.data), { value: id }])) !== id) return; // a rethrow
    snapshots.set(id, await snapshot(paused, id, began));
    if (snapshots.size > KEPT) snapshots.delete(snapshots.keys().next().value!);
  } catch (error) {
    lastFailure = `a snapshot failed: ${(error as Error).message}`;
  } finally {
    session.post('Runtime.releaseObjectGroup', { objectGroup: GROUP });
    session.post('Debugger.resume');
    if (paused.reason === 'exception' || paused.reason === 'promiseRejection') countPause(began, performance.now() - began);
  }
}

function answer(request: Request): void {
  if (request.type === 'close') {
    session.disconnect(); // else Node waits at exit for "the debugger to disconnect"
    start.port.close();
  } else {
    const found = snapshots.get(request.id) ?? null;
    const note = found ? null : throttled ? `the program threw and caught errors at a high rate (more than ${PAUSES_PER_SECOND} a second, or ${PAUSED_MS_PER_SECOND} ms of pauses), so only uncaught ones paused for a while` : lastFailure;
    start.port.postMessage({ snapshot: found, note } satisfies Answer);
  }
  Atomics.store(start.signals, REPLY, 1);
  Atomics.notify(start.signals, REPLY);
}

async function arm(): Promise<void> {
  session.connectToMainThread();
  session.on('Debugger.scriptParsed', (m: { params: { scriptId: string; url: string } }) => scripts.set(m.params.scriptId, m.params.url));
  session.on('Debugger.paused', (m: { params: Paused }) => void onPaused(m.params));
  start.port.on('message', answer);
  await post('Debugger.enable');
  const helper = await post<{ result: Remote }>('Runtime.evaluate', { expression: `globalThis[Symbol.for(${JSON.stringify(HELPER_KEY)})]`, objectGroup: 'trainspect-postmortem-helper' });
  helperId = helper.result.objectId;
  if (!helperId) throw new Error('the helper is missing');
  await post('Debugger.setPauseOnExceptions', { state: 'all' });
}

arm().then(
  () => {
    if (Atomics.compareExchange(start.signals, ARMED, 0, 1) === STOOD_DOWN) session.disconnect(); // armed too late: the process runs without
  },
  () => Atomics.compareExchange(start.signals, ARMED, 0, 2),
).finally(() => Atomics.notify(start.signals, ARMED));
