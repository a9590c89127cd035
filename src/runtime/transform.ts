// The source transform applied to the user's files as they load: every callable is passed through the
// wrapper. Line-preserving (no newline is added before the last original line), with a source map:
// magic-string's own for plain JavaScript, or, for code that comes with a map (tsx's), that map with
// its generated columns shifted past our insertions (not composed with a second map), so that stack
// traces still point at the original lines and every segment keeps its name.
import * as acorn from 'acorn';
import MagicString from 'magic-string';
import { TraceMap, originalPositionFor, type EncodedSourceMap } from '@jridgewell/trace-mapping';
import type { CallableKind } from '../protocol/events';
import { findCallables, scopeTop } from './callables';
import { lineIndex } from './line-index';
import { shiftSourceMap, type Insertion } from './shift-source-map';

/** What the runtime learns about one site, in the user's original source (1-based line and column). */
export interface SiteInfo {
  name: string;
  kind: CallableKind;
  line: number;
  column: number;
  inferName?: true; // set the variable's name on the anonymous function it wraps
  key?: string; // method shorthand: the property to replace
  factory?: true; // the value a call returned: a callable only once it turns out to be a function
}

export interface SiteTable {
  file: string;
  sites: SiteInfo[];
}

export interface TransformResult {
  code: string;
  table: SiteTable;
}

/** The names the transformed code uses; defined at the end of each transformed file. */
export const SITES_FN = '__trainspect_s';
const WRAP_FN = '__trainspect_w';
const METHOD_FN = '__trainspect_m';

const MAP_COMMENT = /\n?\/\/[#@] sourceMappingURL=data:application\/json(?:;charset=[^;,]+)?;base64,([A-Za-z0-9+/=]+)\s*$/;

function incomingMap(code: string): { map: EncodedSourceMap; start: number } | undefined {
  const m = MAP_COMMENT.exec(code);
  if (!m) return undefined;
  try {
    return { map: JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')) as EncodedSourceMap, start: m.index };
  } catch {
    return undefined;
  }
}

/** Whether the code parses as an ES module (used when it did not parse as a script). */
export function parsesAsModule(code: string): boolean {
  try {
    acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true, allowAwaitOutsideFunction: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Instruments one file. `module` selects ESM parsing. Returns undefined when the file has no
 * callables (it then runs as is). Throws acorn's SyntaxError when the code cannot be parsed.
 */
export function transformSource(code: string, file: string, module: boolean): TransformResult | undefined {
  const program = acorn.parse(code, {
    ecmaVersion: 'latest',
    sourceType: module ? 'module' : 'script',
    allowHashBang: true,
    allowReturnOutsideFunction: !module,
    allowAwaitOutsideFunction: module,
  });
  const found = findCallables(program, code);
  if (!found.length) return undefined;

  const incoming = incomingMap(code);
  const trace = incoming ? new TraceMap(incoming.map) : undefined;
  const position = lineIndex(code);
  const s = new MagicString(code);
  const sites: SiteInfo[] = [];
  const inserts = new Map<number, string>();
  const addInsert = (at: number, text: string): void => {
    inserts.set(at, (inserts.get(at) ?? '') + text);
  };
  // Register the file's sites as it starts to run, before anything else in it.
  const top = scopeTop(program, code);
  addInsert(top, `;${WRAP_FN}(-1);`);

  const wraps: { start: number; end: number; open: string; close: string }[] = [];
  for (const c of found) {
    const generated = position(c.position);
    let line = generated.line;
    let column = generated.column;
    if (trace) {
      const original = originalPositionFor(trace, { line, column });
      if (original.line === null) continue; // code the compiler added (helpers), not the user's
      line = original.line;
      column = original.column;
    }
    const index = sites.length;
    const site: SiteInfo = { name: c.name, kind: c.kind, line, column: column + 1 };
    if (c.inferName) site.inferName = true;
    if (c.wrap.type === 'method') site.key = c.wrap.key;
    if (c.factory) site.factory = true;
    sites.push(site);
    if (c.wrap.type === 'declaration') addInsert(c.wrap.insertAt, `;${c.name}=${WRAP_FN}(${index},${c.name});`);
    else if (c.wrap.type === 'expression') wraps.push({ start: c.wrap.start, end: c.wrap.end, open: `${WRAP_FN}(${index},`, close: ')' });
    else wraps.push({ start: c.wrap.start, end: c.wrap.end, open: `${METHOD_FN}(`, close: `,${index})` });
  }
  if (!sites.length) return undefined;

  // appendLeft keeps insertion order at one offset: closings inner-first, then openings outer-first.
  const closings = wraps.map((w, order) => ({ ...w, order })).sort((a, b) => a.end - b.end || b.start - a.start || b.order - a.order);
  const insertions: Insertion[] = [];
  const insert = (at: number, text: string): void => {
    s.appendLeft(at, text);
    const { line, column } = position(at);
    insertions.push({ line: line - 1, column, length: text.length });
  };
  for (const w of closings) insert(w.end, w.close);
  for (const [at, text] of inserts) insert(at, text);
  for (const w of wraps) insert(w.start, w.open);

  if (incoming) s.remove(incoming.start, code.length);
  const table: SiteTable = { file, sites };
  s.append(
    `\n;function ${SITES_FN}(){return ${JSON.stringify(table)}}` +
      `function ${WRAP_FN}(i,f){var g=globalThis.__trainspectWrap;return typeof g==="function"?g(${SITES_FN},i,f):f}` +
      `function ${METHOD_FN}(o,i){var g=globalThis.__trainspectWrapMethod;return typeof g==="function"?g(${SITES_FN},i,o):o}`,
  );
  const map = incoming ? shiftSourceMap(incoming.map, insertions) : s.generateMap({ source: file, hires: true, includeContent: false });
  const base64 = Buffer.from(JSON.stringify(map), 'utf8').toString('base64');
  return { code: `${s.toString()}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${base64}\n`, table };
}
