// The frames of a real throw as the post-mortem recorder reads them, in this process: an inspector
// session pauses at the throw (pause on every exception, as the recorder does), the same frames are
// chosen (the user's first, then the innermost others), and each one's own scopes (local, block,
// catch) are read by the recorder's own helper (postmortem-scope.ts, previewValue at its limits), so
// tests of explainError see the real TF.js functions, file paths and locals of each failure.
import { Session } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import type { FrameScope, PostmortemFrame, ScopeKind } from '../../../src/protocol/events';
import { DEFAULT_PREVIEW_LIMITS } from '../../../src/protocol/preview';
import { DEFAULT_POSTMORTEM_BOUNDS } from '../../../src/protocol/runtime-config';
import { createHelper } from '../../../src/runtime/recorders/postmortem-scope';
import { parseFrameLine } from '../../../src/runtime/stack';

const OWN_SCOPES = new Set(['local', 'block', 'catch']);
const READ_SCOPE = Symbol.for('trainspect.test.readScope');
const KEEP_THROWN = Symbol.for('trainspect.test.keepThrown');

interface CallFrame { functionName: string; location: { scriptId: string; lineNumber: number; columnNumber: number }; scopeChain: { type: string; name?: string; object: { objectId?: string } }[] }

/** As the recorder chooses (postmortem-inspector.ts): the user's frames first, then the innermost others, maxFrames in all. */
function framesToRead(frames: readonly PostmortemFrame[]): number[] {
  const { maxFrames } = DEFAULT_POSTMORTEM_BOUNDS;
  const chosen = new Set(frames.flatMap((f, i) => (f.user ? [i] : [])).slice(0, maxFrames));
  for (let i = 0; i < frames.length && chosen.size < maxFrames; i++) chosen.add(i);
  return [...chosen];
}

const pathOf = (url: string): string => (url.startsWith('file://') ? fileURLToPath(url) : url);

/** Runs `fail` (sync or async) and returns what it threw with the frames at its first throw that had a user frame. */
export async function framesAtThrow(fail: () => unknown): Promise<{ error: Error; frames: PostmortemFrame[] }> {
  const session = new Session();
  const scripts = new Map<string, string>();
  const snapshots: { thrown: unknown; frames: PostmortemFrame[] }[] = [];
  const post = <T>(method: string, params?: object): T => {
    let reply: T | undefined;
    let failure: Error | null = null;
    session.post(method, params, (error, result) => ((failure = error), (reply = result as T))); // synchronous on this thread
    if (failure) throw failure;
    return reply as T;
  };
  const scopesOf = (frame: CallFrame): FrameScope[] =>
    frame.scopeChain.filter((s) => OWN_SCOPES.has(s.type) && s.object.objectId).map((s) => ({
      kind: s.type as ScopeKind, name: s.name || null,
      ...post<{ result: { value: Pick<FrameScope, 'variables' | 'omitted'> } }>('Runtime.callFunctionOn', {
        objectId: s.object.objectId, functionDeclaration: `function () { return globalThis[Symbol.for('trainspect.test.readScope')](this); }`, returnByValue: true,
      }).result.value,
    }));
  const onPaused = ({ params }: { params: { reason: string; data?: { objectId?: string }; callFrames: CallFrame[] } }): void => {
    try {
      if (params.reason !== 'exception' || !params.data?.objectId) return;
      const frames = params.callFrames.map((f): PostmortemFrame => {
        const url = scripts.get(f.location.scriptId) ?? '';
        const parsed = parseFrameLine(`    at ${f.functionName || '<anonymous>'} (${pathOf(url)}:${f.location.lineNumber + 1}:${f.location.columnNumber + 1})`)!;
        return { ...parsed, function: f.functionName || null, async: false, scopes: null };
      });
      if (!frames.some((f) => f.user)) return;
      for (const i of framesToRead(frames)) if (!frames[i].file?.startsWith('node:')) frames[i].scopes = scopesOf(params.callFrames[i]);
      const first = post<{ result: { value: boolean } }>('Runtime.callFunctionOn', {
        objectId: params.data.objectId, functionDeclaration: `function () { return globalThis[Symbol.for('trainspect.test.keepThrown')](this); }`, returnByValue: true,
      }).result.value;
      if (first) snapshots[snapshots.length - 1].frames = frames; // a rethrow keeps the first, innermost, throw's frames
    } finally {
      post('Debugger.resume');
    }
  };
  const globals = globalThis as Record<symbol, unknown>;
  const helper = createHelper(DEFAULT_PREVIEW_LIMITS, DEFAULT_POSTMORTEM_BOUNDS.maxProperties);
  globals[READ_SCOPE] = (scope: object) => helper.scope(scope);
  globals[KEEP_THROWN] = (thrown: unknown): boolean => {
    if (snapshots.some((s) => s.thrown === thrown)) return false;
    snapshots.push({ thrown, frames: [] });
    return true;
  };
  session.connect();
  session.on('Debugger.scriptParsed', (m: { params: { scriptId: string; url: string } }) => scripts.set(m.params.scriptId, m.params.url));
  session.on('Debugger.paused', onPaused);
  try {
    post('Debugger.enable');
    post('Debugger.setPauseOnExceptions', { state: 'all' });
    try {
      await fail();
    } catch (error) {
      const snapshot = snapshots.find((s) => s.thrown === error);
      if (!snapshot) throw new Error(`no pause with a user frame for ${String(error)}`);
      return { error: error as Error, frames: snapshot.frames };
    }
    throw new Error('it did not throw');
  } finally {
    post('Debugger.setPauseOnExceptions', { state: 'none' });
    post('Debugger.disable');
    session.disconnect();
    delete globals[READ_SCOPE];
    delete globals[KEEP_THROWN];
  }
}
