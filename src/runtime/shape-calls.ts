// The call sites the shape recorder watches: every call and `new` of a user file, found in its AST,
// each to be passed through `__trainspect_h(id, <the call as written>)` by the transform. The call
// runs first, as an argument, so the helper is never on the stack while it runs and what it returns
// goes on unchanged. Left as they are: calls inside an optional chain (only the whole chain is
// passed through, so `a?.b().c()` still short-circuits), `super(…)` (its value is `this`), `import(…)`,
// `require(…)`, tagged templates, and the helpers tsx/esbuild add (`__name`, `__toESM`, …).
import type { AnyNode } from './callables';

export interface ShapeCall {
  start: number; // the call's (or optional chain's) span in the code
  end: number;
  position: number; // offset of the callee's name: for a.b.c(…) the `c`
  callee: string; // the callee as written, calls in it shortened: "x.matMul(…).add", "new tf.layers.Dense"
}

const HELPERS = /^__(?:name|export|copyProps|toCommonJS|toESM|defProp|publicField|require|commonJS|esm|async|trainspect)/;
const MAX_CALLEE_LENGTH = 80;

/** The callee's text for people: identifiers and property names as written, calls and other expressions shortened. */
function calleeText(n: AnyNode, code: string): string {
  switch (n.type) {
    case 'Identifier': return n.name;
    case 'ThisExpression': return 'this';
    case 'Super': return 'super';
    case 'MemberExpression': {
      const object = calleeText(n.object, code);
      if (n.computed) return `${object}${n.optional ? '?.' : ''}[${n.property.type === 'Literal' ? n.property.raw : '…'}]`;
      return `${object}${n.optional ? '?.' : '.'}${n.property.type === 'PrivateIdentifier' ? '#' : ''}${n.property.name}`;
    }
    case 'CallExpression': return `${calleeText(n.callee, code)}(…)`;
    case 'NewExpression': return `new ${calleeText(n.callee, code)}(…)`;
    case 'ChainExpression': return calleeText(n.expression, code);
    default: return '(…)';
  }
}

/** A callee cut to MAX_CALLEE_LENGTH characters, with an ellipsis (also for the text read back, callee-text.ts). */
export const shortenCallee = (text: string): string => (text.length > MAX_CALLEE_LENGTH ? `${text.slice(0, MAX_CALLEE_LENGTH - 1)}…` : text);

/** Where the callee is named: a member's property, else the callee itself. */
const namePosition = (callee: AnyNode): number => (callee.type === 'MemberExpression' ? callee.property.start : callee.start);

function skipped(call: AnyNode): boolean {
  const callee = call.callee as AnyNode;
  if (callee.type === 'Super') return true;
  return callee.type === 'Identifier' && (callee.name === 'require' || HELPERS.test(callee.name));
}

/** Every call and `new` of the program that can be passed through, outermost first where two start together. */
export function shapeCalls(program: AnyNode, code: string): ShapeCall[] {
  const out: ShapeCall[] = [];
  const add = (node: AnyNode, call: AnyNode): void => {
    if (skipped(call)) return;
    const callee = calleeText(call.callee, code);
    out.push({ start: node.start, end: node.end, position: namePosition(call.callee), callee: shortenCallee(call.type === 'NewExpression' ? `new ${callee}` : callee) });
  };
  /** `spine`: the node is a link of an optional chain (the chain's own calls are left alone). */
  const visit = (node: AnyNode, spine: boolean): void => {
    if (node.type === 'ChainExpression') {
      if (node.expression.type === 'CallExpression') add(node, node.expression);
      visit(node.expression, true);
      return;
    }
    if ((node.type === 'CallExpression' || node.type === 'NewExpression') && !spine) add(node, node);
    for (const key of Object.keys(node)) {
      if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
      const value = (node as Record<string, unknown>)[key];
      // In a chain, the links are the callee and a member's object; arguments and computed keys are expressions of their own.
      const link = spine && (((node.type === 'CallExpression') && key === 'callee') || (node.type === 'MemberExpression' && key === 'object'));
      if (Array.isArray(value)) {
        for (const item of value) if (item && typeof (item as AnyNode).type === 'string') visit(item as AnyNode, false);
      } else if (value && typeof (value as AnyNode).type === 'string') {
        visit(value as AnyNode, link);
      }
    }
  };
  visit(program, false);
  return out;
}
