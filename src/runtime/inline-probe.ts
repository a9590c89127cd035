// The recording of a traced function written into its own body, so that no function of Trainspect's is
// on the stack while the user's code runs (no frame in `err.stack` or Node's print-out, no extra stack
// depth, nothing in the way of a spread of any length). At the top of the body a probe asks the runtime
// whether this call is recorded — one array read when it is not — and every `return` hands its value
// through. A sync body is left as it is otherwise: an error it throws is seen once the current job is
// over (the call never returned) or as the uncaught error. An async body runs inside try/catch, whose
// rethrow only rejects its promise. The probe passes the parameters themselves, not `arguments`
// (which would cost every call an object and stack space), unless the body reads `arguments` itself.
// The function's identity, name, length, `this`, `arguments` and `new` are as they were.
// A closure that a factory makes (`return (items) => …`) shares its code with every other closure of
// that factory, but each may be bound to its own name: the factory's `return` keeps the closure in a
// variable of the factory's call (`return (fn)instanceof(P||I()).n,K=P.n.v`), and the closure's probe
// passes that variable, itself, so that the runtime can tell whose call it is.
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
  /** Nested inside any other insertion with the same span (a shape call inside a wrapped value). */
  inner?: boolean;
}

/** The names the instrumented code uses (defined once at the end of each file). */
export const PROBE_FILE = '__trainspect_p';
export const PROBE_INIT = '__trainspect_i';
const CALL = '__trainspect_t';
const ERROR = '__trainspect_e';

/** The variable that holds the closure of probe `index` itself, declared in its factory's body. */
export const selfName = (index: number): string => `__trainspect_c${index}`;

/** The closures that factories make, by the value that hands each back: the variable that keeps it (selfName). */
export type Links = ReadonlyMap<AnyNode, string>;

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
 * What keeps a closure that a `return` hands back, after the value: `instanceof` gives it to the file's
 * idle handler, which holds it for the assignment. The call in `P||I()` (not made once the file has
 * registered) is there for V8: it would name the closure `__trainspect_c0` in stack traces after an
 * assignment that follows it in the expression, unless a call comes between.
 */
const keep = (self: string): string => `instanceof(${PROBE_FILE}||${PROBE_INIT}()).n,${self}=${PROBE_FILE}.n.v`;

/** What a `return` hands back after its value: the value itself, kept as closure `self` when it is one. */
const handed = (self: string | undefined): string => (self ? `${HANDED} ${keep(self)}` : HANDED);

/** The closures `fn`'s own returns (or its arrow body) hand back, by the value that hands each back. */
function ownLinks(fn: AnyNode, links: Links): Map<AnyNode, string> {
  const own = new Map<AnyNode, string>();
  const add = (value: AnyNode | null): void => {
    const self = value ? links.get(value) : undefined;
    if (self) own.set(value!, self);
  };
  if (fn.body.type !== 'BlockStatement') add(fn.body);
  else walkOwn(fn.body, (n) => n.type === 'ReturnStatement' && add(n.argument));
  return own;
}

const declared = (own: Map<AnyNode, string>): string => (own.size ? `var ${[...own.values()].join(',')};` : '');

/** Whether probeInsertions can instrument `fn` (not a generator, whose body runs only when it is iterated). */
export function probeable(fn: AnyNode, code: string): boolean {
  if (fn.generator) return false;
  if (fn.body.type !== 'BlockStatement') return afterArrow(fn, code) !== undefined;
  return !fn.async || blockSafe(fn.body);
}

/** Whether linkInsertions can keep the closures a factory hands back (an arrow body needs a block). */
export const linkable = (factory: AnyNode, code: string): boolean => factory.body.type === 'BlockStatement' || afterArrow(factory, code) !== undefined;

/**
 * The insertions (and one-character replacements of a blank, `replace`) that make `fn` record its own
 * calls as probe `index` of the file `token`, or undefined when it cannot (probeable). `self`: the
 * variable in which fn's factory keeps the closure; `links`: the closures fn itself hands back.
 */
export function probeInsertions(fn: AnyNode, code: string, lines: FreeLines, token: string, index: number, self: string | undefined, links: Links): Insertion[] | undefined {
  if (!probeable(fn, code)) return undefined;
  // e/y: a sync/async call and its parameters' values; E/Y: the same with the arguments object;
  // c/d, C/D: the same four for a closure a factory made, which passes itself first.
  const args = argsOf(fn, code);
  const method = (self ? (fn.async ? 'd' : 'c') : fn.async ? 'y' : 'e')[args.whole ? 'toUpperCase' : 'toString']();
  const passed = [index, ...(self ? [self] : []), ...(args.text ? [args.text] : [])].join(',');
  const own = ownLinks(fn, links);
  const entry = `const ${CALL}=(${PROBE_FILE}||${PROBE_INIT}()).a[${index}]!==1?${PROBE_FILE}.n:${PROBE_FILE}.${method}(${passed})/*trainspect ${token} ${index}*/;${declared(own)}`;
  const open = fn.async ? 'try{' : '';
  const exit = fn.async ? `}catch(${ERROR}){${CALL}.f(${ERROR});throw ${ERROR}}` : '';
  const out: Insertion[] = [];
  if (fn.body.type !== 'BlockStatement') {
    const at = afterArrow(fn, code)!;
    out.push({ at, text: `{${entry}${open}return(`, open: true, start: at, end: fn.end });
    out.push({ at: fn.end, text: `${handed(own.get(fn.body))}${exit}}`, open: false, start: at, end: fn.end });
    return out;
  }
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
    out.push(opening(n, start, end, code), { at: end, text: handed(own.get(n.argument)), open: false, start, end });
  });
  return out;
}

/** The `(` before a returned value start..end: in place of the blank after `return` where there is one, so the value keeps its columns. */
function opening(n: AnyNode, start: number, end: number, code: string): Insertion {
  const blank = /[ \t]/.test(code[start - 1]) && start - 1 >= n.start + 'return'.length;
  return { at: blank ? start - 1 : start, text: '(', open: true, start, end, replace: blank };
}

/**
 * For a factory that does not record its own calls: the insertions that keep each closure it hands
 * back (`links`) in its variable, declared in the factory's body (a `var`: anywhere in the body will do,
 * so on a free line where there is one). A function expression or a call (`__name(fn, "x")`), or a
 * value in parentheses, takes `instanceof` as it is, and the `return` line stays as it was; an arrow
 * needs a `(`, which takes the place of the blank after `return`. linkable() says whether it can.
 */
export function linkInsertions(factory: AnyNode, code: string, lines: FreeLines, links: Links): Insertion[] {
  const own = ownLinks(factory, links);
  if (!own.size) return [];
  const out: Insertion[] = [];
  if (factory.body.type !== 'BlockStatement') {
    const at = afterArrow(factory, code)!;
    out.push({ at, text: `{${declared(own)}return(`, open: true, start: at, end: factory.end });
    out.push({ at: factory.end, text: `)${keep(own.get(factory.body)!)}}`, open: false, start: at, end: factory.end });
    return out;
  }
  const body = factory.body;
  const last = body.end - 1;
  const at = lines.isFree(last) ? last : entryPoint(body, scopeTop(body, code), lines);
  // As the body's (the outer construct), it goes after a closure's `instanceof` that ends at the same offset.
  out.push({ at, text: `;${declared(own)}`, open: false, start: body.start, end: body.end });
  walkOwn(body, (n) => {
    const self = n.type === 'ReturnStatement' && n.argument ? own.get(n.argument) : undefined;
    if (!self) return;
    const { start, end } = withParentheses(n.argument, code);
    const bare = n.argument.type === 'ArrowFunctionExpression' && start === n.argument.start;
    if (bare) out.push(opening(n, start, end, code));
    out.push({ at: end, text: `${bare ? ')' : ''}${keep(self)}`, open: false, start, end });
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
