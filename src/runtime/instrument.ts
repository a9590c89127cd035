// Instruments one user file, or returns it untouched with a `transform-failed` notice when it cannot
// be parsed, so that the user's own SyntaxError (if any) appears exactly as without Trainspect.
import { parseTarget } from '../protocol/runtime-config';
import { emit } from './event-writer';
import { now } from './clock';
import { parsesAsModule, transformSource } from './transform';
import { withBreakPrologues } from './break-prologue';

let breakPrologues = false;

/** Break in Callable: from now on every user file gets break-prologue.ts's checks (in this thread). */
export function setBreakPrologues(on: boolean): void {
  breakPrologues = on;
}

/**
 * The words a file must contain to hold one of the targets: each target's name, or for a callback
 * ("ds.map", whose parts may stand on separate lines) or a class member ("Learner.fit") its last part,
 * in lower case. Empty when everything is traced.
 */
export function targetMentions(targets: readonly string[]): string[] {
  return targets.map((t) => (parseTarget(t).name.split('.').pop() ?? '').toLowerCase()).filter(Boolean);
}

/**
 * A file that contains none of the targets' words (in any case: `randomSplitter` makes a splitter)
 * holds no target and no factory of one, and runs as it is — parsing every file of a project at
 * start-up is the largest part of what a traced run costs.
 */
export function instrument(code: string, file: string, module: boolean, targets: readonly string[]): string {
  // The callable's body may be in any user file (a factory's), so every one gets the checks.
  const source = breakPrologues ? withBreakPrologues(code, file, module) : code;
  const mentions = targetMentions(targets);
  if (mentions.length > 0) {
    const lower = code.toLowerCase();
    if (!mentions.some((word) => lower.includes(word))) return source;
  }
  try {
    return transformSource(source, file, module, targets)?.code ?? source;
  } catch (error) {
    // ES module syntax read by the CommonJS loader: Node finds that out too and loads the file as an
    // ES module, through the ESM hook, which instruments it then.
    if (!module && parsesAsModule(code)) return code;
    const reason = error instanceof Error ? error.message : String(error);
    emit({ type: 'notice', level: 'warning', code: 'transform-failed', message: `${file} was not instrumented and ran as is: ${reason}`, time: now() });
    return code;
  }
}
