// The parameters a function declares (names, defaults, rest), read from its parsed source: the panel
// then labels arguments `items` and `validPct = 0.2 (default)`, not "arg 0". The transform reads them
// from the file's own parse for each function it probes; params.ts, for a function called through the
// wrapper, parses the function's source with functionParams. Part of the instrumenter (acorn).
import * as acorn from 'acorn';
import type { ParamInfo } from '../protocol/events';

const MAX_TEXT = 80;
/** Calls the transform put into the code (src/runtime/transform.ts): `__trainspect_w(3, f)` reads as `f`. */
const OWN_CALL = /^__trainspect_/;

type AnyNode = acorn.Node & Record<string, any>;

/** The parameters of a function node in `code` (the transform reads them where it instruments a body). */
export function paramsOfNode(fn: AnyNode, code: string): ParamInfo[] {
  return (fn.params as AnyNode[]).map((p) => param(p, code));
}

/** The parameters of a function, class or method from its source text (Function.prototype.toString); null when it is none of them. */
export function functionParams(source: string): ParamInfo[] | null {
  // A function or class expression as it is; a method (`split(items) {}`, `async *gen() {}`) only
  // inside an object literal.
  for (const [open, close] of [['(', ')'], ['({', '})']]) {
    const code = `${open}${source}\n${close}`;
    const fnNode = functionNode(code);
    if (fnNode) return paramsOfNode(fnNode, code);
  }
  return null;
}

function functionNode(code: string): AnyNode | undefined {
  let node: AnyNode;
  try {
    node = acorn.parseExpressionAt(code, 0, { ecmaVersion: 'latest' }) as AnyNode;
  } catch {
    return undefined;
  }
  while (node.type === 'ParenthesizedExpression') node = node.expression;
  if (node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') return node;
  if (node.type === 'ObjectExpression' && node.properties.length === 1 && node.properties[0].type === 'Property') {
    const value = node.properties[0].value as AnyNode;
    return value.type === 'FunctionExpression' ? value : undefined;
  }
  if (node.type === 'ClassExpression') {
    const ctor = (node.body.body as AnyNode[]).find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
    if (ctor) return ctor.value;
    return node.superClass ? undefined : ({ params: [] } as unknown as AnyNode); // a base class without a constructor takes none
  }
  return undefined;
}

function param(node: AnyNode, code: string): ParamInfo {
  if (node.type === 'RestElement') return { name: text(node.argument, code), rest: true };
  if (node.type === 'AssignmentPattern') return { name: text(node.left, code), default: valueText(node.right, code) };
  return { name: text(node, code) };
}

/** The default's text: numbers as JavaScript prints them (a compiler's `.2` reads `0.2`), our own wrapper calls unwrapped. */
function valueText(node: AnyNode, code: string): string {
  if (node.type === 'Literal' && typeof node.value === 'number') return String(node.value);
  if (node.type === 'UnaryExpression' && node.operator === '-' && node.argument.type === 'Literal' && typeof node.argument.value === 'number') return String(-node.argument.value);
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && OWN_CALL.test(node.callee.name) && node.arguments.length === 2) {
    return valueText(node.arguments[1], code);
  }
  return text(node, code);
}

function text(node: AnyNode, code: string): string {
  const t = code.slice(node.start, node.end).replace(/\s+/g, ' ');
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t;
}
