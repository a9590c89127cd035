// Finds the callables of a script for the editor (quick pick, CodeLens, "Break in Callable"), with the
// same finder and naming as the runtime's transform, so a name picked here is a name the runtime traces,
// and says of each how prominently to offer it (its tier).
import type * as acorn from 'acorn';
import type { CallableKind } from '../protocol/events';
import { factoriesIn, findCallables, type FoundCallable } from '../runtime/callables';
import { fileFacts, type FileFacts } from './file-facts';
import { parseUserFile, type ParsedUserFile } from './parse-user-file';

/**
 * How prominently the editor offers a callable:
 * - `pipeline`: what a user traces — splitters, labellers, getters, object-literal properties (a
 *   DataBlock), dataset callbacks, functions exported or handed on as values — at the file's top level;
 * - `top-level`: the file's other top-level callables (`buildModel`, `items.map(…)`), listed after them;
 * - `entry`: functions the script calls without arguments from its top level (`main()`): nothing to see;
 * - `inner`: callables inside a function body (`const rand = lcg(42)`, a `.map` callback in `main`).
 */
export type CallableTier = 'pipeline' | 'top-level' | 'entry' | 'inner';

export interface DetectedCallable {
  name: string;
  kind: CallableKind;
  tier: CallableTier;
  /** What the runtime is asked to trace: the name, `name@line` where the name is not unique, or the aliased function's. */
  target: string;
  /** `getLabel: labelFromFilename`: the function a property names, which is what runs and is traced. */
  aliasOf?: string;
  line: number; // 1-based position of the callable (its name, or the function)
  column: number;
  breakLine: number; // 1-based: first statement of its body, or the arrow's expression
  breakColumn: number;
  endLine: number; // 1-based, inclusive: last line of the callable (for "the one under the cursor")
}

/** Names the editor offers even when the factory is defined elsewhere: splitters, labellers, getters (getY). */
const CALLABLE_NAME = /split|label|^get[A-Z_]/i;

/**
 * A bound function is a callable; a value a call returned only when that call is known to make
 * functions (a factory in the same file) or its name says so, so that `files = getImageFiles(dir)`
 * gets no CodeLens. The runtime traces both and reports a factory's value only if it is a function.
 */
function isLikelyCallable(c: FoundCallable, factories: Set<string>): boolean {
  return c.factory === undefined || factories.has(c.factory) || CALLABLE_NAME.test(c.name);
}

/**
 * A callback of a dataset: `tf.data.generator(…)`, `ds.map(…)`, `tf.data.array(xs).map(…)` (named "map":
 * the chain holds calls); not of an array like `BREEDS.flatMap(…)` or `items.map(…)`.
 */
const DATASET_CALLBACK = /^tf\.|(^|\.)(generator|func|mapAsync|forEachAsync)$|^[^.]+$|(^|\.)(ds|data|dataset|\w+(Ds|Data|Dataset))\.[^.]+$/;

function tierOf(c: Pick<FoundCallable, 'name' | 'kind' | 'position' | 'factory'>, facts: FileFacts): CallableTier {
  if (facts.insideFunction(c.position)) return 'inner';
  if (c.kind === 'callback') return DATASET_CALLBACK.test(c.name) ? 'pipeline' : 'top-level';
  const handedOn = c.kind === 'property' || c.kind === 'assignment' || c.factory !== undefined;
  if (handedOn || CALLABLE_NAME.test(c.name) || facts.valueNames.has(c.name)) return 'pipeline';
  return facts.topLevelCalls.has(c.name) ? 'entry' : 'top-level';
}

type AnyNode = acorn.Node & Record<string, any>;

interface Alias {
  name: string;
  position: number;
  end: number;
  valueStart: number;
  of: string;
}

/** `module.exports = {…}`, `exports = {…}`: the file's exports, not a structure of callables. */
function isExportsObject(parent: AnyNode | undefined, node: AnyNode): boolean {
  if (parent?.type !== 'AssignmentExpression' || parent.right !== node) return false;
  const left = parent.left;
  if (left.type === 'Identifier') return left.name === 'exports';
  return left.type === 'MemberExpression' && left.object.type === 'Identifier' && left.object.name === 'module' && !left.computed && left.property.name === 'exports';
}

/** Properties whose value names a function: `{ getItems: getImageFiles, getLabel: labelFromFilename }`. */
function aliasProperties(program: acorn.Program, isFunctionName: (name: string) => boolean): Alias[] {
  const found: Alias[] = [];
  const visit = (node: AnyNode, parent: AnyNode | undefined): void => {
    if (node.type === 'ObjectExpression' && !isExportsObject(parent, node)) {
      for (const prop of node.properties as AnyNode[]) {
        if (prop.type !== 'Property' || prop.kind !== 'init' || prop.shorthand || prop.computed || prop.value.type !== 'Identifier') continue;
        const key = prop.key.type === 'Identifier' ? prop.key.name : typeof prop.key.value === 'string' ? prop.key.value : undefined;
        if (key && isFunctionName(prop.value.name)) found.push({ name: key, position: prop.key.start, end: prop.end, valueStart: prop.value.start, of: prop.value.name });
      }
    }
    for (const key in node) {
      const child = node[key];
      for (const c of Array.isArray(child) ? child : [child]) if (c && typeof c === 'object' && typeof c.type === 'string') visit(c, node);
    }
  };
  visit(program as AnyNode, undefined);
  return found;
}

function sameNameTargets<T extends { name: string; line: number }>(list: T[]): (c: T) => string {
  const counts = new Map<string, number>();
  for (const c of list) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  return (c) => ((counts.get(c.name) ?? 0) > 1 ? `${c.name}@${c.line}` : c.name);
}

function detect(parsed: ParsedUserFile): DetectedCallable[] {
  const { program, code, at } = parsed;
  const facts = fileFacts(program);
  const factories = factoriesIn(program);
  const found = findCallables(program, code).filter((c) => isLikelyCallable(c, factories));
  const own = found.map((c) => {
    const where = at(c.position);
    const brk = at(c.bodyStart);
    const end = at(Math.max(c.position, c.end - 1));
    return { name: c.name, kind: c.kind, tier: tierOf(c, facts), line: where.line, column: where.column, breakLine: brk.line, breakColumn: brk.column, endLine: end.line, position: c.position };
  });
  const targetOf = sameNameTargets(own);
  const result: Array<DetectedCallable & { position: number }> = own.map((c) => ({ ...c, target: targetOf(c) }));

  // A property naming a function of this file traces that function; one naming an import from the
  // user's own files traces it under its exported name, in the file that defines it.
  const local = (name: string) => result.find((c) => c.name === name && c.tier !== 'inner' && (c.kind === 'declaration' || c.kind === 'variable'));
  for (const a of aliasProperties(program, (name) => facts.imports.has(name) || local(name) !== undefined)) {
    const definition = local(a.of);
    const where = at(a.position);
    const value = at(a.valueStart);
    result.push({
      name: a.name,
      kind: 'property',
      tier: tierOf({ name: a.name, kind: 'property', position: a.position }, facts),
      target: definition?.target ?? facts.imports.get(a.of)!.imported,
      aliasOf: definition?.name ?? facts.imports.get(a.of)!.imported,
      line: where.line,
      column: where.column,
      breakLine: definition?.breakLine ?? value.line,
      breakColumn: definition?.breakColumn ?? value.column,
      endLine: at(Math.max(a.position, a.end - 1)).line,
      position: a.position,
    });
  }
  return result.sort((a, b) => a.position - b.position).map(({ position: _, ...c }) => c);
}

export function detectCallables(source: string, fileName: string): DetectedCallable[] {
  const parsed = parseUserFile(source, fileName);
  return parsed ? detect(parsed) : [];
}
