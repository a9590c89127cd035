// A user's JavaScript or TypeScript file as the editor reads it: TypeScript has its types taken out by
// sucrase (line numbers kept, `?.`/`??`/class fields left as written, so that no compiler helper such
// as `_optionalChain` appears in the code), then acorn parses it; positions map back to the original.
import * as acorn from 'acorn';
import { transform as sucrase } from 'sucrase';
import { lineIndex } from '../runtime/line-index';
import { isTypeScript } from './paths';

export interface ParsedUserFile {
  program: acorn.Program;
  /** The parsed code: the source itself for JavaScript, sucrase's output for TypeScript. */
  code: string;
  /** An offset in `code` as a 1-based line and column of the original source. */
  at(offset: number): { line: number; column: number };
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

/** undefined when the file cannot be compiled or parsed. */
export function parseUserFile(source: string, fileName: string): ParsedUserFile | undefined {
  const ts = isTypeScript(fileName);
  let code = source;
  if (ts) {
    try {
      code = sucrase(source, {
        transforms: fileName.endsWith('x') ? ['typescript', 'jsx'] : ['typescript'],
        filePath: fileName,
        keepUnusedImports: true,
        disableESTransforms: true,
      }).code;
    } catch {
      return undefined;
    }
  }
  const program = parse(code);
  if (!program) return undefined;
  const position = lineIndex(code);
  if (!ts) {
    return { program, code, at: (offset) => { const { line, column } = position(offset); return { line, column: column + 1 }; } };
  }
  const originalLines = source.split('\n');
  const generatedLines = code.split('\n');
  return {
    program,
    code,
    at: (offset) => {
      const { line, column } = position(offset);
      return { line, column: alignColumn(generatedLines[line - 1] ?? '', originalLines[line - 1] ?? '', column) + 1 };
    },
  };
}
