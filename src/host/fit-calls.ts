// Where a file trains: its `x.fit(…)` and `x.fitDataset(…)` calls (TF.js's LayersModel methods), found
// by parsing the file as the editor shows it, without running anything. The "Run with Introspection"
// CodeLens goes above each, and a file with one is a training script (entry-scripts.ts).
import type * as acorn from 'acorn';
import { parseUserFile } from './parse-user-file';

type AnyNode = acorn.Node & Record<string, any>;

export interface FitCall {
  api: 'fit' | 'fitDataset';
  /** The receiver as written, cut to 40 characters: `model`, `this.net`. */
  receiver: string;
  line: number; // 1-based, of the method's name
  column: number;
}

const RECEIVER_CHARS = 40;

/** A call of a method named fit or fitDataset (`model.fit(…)`, `model?.fit(…)`; not `fit(…)`, not `model['fit'](…)`). */
export function isFitCall(node: AnyNode): boolean {
  return node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed && /^fit(Dataset)?$/.test(node.callee.property.name ?? '');
}

/** The file's fit/fitDataset calls in source order; none when it cannot be parsed. */
export function fitCalls(source: string, fileName: string): FitCall[] {
  if (!/\bfit(?:Dataset)?\b/.test(source)) return []; // most files: no parse
  const parsed = parseUserFile(source, fileName);
  if (!parsed) return [];
  const found: FitCall[] = [];
  const visit = (node: AnyNode): void => {
    if (isFitCall(node)) {
      const { object, property } = node.callee;
      const receiver = parsed.code.slice(object.start, object.end).replace(/\s+/g, ' ');
      found.push({
        api: property.name,
        receiver: receiver.length > RECEIVER_CHARS ? `${receiver.slice(0, RECEIVER_CHARS - 1)}…` : receiver,
        ...parsed.at(property.start),
      });
    }
    for (const key in node) {
      const child = node[key];
      for (const c of Array.isArray(child) ? child : [child]) if (c && typeof c === 'object' && typeof c.type === 'string') visit(c);
    }
  };
  visit(parsed.program as AnyNode);
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}
