// Instruments one user file, or returns it untouched with a `transform-failed` notice when it cannot
// be parsed, so that the user's own SyntaxError (if any) appears exactly as without Trainspect. The
// parser (instrumenter.ts) is loaded only for a file that needs it and is not in the transform cache.
import { parseTarget } from '../protocol/runtime-config';
import { emit } from './event-writer';
import { now } from './clock';
import { instrumenter } from './load-instrumenter';
import type { TransformCache } from './transform-cache';
import { INSTRUMENT_FAULT } from './instrument-fault';
import type { ShapeCallsIn } from './transform';

let breakPrologues = false;
let shapeCalls: ShapeCallsIn | undefined;
let cache: TransformCache | undefined;

/** The shape recorder is on: the calls of these user files go through the shape helper (transform.ts); undefined: none. */
export function setShapeCalls(files: ShapeCallsIn | undefined): void {
  shapeCalls = files;
}

/** The comment a compiler (tsx) ends its code with: the file's positions come back through its map. */
export const INLINE_MAP = '//# sourceMappingURL=data:application/json';

/** Break in Callable: from now on every user file gets break-prologue.ts's checks (in this thread). */
export function setBreakPrologues(on: boolean): void {
  breakPrologues = on;
}

/** Where instrumented files are kept across runs (transform-cache.ts); undefined: nowhere. */
export function useTransformCache(transformCache: TransformCache | undefined): void {
  cache = transformCache;
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
  const mentions = targetMentions(targets);
  const mentioned = mentions.length === 0 || mentions.some((word) => code.toLowerCase().includes(word));
  // The callable's body may be in any user file (a factory's), so every one gets the checks; and any
  // file's calls may make tensors.
  const shapes = shapeCalls === 'all' || (shapeCalls === 'compiled' && code.includes(INLINE_MAP)) ? shapeCalls : undefined;
  if (!mentioned && !breakPrologues && !shapes) return code;
  const key = cache?.keyOf({ code, file, module, targets, breakPrologues, shapes: shapes ?? null });
  const kept = key === undefined ? undefined : cache!.get(key);
  if (kept !== undefined) return kept;
  const tools = instrumenter();
  const source = breakPrologues ? tools.withBreakPrologues(code, file, module) : code;
  if (!mentioned && !shapes) return keep(key, source);
  try {
    return keep(key, tools.transformSource(source, file, module, targets, { shapes, callables: mentioned })?.code ?? source);
  } catch (error) {
    // ES module syntax read by the CommonJS loader: Node finds that out too and loads the file as an
    // ES module, through the ESM hook, which instruments it then.
    const ours = error instanceof Error && error.name === INSTRUMENT_FAULT;
    if (!ours && !module && tools.parsesAsModule(code)) return code;
    const reason = error instanceof Error ? error.message : String(error);
    emit({ type: 'notice', level: 'warning', code: 'transform-failed', message: `${file} was not instrumented and ran as is: ${reason}`, time: now() });
    return code;
  }
}

function keep(key: string | undefined, code: string): string {
  if (key !== undefined) cache!.set(key, code);
  return code;
}
