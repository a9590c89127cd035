// Finds the callables of a script for the editor (quick pick, CodeLens, "Break in Callable"), with the
// same finder and naming as the runtime's transform, so a name picked here is a name the runtime traces.
import * as acorn from 'acorn';
import { transform as sucrase } from 'sucrase';
import type { CallableKind } from '../protocol/events';
import { factoriesIn, findCallables, type FoundCallable } from '../runtime/callables';
import { lineIndex } from '../runtime/line-index';
import { isTypeScript } from './paths';

export interface DetectedCallable {
  name: string;
  kind: CallableKind;
  line: number; // 1-based position of the callable (its name, or the function)
  column: number;
  breakLine: number; // 1-based: first statement of its body, or the arrow's expression
  breakColumn: number;
  endLine: number; // 1-based, inclusive: last line of the callable (for "the one under the cursor")
}

function parse(code: string): acorn.Program | undefined {
  const options = { ecmaVersion: 'latest', allowHashBang: true, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true } as const;
  for (const sourceType of ['module', 'script'] as const) {
    try {
      return acorn.parse(code, { ...options, sourceType });
    } catch {
      // try the other source type
    }
  }
  return undefined;
}

/**
 * The column in `original` of `column` in `generated`, where generated is the original line with type
 * syntax taken out: characters are matched in order, skipping what the compiler removed.
 */
function alignColumn(generated: string, original: string, column: number): number {
  let o = 0;
  for (let g = 0; g < column && o < original.length; g++, o++) {
    while (o < original.length && original[o] !== generated[g]) o++;
  }
  while (o < original.length && original[o] !== generated[column]) o++;
  return o < original.length ? o : column;
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

export function detectCallables(source: string, fileName: string): DetectedCallable[] {
  let code = source;
  const ts = isTypeScript(fileName);
  if (ts) {
    try {
      // sucrase keeps line numbers; columns are found again by aligning each line with the original.
      code = sucrase(source, { transforms: fileName.endsWith('x') ? ['typescript', 'jsx'] : ['typescript'], filePath: fileName, keepUnusedImports: true }).code;
    } catch {
      return [];
    }
  }
  const originalLines = source.split('\n');
  const program = parse(code);
  if (!program) return [];
  const position = lineIndex(code);
  const generatedLines = ts ? code.split('\n') : [];
  const at = (offset: number): { line: number; column: number } => {
    const { line, column } = position(offset);
    if (!ts) return { line, column: column + 1 };
    return { line, column: alignColumn(generatedLines[line - 1] ?? '', originalLines[line - 1] ?? '', column) + 1 };
  };
  const factories = factoriesIn(program);
  return findCallables(program, code)
    .filter((c) => isLikelyCallable(c, factories))
    .sort((a, b) => a.position - b.position)
    .map((c) => {
      const where = at(c.position);
      const brk = at(c.bodyStart);
      const end = at(Math.max(c.position, c.end - 1));
      return { name: c.name, kind: c.kind, line: where.line, column: where.column, breakLine: brk.line, breakColumn: brk.column, endLine: end.line };
    });
}
