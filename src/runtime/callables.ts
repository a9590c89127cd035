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
  | { type: 'method'; start: number; end: number; key: string }
  /** A getter, setter or class member: only its body can be instrumented. */
  | { type: 'none' };

export interface FoundCallable {
  name: string;
  kind: CallableKind;
  position: number; // offset of the callable's name, or of the function when it has none
  bodyStart: number; // offset of the first statement of its body, the arrow's expression, or the value
  end: number; // offset just after the callable
  /** True when the engine would have given the wrapped anonymous function this name. */
  inferName: boolean;
  wrap: WrapPlan;
  /**
   * `splitter = randomSplitter(0.2)`: the value is what a plain function call returned, a callable only
   * if that is a function. `factory` names the function called.
   */
  factory?: string;
  /** The function itself when it is written here (not a factory's value): its body can be instrumented. */
  fn?: AnyNode;
}

export type AnyNode = acorn.Node & Record<string, any>;

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

/**
 * `randomSplitter(0.2)`: a plain function called by name may be a factory of the callable (the wrapper
 * passes anything else through). A method call (`list.slice(0, cut)`, `tf.stack(xs)`) computes data,
 * and `require(…)` loads a module: neither is a callable. Returns the called function's name.
 */
function factoryCall(n: AnyNode | null | undefined): string | undefined {
  if (!n || n.type !== 'CallExpression') return undefined;
  // tsx/esbuild calls an imported function as `(0, import_lib.randomSplitter)(0.2)`.
  const callee = n.callee.type === 'SequenceExpression' && n.callee.expressions.length === 2 && n.callee.expressions[0].type === 'Literal' ? n.callee.expressions[1] : n.callee;
  const name: string | undefined =
    callee.type === 'Identifier' ? callee.name : callee !== n.callee && callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
  if (!name) return undefined;
  return name === 'require' || HELPERS.has(name) ? undefined : name;
}

/** A function, or a factory's call, as the value bound to a name; what to wrap and how to name it. */
function callableValue(n: AnyNode | null | undefined): { value: AnyNode; fn?: { fn: AnyNode; named: boolean }; factory?: string } | undefined {
  const fn = functionIn(n);
  if (fn) return { value: fn.fn, fn };
  const factory = factoryCall(n);
  return factory ? { value: n!, factory } : undefined;
}

const isAnonymous = (fn: AnyNode): boolean => fn.type === 'ArrowFunctionExpression' || !fn.id;

/** Where a bound value's callable breaks, how it is wrapped in place, and the factory it came from. */
function valueSite(v: NonNullable<ReturnType<typeof callableValue>>): Pick<FoundCallable, 'bodyStart' | 'wrap' | 'factory' | 'fn'> {
  const wrap: WrapPlan = { type: 'expression', start: v.value.start, end: v.value.end };
  return v.fn ? { bodyStart: bodyStartOf(v.fn.fn), wrap, fn: v.fn.fn } : { bodyStart: v.value.start, wrap, factory: v.factory };
}

function bodyStartOf(fn: AnyNode): number {
  const body = fn.body;
  if (body.type === 'BlockStatement') return body.body.length ? body.body[0].start : body.start;
  return body.start;
}

/** The static name of a property key (`{ a: … }`, `{ 'a': … }`, `obj.a`), undefined for computed keys. */
function keyName(prop: AnyNode): string | undefined {
  if (!prop.computed && prop.key.type === 'Identifier') return prop.key.name;
  if (prop.key.type === 'PrivateIdentifier') return `#${prop.key.name}`;
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

/** `module.exports` or `exports` as an assignment target. */
const isModuleExports = (n: AnyNode): boolean =>
  (n.type === 'Identifier' && n.name === 'exports') ||
  (n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === 'module' && n.property.type === 'Identifier' && n.property.name === 'exports');

/** A class's name: its own, or that of the variable it is bound to (`const Learner = class {}`). */
function className(node: AnyNode, parent: AnyNode | undefined): string | undefined {
  if (node.id) return node.id.name;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return undefined;
}

/** Every callable in source order (outer before inner). */
export function findCallables(program: acorn.Program, code: string): FoundCallable[] {
  const found: (FoundCallable | undefined)[] = [];
  const add = (c: FoundCallable): void => {
    if (!HELPERS.has(c.name)) found.push(c);
  };
  // A name declared twice in one scope is one function, the last (the engine keeps that one).
  const declared = new Map<AnyNode, Map<string, number>>();

  const visit = (node: AnyNode, parent: AnyNode | undefined, grand: AnyNode | undefined): void => {
    switch (node.type) {
      case 'FunctionDeclaration': {
        // The hoisting scope: a program, a function body or a block; not `if (x) function f(){}`.
        const scope = parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration' ? grand : parent;
        if (node.id && scope && (scope.type === 'Program' || scope.type === 'BlockStatement')) {
          const names = declared.get(scope) ?? new Map<string, number>();
          declared.set(scope, names);
          const earlier = names.get(node.id.name);
          if (earlier !== undefined) found[earlier] = undefined;
          names.set(node.id.name, found.length);
          add({ name: node.id.name, kind: 'declaration', position: node.id.start, bodyStart: bodyStartOf(node), end: node.end, inferName: false, wrap: { type: 'declaration', insertAt: scopeTop(scope, code) }, fn: node });
        }
        break;
      }
      case 'VariableDeclarator': {
        const v = callableValue(node.init);
        if (v && node.id.type === 'Identifier') {
          add({ name: node.id.name, kind: 'variable', position: node.id.start, ...valueSite(v), end: node.end, inferName: !!v.fn && !v.fn.named && isAnonymous(v.fn.fn) });
        }
        break;
      }
      case 'AssignmentExpression': {
        const v = node.operator === '=' ? callableValue(node.right) : undefined;
        if (!v) break;
        const left = node.left;
        let name: string | undefined;
        let position = left.type === 'Identifier' ? left.start : left.property?.start;
        // `module.exports = function splitter() {}` is the function's own name, not "exports".
        if (isModuleExports(left) && v.fn && !v.fn.named && v.fn.fn.id) {
          name = v.fn.fn.id.name;
          position = v.fn.fn.id.start;
        } else if (left.type === 'Identifier') name = left.name;
        else if (left.type === 'MemberExpression') name = keyName({ ...left, key: left.property } as AnyNode);
        if (name) {
          // The engine names `x = () => {}` "x" but leaves `obj.x = () => {}` anonymous.
          add({ name, kind: 'assignment', position, ...valueSite(v), end: node.end, inferName: !!v.fn && !v.fn.named && left.type === 'Identifier' && isAnonymous(v.fn.fn) });
        }
        break;
      }
      case 'ObjectExpression': {
        // tsx/esbuild's `__export(exports, { name: () => name })` getters are not user callables.
        if (parent?.type === 'CallExpression' && parent.callee.type === 'Identifier' && HELPERS.has(parent.callee.name)) break;
        for (const prop of node.properties as AnyNode[]) {
          if (prop.type !== 'Property' || prop.shorthand) continue;
          const name = keyName(prop);
          if (!name) continue;
          if (prop.kind !== 'init') {
            // A getter or setter: its body is instrumented in place (there is nothing to wrap).
            add({ name, kind: 'property', position: prop.key.start, bodyStart: bodyStartOf(prop.value), end: prop.end, inferName: false, wrap: { type: 'none' }, fn: prop.value });
            continue;
          }
          if (prop.method) {
            add({ name, kind: 'property', position: prop.key.start, bodyStart: bodyStartOf(prop.value), end: prop.end, inferName: false, wrap: { type: 'method', start: node.start, end: node.end, key: name }, fn: prop.value });
            continue;
          }
          const v = callableValue(prop.value);
          if (v) add({ name, kind: 'property', position: prop.key.start, ...valueSite(v), end: prop.end, inferName: !!v.fn && !v.fn.named && isAnonymous(v.fn.fn) });
        }
        break;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const owner = className(node, parent);
        if (!owner) break;
        for (const member of node.body.body as AnyNode[]) {
          const key = member.type === 'MethodDefinition' || member.type === 'PropertyDefinition' ? keyName(member) : undefined;
          if (!key || (member.type === 'MethodDefinition' && member.kind === 'constructor')) continue;
          const fn = member.type === 'MethodDefinition' ? member.value : functionIn(member.value)?.fn;
          if (!fn) continue;
          add({ name: `${owner}.${key}`, kind: 'method', position: member.key.start, bodyStart: bodyStartOf(fn), end: member.end, inferName: false, wrap: { type: 'none' }, fn });
        }
        break;
      }
      case 'CallExpression': {
        const name = calleeName(node.callee);
        if (!name || !CALLBACK_TAKERS.has(lastPart(name))) break;
        for (const arg of node.arguments as AnyNode[]) {
          const f = functionIn(arg);
          if (f) add({ name, kind: 'callback', position: f.fn.start, bodyStart: bodyStartOf(f.fn), end: f.fn.end, inferName: false, wrap: { type: 'expression', start: f.fn.start, end: f.fn.end }, fn: f.fn });
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
  return found.filter((c): c is FoundCallable => c !== undefined);
}

/** A function handed back by a function: what a factory makes (`return (items) => …`, `(p) => (x) => …`). */
export interface ReturnedFunction {
  fn: AnyNode;
  /** The function whose call creates it: one closure per call of the factory. */
  factory: AnyNode;
  /** The value handed back: a `return`'s argument, or the factory's arrow body (`fn` itself, or `__name(fn, "x")`). */
  value: AnyNode;
}

/**
 * The functions that functions hand back, which may be bound to a name in another file than this one
 * (`splitter: randomSplitter(0.2)`). A `return` outside any function (CommonJS' top level) makes nothing
 * that can be bound.
 */
export function returnedFunctions(program: acorn.Program): ReturnedFunction[] {
  const out: ReturnedFunction[] = [];
  const visit = (node: AnyNode, factory: AnyNode | undefined): void => {
    if (node.type === 'ReturnStatement' && factory) {
      const f = functionIn(node.argument);
      if (f) out.push({ fn: f.fn, factory, value: node.argument });
    } else if (node.type === 'ArrowFunctionExpression' && node.body.type !== 'BlockStatement') {
      const f = functionIn(node.body);
      if (f) out.push({ fn: f.fn, factory: node, value: node.body });
    }
    const inner = isFunction(node) || node.type === 'FunctionDeclaration' ? node : factory;
    for (const key in node) {
      const child = node[key];
      const children: unknown[] = Array.isArray(child) ? child : [child];
      for (const c of children) if (c && typeof c === 'object' && typeof (c as AnyNode).type === 'string') visit(c as AnyNode, inner);
    }
  };
  visit(program as AnyNode, undefined);
  return out;
}

/** Whether a function hands back a function: `(p) => (x) => …`, or a `return function …` in its own body. */
function returnsFunction(fn: AnyNode): boolean {
  if (fn.body.type !== 'BlockStatement') return !!functionIn(fn.body);
  const visit = (node: AnyNode): boolean => {
    if (node.type === 'ReturnStatement') return !!functionIn(node.argument);
    if (node !== fn.body && (isFunction(node) || node.type === 'FunctionDeclaration' || node.type === 'ClassBody')) return false;
    for (const key in node) {
      const child = node[key];
      const children: unknown[] = Array.isArray(child) ? child : [child];
      for (const c of children) if (c && typeof c === 'object' && typeof (c as AnyNode).type === 'string' && visit(c as AnyNode)) return true;
    }
    return false;
  };
  return visit(fn.body);
}

/**
 * Names of the functions declared in a program that return functions (`randomSplitter`), so that the
 * editor can tell `splitter = randomSplitter(0.2)` from `files = getImageFiles(dir)`.
 */
export function factoriesIn(program: acorn.Program): Set<string> {
  const names = new Set<string>();
  const visit = (node: AnyNode): void => {
    if (node.type === 'FunctionDeclaration' && node.id && returnsFunction(node)) names.add(node.id.name);
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
      const f = functionIn(node.init);
      if (f && returnsFunction(f.fn)) names.add(node.id.name);
    }
    for (const key in node) {
      const child = node[key];
      const children: unknown[] = Array.isArray(child) ? child : [child];
      for (const c of children) if (c && typeof c === 'object' && typeof (c as AnyNode).type === 'string') visit(c as AnyNode);
    }
  };
  visit(program as AnyNode);
  return names;
}
