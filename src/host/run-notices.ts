// Notices the host adds when training begins or a run has ended: what the user asked for that did not
// happen (yet), and the failures with a well-known cause (TensorFlow.js not installed, a syntax error
// in the script).
// Pure functions of the run's events, so the CLI and the extension explain a run the same way.
import type { CallableEvent, NoticeEvent, TraceEvent, UncaughtEvent } from '../protocol/events';
import type { ErrorPreview } from '../protocol/preview';
import { matchesTarget, parseTarget } from '../protocol/runtime-config';

export type Notice = Omit<NoticeEvent, 'type' | 'time'>;

/** A target that has not been seen (yet): no callable by that name was loaded, or none of them was called. */
export interface UnseenTarget {
  target: string;
  code: 'target-not-found' | 'target-not-called';
  notice: Notice;
}

/**
 * The targets not seen so far, with what to tell the user: at the end of the run, or (`training`,
 * the api that began it) at once when training begins, since the run then goes on for a long time.
 */
export function unseenTargets(targets: readonly string[], events: readonly TraceEvent[], training?: { api: string }): UnseenTarget[] {
  const callables = events.filter((e): e is CallableEvent => e.type === 'callable');
  const calledIds = new Set(events.flatMap((e) => (e.type === 'call' ? [e.callableId] : [])));
  const unseen: UnseenTarget[] = [];
  for (const target of targets) {
    const found = callables.filter((c) => matchesTarget(target, c.name, c.site.line, c.kind));
    if (found.length === 0) {
      const near = [...new Set(callables.filter((c) => c.name === parseTarget(target).name).map((c) => `${c.name}@${c.site.line}`))];
      const known = [...new Set(callables.map((c) => c.name))].slice(0, 12);
      const hint = near.length ? ` Found at other lines: ${near.join(', ')}.` : known.length ? ` Callables seen: ${known.join(', ')}.` : '';
      const message = training
        ? `Training has begun (${training.api}) and no callable "${target}" has been loaded.${hint} The run goes on; stop it if the name is wrong.`
        : `No callable "${target}" was loaded before the script ended.${hint}`;
      unseen.push({ target, code: 'target-not-found', notice: { level: 'warning', code: 'target-not-found', message } });
    } else if (!found.some((c) => calledIds.has(c.id))) {
      const where = found.map((c) => `${c.site.file}:${c.site.line}`).join(', ');
      const message = training
        ? `Training has begun (${training.api}) and "${target}" (${where}) has not been called yet (or no call of it has returned). The run goes on; stop it if no call is coming.`
        : `"${target}" (${where}) was loaded but never called (or none of its calls returned before the script ended).`;
      unseen.push({ target, code: 'target-not-called', notice: { level: 'warning', code: 'target-not-called', message } });
    }
  }
  return unseen;
}

const TFJS_MISSING = /Cannot find (?:module|package) '(@tensorflow\/[^'/]+)/;

/** The script failed to load a TensorFlow.js package: say how to install it. */
export function tfjsMissingNotice(uncaught: readonly UncaughtEvent[], stderrTail: string, scriptDir: string): Notice | undefined {
  const fromError = uncaught.map((u) => (u.error.kind === 'error' ? TFJS_MISSING.exec(u.error.message) : null)).find(Boolean);
  const match = fromError ?? TFJS_MISSING.exec(stderrTail);
  if (!match) return undefined;
  const pkg = match[1];
  const install = pkg === '@tensorflow/tfjs-node' || pkg === '@tensorflow/tfjs-node-gpu' ? `${pkg} (or use @tensorflow/tfjs)` : pkg === '@tensorflow/tfjs' ? pkg : `${pkg} and @tensorflow/tfjs`;
  return {
    level: 'error',
    code: 'tfjs-missing',
    message: `The script needs ${pkg}, which is not installed where it can find it. Install TensorFlow.js in the script's project: cd ${JSON.stringify(scriptDir)} && npm install ${install}`,
  };
}

/** A SyntaxError thrown while loading code, as opposed to one thrown by running code (JSON.parse). */
function isLoadSyntaxError(error: ErrorPreview, runtimeDir: string): boolean {
  if (error.className !== 'SyntaxError') return false;
  const frames = (error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
  return frames.every((l) => l.includes('node:') || l.includes(runtimeDir));
}

/** The script (or a file it loads) could not be parsed. Node's own message stays in stderr as is. */
export function syntaxErrorNotice(uncaught: readonly UncaughtEvent[], stderrTail: string, runtimeDir: string): Notice | undefined {
  const error = uncaught.map((u) => u.error).find((e): e is ErrorPreview => e.kind === 'error' && isLoadSyntaxError(e, runtimeDir));
  const printed = uncaught.length === 0 ? /^(\S.*):(\d+)\n[\s\S]*?^SyntaxError: (.*)$/m.exec(stderrTail) : null;
  if (!error && !printed) return undefined;
  const where = printed ? ` in ${printed[1]}:${printed[2]}` : '';
  const what = error?.message ?? printed?.[3] ?? '';
  return {
    level: 'error',
    code: 'syntax-error',
    message: `The script could not be loaded: a syntax error${where} (${what}); Node's message is in its output above. Nothing was traced.`,
  };
}
