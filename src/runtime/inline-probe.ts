// The recording of a traced function written into its own body, so that no function of Trainspect's is
// on the stack while the user's code runs (no frame in `err.stack` or Node's print-out, no extra stack
// depth, nothing in the way of a spread of any length). At the top of the body a probe asks the runtime
// whether this call is recorded — one array read when it is not — and every `return` hands its value
// through. A sync body is left as it is otherwise: an error it throws is seen once the current job is
// over (the call never returned) or as the uncaught error. An async body runs inside try/catch, whose
// rethrow only rejects its promise. The probe passes the parameters themselves, not `arguments`
// (which would cost every call an object and stack space), unless the body reads `arguments` itself.
// The function's identity, name, length, `this`, `arguments` and `new` are as they were.
import type { AnyNode } from './callables';
import { scopeTop } from './callables';
import type { FreeLines } from './free-lines';

/**
 * Text to insert at an offset of the code. An opening or a closing of the construct spanning
 * `start..end`: at one offset closings go first, inner before outer, then openings, outer first.
 */
export interface Insertion {
  at: number;
  text: string;
  open: boolean;
  start: number;
  end: number;
  /** The text takes the place of the one character at `at` (a blank) instead of going before it. */
  replace?: boolean;
}

/** The names the instrumented code uses (defined once at the end of each file). */
export const PROBE_FILE = '__trainspect_p';
export const PROBE_INIT = '__trainspect_i';
const CALL = '__trainspect_t';
const ERROR = '__trainspect_e';

/** The probe's mark in a function's source text: which file's probe it is. */
export const PROBE_MARK = /\/\*trainspect ([0-9a-f]+) (\d+)\*\//;

const isFunctionNode = (n: AnyNode): boolean => n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';

function children(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key in node) {
    const child = node[key];
    const list: unknown[] = Array.isArray(child) ? child : [child];
    for (const c of list) if (c && typeof c === 'object' && typeof (c as AnyNode).type === 'string') out.push(c as AnyNode);
  }
  return out;
}

/** Walks a function's own body: nested functions (and classes' members) are not entered. */
function walkOwn(node: AnyNode, visit: (n: AnyNode) => void): void {
  visit(node);
  for (const c of children(node)) if (!isFunctionNode(c) && c.type !== 'ClassBody') walkOwn(c, visit);
}

function patternNames(p: AnyNode | null, out: string[]): void {
  if (!p) return;
  if (p.type === 'Identifier') out.push(p.name);
  else if (p.type === 'AssignmentPattern') patternNames(p.left, out);
  else if (p.type === 'RestElement') patternNames(p.argument, out);
  else if (p.type === 'ArrayPattern') for (const e of p.elements) patternNames(e, out);
  else if (p.type === 'ObjectPattern') for (const prop of p.properties) patternNames(prop.type === 'RestElement' ? prop : prop.value, out);
}

/**
 * Moving the body into a block is an early error when a function declared at its top shares its name
 * with a `var` of the function or with another such declaration: those functions keep a wrapper.
 */
function blockSafe(body: AnyNode): boolean {
  const declared: string[] = [];
  for (const stmt of body.body as AnyNode[]) if (stmt.type === 'FunctionDeclaration' && stmt.id) declared.push(stmt.id.name);
  if (!declared.length) return true;
  if (new Set(declared).size !== declared.length) return false;
  const vars: string[] = [];
  walkOwn(body, (n) => {
    if (n.type === 'VariableDeclaration' && n.kind === 'var') for (const d of n.declarations) patternNames(d.id, vars);
  });
  return !vars.some((v) => declared.includes(v));
}

/** An expression that rebuilds what a parameter bound: `x`, `{ a: a, b: b }`, `[x, y]`, `...rest`. */
function rebuild(p: AnyNode, code: string): string {
  switch (p.type) {
    case 'Identifier':
      return p.name;
    case 'AssignmentPattern':
      return rebuild(p.left, code);
    case 'RestElement':
      return `...${rebuild(p.argument, code)}`;
    case 'ArrayPattern':
      return `[${p.elements.map((e: AnyNode | null) => (e ? rebuild(e, code) : '')).join(',')}]`;
    case 'ObjectPattern':
      return `{${p.properties
        .map((prop: AnyNode) => {
          if (prop.type === 'RestElement') return rebuild(prop, code);
          const key = prop.computed ? '"[computed]"' : code.slice(prop.key.start, prop.key.end);
          return `${key}:${rebuild(prop.value, code)}`;
        })
        .join(',')}}`;
    default:
      return 'void 0';
  }
}

/** Whether a (non-arrow) function reads its own `arguments` (arrows inside it read the same one). */
function readsArguments(fn: AnyNode): boolean {
  let reads = false;
  const visit = (n: AnyNode): void => {
    if (reads) return;
    if (n.type === 'Identifier' && n.name === 'arguments') reads = true;
    for (const c of children(n)) if (c.type === 'ArrowFunctionExpression' || !isFunctionNode(c)) visit(c);
  };
  visit(fn.body);
  return reads;
}

/** Whether a parameter has a default (`validPct = 0.2`), whose value the call may not have passed. */
const hasDefault = (fn: AnyNode): boolean => (fn.params as AnyNode[]).some((p) => p.type === 'AssignmentPattern');

/**
 * What the call received, as the probe's arguments: the parameters' values, or `arguments` whole when
 * the body reads it or a parameter has a default (the values after defaults would hide which ones the
 * caller left out; an arrow has no `arguments`, so its defaulted values read as passed).
 */
function argsOf(fn: AnyNode, code: string): { whole: boolean; text: string } {
  if (fn.type !== 'ArrowFunctionExpression' && (readsArguments(fn) || hasDefault(fn))) return { whole: true, text: 'arguments' };
  return { whole: false, text: (fn.params as AnyNode[]).map((p) => rebuild(p, code)).join(',') };
}

/** The offset just after an arrow's `=>`, found by skipping back over blanks and parentheses. */
function afterArrow(fn: AnyNode, code: string): number | undefined {
  let i = fn.body.start;
  while (i > fn.start && /[\s(]/.test(code[i - 1])) i--;
  return code.slice(i - 2, i) === '=>' ? i : undefined;
}

/**
 * How a returned value is handed through without moving it: `return X` becomes `return(X)instanceof
 * T,T.v`, the `(` taking the place of the blank before X, so X keeps its columns in stack traces.
 * `instanceof` gives X to the call's Symbol.hasInstance (no getter or trap of X's runs), and `T.v`
 * hands it (or the promise that follows it) back.
 */
const HANDED = `)instanceof ${CALL},${CALL}.v`;

/**
 * The insertions (and one-character replacements of a blank, `replace`) that make `fn` record its own
 * calls as probe `index` of the file `token`, or undefined when it cannot be done in place (a
 * generator: its body runs only when it is iterated).
 */
export function probeInsertions(fn: AnyNode, code: string, lines: FreeLines, token: string, index: number): Insertion[] | undefined {
  if (fn.generator) return undefined;
  // e/y: a sync/async call and its parameters' values; E/Y: the same with the arguments object.
  const args = argsOf(fn, code);
  const method = (fn.async ? 'y' : 'e')[args.whole ? 'toUpperCase' : 'toString']();
  const entry = `const ${CALL}=(${PROBE_FILE}||${PROBE_INIT}()).a[${index}]!==1?${PROBE_FILE}.n:${PROBE_FILE}.${method}(${index}${args.text ? `,${args.text}` : ''})/*trainspect ${token} ${index}*/;`;
  const open = fn.async ? 'try{' : '';
  const exit = fn.async ? `}catch(${ERROR}){${CALL}.f(${ERROR});throw ${ERROR}}` : '';
  const out: Insertion[] = [];
  if (fn.body.type !== 'BlockStatement') {
    const at = afterArrow(fn, code);
    if (at === undefined) return undefined;
    out.push({ at, text: `{${entry}${open}return(`, open: true, start: at, end: fn.end });
    out.push({ at: fn.end, text: `${HANDED}${exit}}`, open: false, start: at, end: fn.end });
    return out;
  }
  if (fn.async && !blockSafe(fn.body)) return undefined;
  const top = scopeTop(fn.body, code);
  const last = fn.body.end - 1;
  // A body whose end cannot be reached needs no record of falling off it (a sync one nothing at all).
  const close = `${alwaysLeaves(fn.body) ? '' : `;${CALL}.r(void 0)`}${exit}`;
  const entryAt = entryPoint(fn.body, top, lines);
  // After a directive with no `;` of its own on its line (`{'use strict' const …` is no statement).
  const head = (fn.body.body as AnyNode[]).some((stmt) => stmt.directive !== undefined) ? `;${entry}${open}` : `${entry}${open}`;
  // An empty body (`{}`, or directives only): entry and end meet at one offset, where closings would go
  // first; they go as one text, in order.
  if (entryAt >= last) {
    out.push({ at: entryAt, text: `${head}${close}`, open: true, start: top, end: last });
    return out;
  }
  out.push({ at: entryAt, text: head, open: true, start: top, end: last });
  if (close) out.push({ at: closingPoint(fn.body, top, lines), text: close, open: false, start: top, end: last });
  walkOwn(fn.body, (n) => {
    if (n.type !== 'ReturnStatement') return;
    if (!n.argument) {
      const at = n.start + 'return'.length;
      out.push({ at, text: ` (void 0${HANDED}`, open: true, start: at, end: at });
      return;
    }
    const { start, end } = withParentheses(n.argument, code);
    const blank = /[ \t]/.test(code[start - 1]) && start - 1 >= n.start + 'return'.length;
    out.push({ at: blank ? start - 1 : start, text: '(', open: true, start, end, replace: blank });
    out.push({ at: end, text: HANDED, open: false, start, end });
  });
  return out;
}

/**
 * A returned expression with the parentheses written around it (acorn leaves them out): handed through
 * whole, so that `return (` and `);` get the insertions, not the lines of the expression inside.
 */
function withParentheses(argument: AnyNode, code: string): { start: number; end: number } {
  let { start, end } = argument;
  for (;;) {
    let before = start - 1;
    while (/\s/.test(code[before])) before--;
    let after = end;
    while (/\s/.test(code[after] ?? '')) after++;
    if (code[before] !== '(' || code[after] !== ')') return { start, end };
    start = before;
    end = after + 1;
  }
}

/** Whether a statement never completes normally: it returns or throws on every path. */
function alwaysLeaves(n: AnyNode): boolean {
  switch (n.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return (n.body as AnyNode[]).some(alwaysLeaves);
    case 'IfStatement':
      return !!n.alternate && alwaysLeaves(n.consequent) && alwaysLeaves(n.alternate);
    case 'TryStatement':
      return (!!n.finalizer && alwaysLeaves(n.finalizer)) || (alwaysLeaves(n.block) && (!n.handler || alwaysLeaves(n.handler.body)));
    default:
      return false; // loops, switch and labels can be left by a break
  }
}

/** Where the entry probe goes: after the `{` (and directives), or on a blank or comment line before the first statement when the `{` line holds code. */
function entryPoint(body: AnyNode, top: number, lines: FreeLines): number {
  if (lines.isFree(top)) return top;
  const first = (body.body as AnyNode[]).find((stmt) => stmt.start >= top);
  return lines.freeLineWithin(top, first ? first.start : body.end - 1) ?? top;
}

/**
 * Where the code that runs as a body ends goes, between its last statement and its `}`: on a line that
 * holds nothing an error or a frame can point at (the `}` line, the last statement's line, or a blank
 * or comment line between them), else right after the last statement, which moves nothing of it.
 */
function closingPoint(body: AnyNode, top: number, lines: FreeLines): number {
  const last = body.end - 1;
  const statements = body.body as AnyNode[];
  const lastEnd = statements.length ? statements[statements.length - 1].end : top;
  if (lastEnd <= top || lines.isFree(last)) return last; // after the entry probe
  if (lines.isFree(lastEnd)) return lastEnd;
  return lines.freeLineWithin(lastEnd, last) ?? lastEnd;
}
