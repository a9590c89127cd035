// Break mode only (Break in Callable, under VS Code's JavaScript debugger): every function of a user
// file starts with `if (globalThis.__trainspectBreakIn?.()) debugger;`, put just before its first
// statement, so that the debugger stops inside the callable's own body, on its first line, with its
// parameters in scope. The check is false except for the one call break-on-call.ts has armed; with no
// debugger attached a `debugger` statement does nothing. Line-preserving, with a source map in which
// the check takes the position of the statement it precedes.
import * as acorn from 'acorn';
import MagicString from 'magic-string';
import type { EncodedSourceMap } from '@jridgewell/trace-mapping';
import { lineIndex } from './line-index';
import { shiftSourceMap, type Insertion } from './shift-source-map';
import { incomingMap } from './transform';
import { BREAK_CHECK } from './break-check';

/** The global the check calls; break-on-call.ts defines it. Also how a function with a check is known. */
export { BREAK_CHECK };
const CHECK = `if(globalThis.${BREAK_CHECK}?.())debugger;`;

type AnyNode = acorn.Node & Record<string, any>;

interface Prologue {
  at: number; // where the check goes
  close?: number; // an expression-bodied arrow becomes `{ check; return expr }`: where its `}` goes
}

/** Before the first statement after the directives ("use strict" must stay first), else before `}`. */
function blockPrologue(body: AnyNode): Prologue {
  const first = (body.body as AnyNode[]).find((s) => !(s.type === 'ExpressionStatement' && typeof s.directive === 'string'));
  return { at: first ? first.start : body.end - 1 };
}

function prologuesIn(program: acorn.Program): Prologue[] {
  const found: Prologue[] = [];
  const visit = (node: AnyNode): void => {
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') {
      const body = node.body as AnyNode;
      found.push(body.type === 'BlockStatement' ? blockPrologue(body) : { at: body.start, close: body.end });
    }
    for (const key in node) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (const c of child) if (c && typeof c.type === 'string') visit(c);
      } else if (child && typeof child === 'object' && typeof child.type === 'string') visit(child);
    }
  };
  visit(program as AnyNode);
  return found;
}

/**
 * The code with a check in every function, and an inline source map back to the original (through
 * the compiler's map when the code came with one). The code as it is when it cannot be parsed (the
 * transform after this one reports that) or has no function.
 */
export function withBreakPrologues(code: string, file: string, module: boolean): string {
  let program: acorn.Program;
  try {
    // preserveParens: `() => ({ a })` has its body start at the parenthesis.
    program = acorn.parse(code, {
      ecmaVersion: 'latest', sourceType: module ? 'module' : 'script', allowHashBang: true,
      allowReturnOutsideFunction: !module, allowAwaitOutsideFunction: module, preserveParens: true,
    });
  } catch {
    return code;
  }
  const prologues = prologuesIn(program);
  if (!prologues.length) return code;

  const incoming = incomingMap(code);
  const position = lineIndex(code);
  const s = new MagicString(code);
  const insertions: Insertion[] = [];
  const insert = (at: number, text: string, joinsNext?: true): void => {
    s.appendLeft(at, text);
    const { line, column } = position(at);
    insertions.push({ line: line - 1, column, length: text.length, ...(joinsNext ? { joinsNext } : {}) });
  };
  // Closing braces first: at one offset, an arrow that ends goes before a function that starts.
  for (const p of prologues) if (p.close !== undefined) insert(p.close, '}');
  for (const p of prologues) insert(p.at, p.close !== undefined ? `{${CHECK}return ` : CHECK, true);

  // Without a compiler's map: a map of the code onto itself, one segment per character, to shift.
  const before: EncodedSourceMap = incoming?.map ?? (new MagicString(code).generateMap({ source: file, hires: true, includeContent: false }) as unknown as EncodedSourceMap);
  if (incoming) s.remove(incoming.start, code.length);
  const map = shiftSourceMap(before, insertions);
  const base64 = Buffer.from(JSON.stringify(map), 'utf8').toString('base64');
  return `${s.toString()}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${base64}\n`;
}
