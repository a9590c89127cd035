// Finds the user's callables in an acorn AST, named as the brief's "Callable naming" says, and how
// each one can be wrapped without changing line numbers. Used by the transform (runtime) and by the
// editor's detection (src/host/detect-callables.ts).
import type * as acorn from 'acorn';
import type { CallableKind } from '../protocol/events';

/** How a site is instrumented. Offsets are into the parsed code. */
export type WrapPlan =
  /** `function name(){}`: `name = W(i, name);` at `insertAt`, the top of its hoisting scope. */
  | { type: 'declaration'; insertAt: number }
  /** An expression wrapped in place: `W(i, <start..end>)`. */
  | { type: 'expression'; start: number; end: number }
  /** Method shorthand `{ name(){} }`: the object literal is wrapped and its property replaced. */
  | { type: 'method'; start: number; end: number; key: string };

export interface FoundCallable {
  name: string;
  kind: CallableKind;
  position: number; // offset of the callable's name, or of the function when it has none
  bodyStart: number; // offset of the first statement of its body, the arrow's expression, or the value
  end: number; // offset just after the callable
  /** True when the engine would have given the wrapped anonymous function this name. */
  inferName: boolean;
  wrap: WrapPlan;
}

type AnyNode = acorn.Node & Record<string, any>;

/** Dataset-style functions whose function arguments are callables ("ds.map", "tf.data.generator"). */
const CALLBACK_TAKERS = new Set(['map', 'mapAsync', 'filter', 'flatMap', 'generator', 'func', 'forEachAsync']);
/** esbuild/tsx helper names that must never be taken for user callables. */
const HELPERS = new Set(['__name', '__export', '__copyProps', '__toCommonJS', '__toESM', '__defProp', '__publicField', '__require', '__commonJS', '__esm', '__async']);

const isFunction = (n: AnyNode | null | undefined): boolean =>
  !!n && (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression');

/** The function inside a value, seeing through tsx/esbuild's `__name(fn, "x")`. */
function functionIn(n: AnyNode | null | undefined): { fn: AnyNode; named: boolean } | undefined {
  if (!n) return undefined;
  if (isFunction(n)) return { fn: n, named: false };
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === '__name' && isFunction(n.arguments[0])) {
    return { fn: n.arguments[0], named: true };
  }
  return undefined;
}

const isAnonymous = (fn: AnyNode): boolean => fn.type === 'ArrowFunctionExpression' || !fn.id;

function bodyStartOf(fn: AnyNode): number {
  const body = fn.body;
  if (body.type === 'BlockStatement') return body.body.length ? body.body[0].start : body.start;
  return body.start;
}

/** The static name of a property key (`{ a: … }`, `{ 'a': … }`, `obj.a`), undefined for computed keys. */
function keyName(prop: AnyNode): string | undefined {
  if (!prop.computed && prop.key.type === 'Identifier') return prop.key.name;
  if (prop.key.type === 'Literal' && typeof prop.key.value === 'string') return prop.key.value;
  return undefined;
}

/** "ds.map", "tf.data.generator"; "map" when the object is not a plain identifier/member chain. */
function calleeName(callee: AnyNode): string | undefined {
  const parts: string[] = [];
  let n = callee;
  while (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
    parts.unshift(n.property.name);
    n = n.object;
  }
  if (n.type === 'Identifier') parts.unshift(n.name);
  else if (n.type === 'ThisExpression') parts.unshift('this');
  else return parts.length ? parts[parts.length - 1] : undefined;
  return parts.join('.');
}

const lastPart = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/** Where `name = W(...)` goes in a block or program: after the directive prologue (and a shebang). */
export function scopeTop(block: acorn.Node & { body?: unknown }, code: string): number {
  let at = block.type === 'Program' ? 0 : block.start + 1;
  if (block.type === 'Program' && code.startsWith('#!')) {
    const nl = code.indexOf('\n');
    at = nl < 0 ? code.length : nl + 1;
  }
  for (const stmt of (block as AnyNode).body as AnyNode[]) {
    if (stmt.type === 'ExpressionStatement' && typeof stmt.directive === 'string') at = stmt.end;
    else break;
  }
  return at;
}

/** Every callable in source order (outer before inner). */
export function findCallables(program: acorn.Program, code: string): FoundCallable[] {
  const found: FoundCallable[] = [];
  const add = (c: FoundCallable): void => {
    if (!HELPERS.has(c.name)) found.push(c);
  };

  const visit = (node: AnyNode, parent: AnyNode | undefined, grand: AnyNode | undefined): void => {
    switch (node.type) {
      case 'FunctionDeclaration': {
        // The hoisting scope: a program, a function body or a block; not `if (x) function f(){}`.
        const scope = parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration' ? grand : parent;
        if (node.id && scope && (scope.type === 'Program' || scope.type === 'BlockStatement')) {
          add({ name: node.id.name, kind: 'declaration', position: node.id.start, bodyStart: bodyStartOf(node), end: node.end, inferName: false, wrap: { type: 'declaration', insertAt: scopeTop(scope, code) } });
        }
        break;
      }
      case 'VariableDeclarator': {
        const f = functionIn(node.init);
        if (f && node.id.type === 'Identifier') {
          add({ name: node.id.name, kind: 'variable', position: node.id.start, bodyStart: bodyStartOf(f.fn), end: node.end, inferName: !f.named && isAnonymous(f.fn), wrap: { type: 'expression', start: f.fn.start, end: f.fn.end } });
        }
        break;
      }
      case 'AssignmentExpression': {
        const f = node.operator === '=' ? functionIn(node.right) : undefined;
        if (!f) break;
        const left = node.left;
        let name: string | undefined;
        if (left.type === 'Identifier') name = left.name;
        else if (left.type === 'MemberExpression') name = keyName({ ...left, key: left.property } as AnyNode);
        if (name) {
          const position = left.type === 'Identifier' ? left.start : left.property.start;
          // The engine names `x = () => {}` "x" but leaves `obj.x = () => {}` anonymous.
          add({ name, kind: 'assignment', position, bodyStart: bodyStartOf(f.fn), end: node.end, inferName: !f.named && left.type === 'Identifier' && isAnonymous(f.fn), wrap: { type: 'expression', start: f.fn.start, end: f.fn.end } });
        }
        break;
      }
      case 'ObjectExpression': {
        // tsx/esbuild's `__export(exports, { name: () => name })` getters are not user callables.
        if (parent?.type === 'CallExpression' && parent.callee.type === 'Identifier' && HELPERS.has(parent.callee.name)) break;
        for (const prop of node.properties as AnyNode[]) {
          if (prop.type !== 'Property' || prop.kind !== 'init' || prop.shorthand) continue;
          const name = keyName(prop);
          if (!name) continue;
          if (prop.method) {
            add({ name, kind: 'property', position: prop.key.start, bodyStart: bodyStartOf(prop.value), end: prop.end, inferName: false, wrap: { type: 'method', start: node.start, end: node.end, key: name } });
            continue;
          }
          const f = functionIn(prop.value);
          const value: AnyNode = prop.value;
          // `splitter: randomSplitter(0.2)`, a plain function called by name, is likely a factory of the
          // callable (the wrapper passes anything else through). A method call (`list.slice(0, cut)`,
          // `tf.stack(xs)`) computes data, and `require(…)` loads a module: neither is a callable.
          const isCall = !f && value.type === 'CallExpression' && value.callee.type === 'Identifier' && value.callee.name !== 'require';
          if (f || isCall) {
            add({ name, kind: 'property', position: prop.key.start, bodyStart: f ? bodyStartOf(f.fn) : value.start, end: prop.end, inferName: !!f && !f.named && isAnonymous(f.fn), wrap: { type: 'expression', start: (f ? f.fn : value).start, end: (f ? f.fn : value).end } });
          }
        }
        break;
      }
      case 'CallExpression': {
        const name = calleeName(node.callee);
        if (!name || !CALLBACK_TAKERS.has(lastPart(name))) break;
        for (const arg of node.arguments as AnyNode[]) {
          const f = functionIn(arg);
          if (f) add({ name, kind: 'callback', position: f.fn.start, bodyStart: bodyStartOf(f.fn), end: f.fn.end, inferName: false, wrap: { type: 'expression', start: f.fn.start, end: f.fn.end } });
        }
        break;
      }
    }
    for (const key in node) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (const c of child) if (c && typeof c.type === 'string') visit(c, node, parent);
      } else if (child && typeof child === 'object' && typeof child.type === 'string') {
        visit(child, node, parent);
      }
    }
  };
  visit(program as AnyNode, undefined, undefined);
  return found;
}
