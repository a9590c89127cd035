// The names a paused debugger can show values for next to the lines of a file: each variable given a
// value between the first visible line and the line where execution stopped (declared, assigned, or a
// parameter of a function the stopped line is in; not a required module), at its latest such place before that line.
// Names of functions that do not hold the stopped line are left out: they are not in its scope.
import type { AnyNode } from '../runtime/callables';
import { parseUserFile } from './parse-user-file';

export interface NameInScope {
  name: string;
  line: number; // 1-based
  column: number; // 1-based, of the name
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** The identifiers a binding pattern (`a`, `{ a, b: [c] }`, `...rest`, `d = 1`) gives values to. */
function patternNames(pattern: AnyNode | null | undefined, out: AnyNode[]): void {
  if (!pattern) return;
  switch (pattern.type) {
    case 'Identifier': out.push(pattern); break;
    case 'ObjectPattern': for (const p of pattern.properties) patternNames(p.type === 'RestElement' ? p.argument : p.value, out); break;
    case 'ArrayPattern': for (const e of pattern.elements) patternNames(e, out); break;
    case 'AssignmentPattern': patternNames(pattern.left, out); break;
    case 'RestElement': patternNames(pattern.argument, out); break;
  }
}

/** `require('@tensorflow/tfjs')`: a module, whose value says nothing next to its line. */
const isRequire = (n: AnyNode | null): boolean => n?.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require';

/** undefined when the file cannot be parsed. `fromLine`..`stoppedLine` are 1-based and inclusive. */
export function namesInScope(source: string, fileName: string, fromLine: number, stoppedLine: number): NameInScope[] | undefined {
  const parsed = parseUserFile(source, fileName);
  if (!parsed) return undefined;
  const lineOf = (offset: number): number => parsed.at(offset).line;
  const latest = new Map<string, AnyNode>(); // by name: the identifier that last gave it a value

  const give = (ids: AnyNode[], before: number): void => {
    for (const id of ids) {
      const line = lineOf(id.start);
      // A statement on the stopped line has not run yet; a parameter (before: stoppedLine + 1) has.
      if (line < fromLine || line >= before) continue;
      const seen = latest.get(id.name);
      if (!seen || seen.start < id.start) latest.set(id.name, id);
    }
  };

  const visit = (node: AnyNode): void => {
    if (FUNCTIONS.has(node.type)) {
      if (lineOf(node.start) > stoppedLine || lineOf(node.end) < stoppedLine) return; // another scope
      const params: AnyNode[] = [];
      for (const p of node.params) patternNames(p, params);
      give(params, stoppedLine + 1);
    } else if (node.type === 'VariableDeclarator' && !isRequire(node.init)) {
      const ids: AnyNode[] = [];
      patternNames(node.id, ids);
      give(ids, stoppedLine);
    } else if (node.type === 'AssignmentExpression') {
      const ids: AnyNode[] = [];
      patternNames(node.left, ids);
      give(ids, stoppedLine);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'params' || key === 'id') continue; // bindings, taken above
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof child.type === 'string') visit(child);
      }
    }
  };
  visit(parsed.program as AnyNode);

  return [...latest.values()]
    .sort((a, b) => a.start - b.start)
    .map((id) => ({ name: id.name, ...parsed.at(id.start) }));
}
