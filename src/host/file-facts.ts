// What the editor needs to know about a file beyond its callables, to offer what a user would trace:
// which code runs inside a function body, which names are handed on as values (`ds.map(decode)`,
// `module.exports = { splitter }`) or exported, which functions the script calls from its top level
// (`main()`), and which names come from the user's other files (`const { labelFromFilename } = require('./pipeline')`).
import type * as acorn from 'acorn';

type AnyNode = acorn.Node & Record<string, any>;

export interface ImportedBinding {
  /** The name in the module it comes from (`labelFromFilename` of `{ labelFromFilename: label }`). */
  imported: string;
  /** The module specifier as written: './pipeline'. */
  source: string;
}

export interface FileFacts {
  /** Whether an offset lies inside the body of a function (an immediately called one does not count). */
  insideFunction(offset: number): boolean;
  /** Names read as a value somewhere: passed, stored, returned, exported, not only called. */
  valueNames: Set<string>;
  /** Functions called without arguments from code that runs at the top level (`main()`, `main().catch(…)`). */
  topLevelCalls: Set<string>;
  /** Local names bound to an import from a relative path (the user's own files; packages are never traced). */
  imports: Map<string, ImportedBinding>;
}

const isFunctionNode = (n: AnyNode): boolean => n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';

function children(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key in node) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
    const child = node[key];
    if (Array.isArray(child)) {
      for (const c of child) if (c && typeof c.type === 'string') out.push(c);
    } else if (child && typeof child === 'object' && typeof child.type === 'string') {
      out.push(child);
    }
  }
  return out;
}

/** `(() => {…})()`, `(async function () {…})()`: their bodies run as the file loads, like top-level code. */
const isCalledAtOnce = (fn: AnyNode, parent: AnyNode | undefined): boolean => parent?.type === 'CallExpression' && parent.callee === fn;

const isRelative = (source: unknown): source is string => typeof source === 'string' && /^\.\.?(\/|$)/.test(source);

/** `require('./x')` → './x'. */
function requiredSource(n: AnyNode | null | undefined): string | undefined {
  if (n?.type !== 'CallExpression' || n.callee.type !== 'Identifier' || n.callee.name !== 'require') return undefined;
  const arg = n.arguments[0];
  return arg?.type === 'Literal' && isRelative(arg.value) ? arg.value : undefined;
}

function staticKey(prop: AnyNode): string | undefined {
  if (!prop.computed && prop.key.type === 'Identifier') return prop.key.name;
  if (prop.key.type === 'Literal' && typeof prop.key.value === 'string') return prop.key.value;
  return undefined;
}

/** Where an Identifier is a name being declared, a property name or a label, not a value read. */
function isNotARead(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee === node;
    case 'MemberExpression':
      return parent.property === node && !parent.computed;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
      return parent.key === node && !parent.computed && !parent.shorthand;
    case 'AssignmentExpression':
      return parent.left === node;
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return true;
    case 'ClassDeclaration':
    case 'ClassExpression':
      return parent.id === node;
    case 'ExportSpecifier':
      return parent.exported === node && parent.local !== node;
    default:
      return false;
  }
}

export function fileFacts(program: acorn.Program): FileFacts {
  const bodies: Array<[number, number]> = [];
  const valueNames = new Set<string>();
  const topLevelCalls = new Set<string>();
  const imports = new Map<string, ImportedBinding>();

  const visit = (node: AnyNode, parent: AnyNode | undefined, inFunction: boolean): void => {
    let inside = inFunction;
    if (isFunctionNode(node) && !isCalledAtOnce(node, parent)) {
      bodies.push([node.body.start, node.body.end]);
      inside = true;
    }
    switch (node.type) {
      case 'Identifier':
        if (!isNotARead(node, parent)) valueNames.add(node.name);
        break;
      case 'CallExpression':
        if (!inFunction && node.callee.type === 'Identifier' && node.arguments.length === 0) topLevelCalls.add(node.callee.name);
        break;
      case 'ExportNamedDeclaration':
        for (const d of (node.declaration?.declarations ?? [node.declaration]) as AnyNode[]) {
          const id = d?.type === 'VariableDeclarator' ? d.id : d?.id;
          if (id?.type === 'Identifier') valueNames.add(id.name);
        }
        break;
      case 'ExportDefaultDeclaration':
        if (node.declaration.id?.type === 'Identifier') valueNames.add(node.declaration.id.name);
        break;
      case 'VariableDeclarator': {
        const direct = requiredSource(node.init);
        if (direct && node.id.type === 'ObjectPattern') {
          for (const p of node.id.properties as AnyNode[]) {
            const key = p.type === 'Property' ? staticKey(p) : undefined;
            if (key && p.value.type === 'Identifier') imports.set(p.value.name, { imported: key, source: direct });
          }
        }
        // const label = require('./pipeline').labelFromFilename
        const init = node.init;
        const member = init?.type === 'MemberExpression' && !init.computed && init.property.type === 'Identifier' ? requiredSource(init.object) : undefined;
        if (member && node.id.type === 'Identifier') imports.set(node.id.name, { imported: init.property.name, source: member });
        break;
      }
      case 'ImportDeclaration':
        if (isRelative(node.source.value)) {
          for (const s of node.specifiers as AnyNode[]) {
            if (s.type === 'ImportSpecifier' && s.imported.type === 'Identifier') imports.set(s.local.name, { imported: s.imported.name, source: node.source.value });
          }
        }
        break;
    }
    for (const child of children(node)) {
      // Names being declared (`const { a } = …`, parameters) are not reads.
      if (node.type === 'VariableDeclarator' && child === node.id) continue;
      if ((isFunctionNode(node) && (child === node.id || node.params.includes(child)))) continue;
      visit(child, node, inside);
    }
  };
  visit(program as AnyNode, undefined, false);

  return {
    insideFunction: (offset) => bodies.some(([start, end]) => start < offset && offset < end),
    valueNames,
    topLevelCalls,
    imports,
  };
}
