// The source transform applied to the user's files as they load: every callable is passed through the
// wrapper. Line-preserving (no newline is added before the last original line), with a source map:
// magic-string's own for plain JavaScript, or, for code that comes with a map (tsx's), that map with
// its generated columns shifted past our insertions (not composed with a second map), so that stack
// traces still point at the original lines and every segment keeps its name.
import * as acorn from 'acorn';
import MagicString from 'magic-string';
import { TraceMap, originalPositionFor, traceSegment, type EncodedSourceMap } from '@jridgewell/trace-mapping';
import type { CallableKind, ParamInfo } from '../protocol/events';
import { paramsOfNode } from './param-nodes';
import { createHash } from 'node:crypto';
import { siteMatches } from './site-match';
import { INSTRUMENT_FAULT } from './instrument-fault';
import { findCallables, returnedFunctions, scopeTop, type AnyNode } from './callables';
import { PROBE_FILE, PROBE_INIT, linkable, linkInsertions, probeable, probeInsertions, selfName, type Insertion as Piece } from './inline-probe';
import { freeLines, type CommentRange, type FreeLines } from './free-lines';
import { lineIndex } from './line-index';
import { shiftSourceMap, type Insertion } from './shift-source-map';
import { shapeCalls } from './shape-calls';

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
  /** Names this file in the probes' text (a function's source says where its probe is registered). */
  token: string;
  sites: SiteInfo[];
  /** Per probe (a function that records its own calls): the site it belongs to, or -1 for a function a factory returns. */
  probes: number[];
  /** Per probe: the parameters its function declares. */
  params: ParamInfo[][];
  /** A file without a compiler's map: the text inserted, `[line, column, length]` (1-based line, 0-based column), so that columns can be told back (column-shifts.ts). */
  shifts?: [line: number, column: number, length: number][];
}

/** A call site the shape recorder watches: `[line, column, callee]` in the user's original source (1-based). */
export type ShapeSiteInfo = [line: number, column: number, callee: string];

export interface ShapeTable {
  file: string;
  calls: ShapeSiteInfo[];
}

export interface TransformResult {
  code: string;
  table: SiteTable;
  /** The call sites passed through the shape helper (empty when shapes are off). */
  shapes: ShapeTable;
}

/**
 * Which files' calls go through the shape helper (recorders/shapes.ts): `compiled`, code that comes
 * with a compiler's inline source map (TypeScript and JSX through tsx), whose stack positions Node maps
 * back through it, so nothing the script sees moves; `all`, plain JavaScript too, where the columns of
 * a line's code after an inserted helper move in stack traces and Node's excerpt of an error thrown on
 * it shows the rewritten line.
 */
export type ShapeCallsIn = 'compiled' | 'all';

export interface TransformOptions {
  shapes?: ShapeCallsIn;
  /** Find and instrument the file's callables (false: a file that holds none of the targets). Default true. */
  callables?: boolean;
}

/** The names the transformed code uses; defined at the end of each transformed file. */
export const SITES_FN = '__trainspect_s';
const WRAP_FN = '__trainspect_w';
const METHOD_FN = '__trainspect_m';
/** The shape helper the calls go through, its file's recorder, and the file's call sites. */
const SHAPE_FN = '__trainspect_h';
const SHAPE_RECORDER = '__trainspect_q';
const SHAPE_INIT = '__trainspect_j';
const SHAPE_SITES_FN = '__trainspect_z';

export { siteMatches };

const MAP_COMMENT = /\n?\/\/[#@] sourceMappingURL=data:application\/json(?:;charset=[^;,]+)?;base64,([A-Za-z0-9+/=]+)\s*$/;

/** The inline source map a compiler (tsx) put at the end of the code, and where its comment starts. */
export function incomingMap(code: string): { map: EncodedSourceMap; start: number } | undefined {
  const m = MAP_COMMENT.exec(code);
  if (!m) return undefined;
  try {
    return { map: JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')) as EncodedSourceMap, start: m.index };
  } catch {
    return undefined;
  }
}

const parseOptions = (module: boolean): acorn.Options => ({
  ecmaVersion: 'latest',
  sourceType: module ? 'module' : 'script',
  allowHashBang: true,
  allowReturnOutsideFunction: !module,
  allowAwaitOutsideFunction: module,
});

/**
 * Parses the instrumented code once more (only when it is made, not when it comes from the cache), so
 * that an insertion of ours that breaks the syntax runs the file as is, with a notice, instead of
 * failing the user's script with a SyntaxError that names their file.
 */
function checkParses(out: string, module: boolean): void {
  try {
    acorn.parse(out, parseOptions(module));
  } catch (error) {
    const fault = new Error(`the instrumented code would not parse (${(error as Error).message}); this is a Trainspect bug, please report it`);
    fault.name = INSTRUMENT_FAULT;
    throw fault;
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

/** Statements that run nothing of the user's before the file registers (beyond what imports load). */
function runsBeforeRegistering(stmt: AnyNode, code: string): boolean {
  const declaration = stmt.type.startsWith('Export') && stmt.declaration ? stmt.declaration : stmt;
  if (stmt.type === 'ImportDeclaration' || declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') return true;
  return declaration.type === 'VariableDeclaration' && !/\bawait\b/.test(code.slice(stmt.start, stmt.end));
}

/**
 * Where a file registers its sites: at its top (after a shebang and directives) when nothing follows
 * there on that line; else on the first line between its leading declarations that holds nothing an
 * error can be thrown at (a blank line, a comment), so that the user's lines stay as they are; else
 * after the first statement if it ends its last line's code, so that none of the code moves in stack
 * traces.
 */
function registrationPoint(program: acorn.Program, code: string, lines: FreeLines): number {
  const top = scopeTop(program, code);
  const lineEnd = lines.lineOf(top).end;
  const body = program.body as AnyNode[];
  const firstIndex = body.findIndex((stmt) => stmt.start >= top);
  const first = body[firstIndex];
  if (!first || first.start >= lineEnd) return top;
  for (let i = firstIndex; i < body.length && runsBeforeRegistering(body[i], code); i++) {
    const end = body[i].end;
    const next = i + 1 < body.length ? body[i + 1].start : code.length;
    if (lines.isFree(end) && end < next) return end;
    const free = lines.freeLineWithin(end, next);
    if (free !== undefined) return free;
  }
  return /^\s*(?:\/\/.*)?$/.test(code.slice(first.end, lines.lineOf(first.end).end)) ? first.end : top;
}

/**
 * Instruments one file. `module` selects ESM parsing. The bodies of the traced callables (those the
 * targets name; all when there are none) and of the functions that functions return record their own
 * calls (inline-probe.ts); a generator, and a factory's value where a target names its binding, go
 * through the wrapper (which, for a closure with a probe, only tells the runtime its name). Returns
 * undefined when the file has nothing to instrument (it then runs as is). Throws acorn's SyntaxError
 * when the code cannot be parsed.
 */
export function transformSource(code: string, file: string, module: boolean, targets: readonly string[] = [], options: TransformOptions = {}): TransformResult | undefined {
  const comments: CommentRange[] = [];
  const program = acorn.parse(code, { ...parseOptions(module), onComment: (_block, _text, start, end) => comments.push({ start, end }) });
  const withCallables = options.callables ?? true;
  const found = withCallables ? findCallables(program, code) : [];
  const siteFns = new Set(found.map((c) => c.fn));
  const closures = withCallables ? returnedFunctions(program).filter((r) => !siteFns.has(r.fn) && probeable(r.fn, code) && linkable(r.factory, code)) : [];
  const incoming = incomingMap(code);
  const calls = options.shapes === 'all' || (options.shapes === 'compiled' && incoming) ? shapeCalls(program as AnyNode, code) : [];
  if (!found.length && !closures.length && !calls.length) return undefined;

  const trace = incoming ? new TraceMap(incoming.map) : undefined;
  const position = lineIndex(code);
  const lines = freeLines(code, comments);
  const token = createHash('sha1').update(file).digest('hex').slice(0, 12);
  const s = new MagicString(code);
  const sites: SiteInfo[] = [];
  const probes: number[] = [];
  const params: ParamInfo[][] = [];
  const probed = new Set<AnyNode>();
  const pieces: Piece[] = [];
  const addInsert = (at: number, text: string): void => {
    pieces.push({ at, text, open: false, start: at, end: at });
  };
  // The closures that factories make are the first probes: closure i is probe i, kept in selfName(i).
  const links = new Map(closures.map((r, i) => [r.value, selfName(i)]));
  const selves = new Map(closures.map((r, i) => [r.fn, selfName(i)]));
  /** Makes `fn` record its own calls for `site`; false when it cannot (a generator). */
  const probe = (fn: AnyNode, site: number): boolean => {
    if (probed.has(fn)) return true;
    const insertions = probeInsertions(fn, code, lines, token, probes.length, selves.get(fn), links);
    if (!insertions) return false;
    probed.add(fn);
    probes.push(site);
    params.push(paramsOfNode(fn, code));
    pieces.push(...insertions);
    return true;
  };

  // Register the file's sites as it starts to run (a probe or the wrapper registers it too when one
  // of its functions is called earlier, as ES module cycles allow).
  if (found.length || closures.length) addInsert(registrationPoint(program, code, lines), `;${PROBE_INIT}();`);
  const wrap = (start: number, end: number, open: string, close: string): void => {
    pieces.push({ at: start, text: open, open: true, start, end }, { at: end, text: close, open: false, start, end });
  };
  for (const r of closures) probe(r.fn, -1);
  /** An offset's 1-based line and 0-based column in the user's source; undefined for code the compiler added (helpers). */
  const originalPosition = (offset: number, withinSegment = false): { line: number; column: number } | undefined => {
    const generated = position(offset);
    if (!trace) return generated;
    const original = originalPositionFor(trace, generated);
    if (original.line === null) return undefined;
    // A segment can start before the offset (a compiler may map a member chain from its start): the rest of it is the same text.
    const segment = traceSegment(trace, generated.line - 1, generated.column);
    const within = withinSegment && segment && segment.length >= 4 && segment[3] === original.column ? generated.column - segment[0] : 0;
    return { line: original.line, column: original.column + within };
  };
  for (const c of found) {
    const original = originalPosition(c.position);
    if (!original) continue;
    const { line, column } = original;
    const targeted = siteMatches(targets, c.name, line, c.kind);
    // A factory's binding is only there to learn which name its value goes by: left as it is unless a target names it.
    if (c.factory && !targeted) continue;
    const index = sites.length;
    const site: SiteInfo = { name: c.name, kind: c.kind, line, column: column + 1 };
    if (c.factory) site.factory = true;
    sites.push(site);
    if (!targeted || (c.fn && probe(c.fn, index))) continue;
    // A factory's value, or a generator: wrapped where it is bound.
    if (c.inferName) site.inferName = true;
    if (c.wrap.type === 'declaration') addInsert(c.wrap.insertAt, `;${c.name}=${WRAP_FN}(${index},${c.name});`);
    else if (c.wrap.type === 'expression') wrap(c.wrap.start, c.wrap.end, `${WRAP_FN}(${index},`, ')');
    else if (c.wrap.type === 'method') {
      site.key = c.wrap.key;
      wrap(c.wrap.start, c.wrap.end, `${METHOD_FN}(`, `,${index})`);
    }
  }
  // A factory that does not record its own calls still keeps each closure it hands back.
  for (const factory of new Set(closures.map((r) => r.factory))) if (!probed.has(factory)) pieces.push(...linkInsertions(factory, code, lines, links));
  const shapes: ShapeTable = { file, calls: [] };
  for (const call of calls) {
    const original = originalPosition(call.position, true);
    if (!original) continue;
    pieces.push(
      { at: call.start, text: `${SHAPE_FN}(${shapes.calls.length},`, open: true, start: call.start, end: call.end, inner: true },
      { at: call.end, text: ')', open: false, start: call.start, end: call.end, inner: true },
    );
    shapes.calls.push([original.line, original.column + 1, call.callee]);
  }
  if (!sites.length && !probes.length && !shapes.calls.length) return undefined;

  // appendLeft keeps insertion order at one offset, and its text comes before appendRight's there.
  const insertions: Insertion[] = [];
  const insert = (p: Piece): void => {
    if (p.open) s.appendRight(p.at, p.text);
    else s.appendLeft(p.at, p.text);
    const { line, column } = position(p.at);
    insertions.push({ line: line - 1, column, length: p.text.length });
  };
  // A blank replaced by as long a text moves nothing (and keeps what is inserted around it).
  for (const p of pieces) if (p.replace) s.overwrite(p.at, p.at + 1, p.text, { contentOnly: true });
  // Where a shape call has the span of another insertion's expression (a wrapped value, a returned call), it goes inside.
  const inner = (p: Piece): number => (p.inner ? 1 : 0);
  for (const p of pieces.filter((i) => !i.open).sort((a, b) => a.at - b.at || b.start - a.start || inner(b) - inner(a))) insert(p);
  for (const p of pieces.filter((i) => i.open && !i.replace).sort((a, b) => a.at - b.at || b.end - a.end || inner(a) - inner(b))) insert(p);

  if (incoming) s.remove(incoming.start, code.length);
  const table: SiteTable = { file, token, sites, probes, params };
  if (!incoming && insertions.length) table.shifts = insertions.map((i) => [i.line + 1, i.column, i.length]);
  s.append(
    `\n;var ${PROBE_FILE};function ${SITES_FN}(){return ${JSON.stringify(table)}}` +
      `function ${PROBE_INIT}(){if(${PROBE_FILE}===void 0){var g=globalThis.__trainspectFile;${PROBE_FILE}=typeof g==="function"?g(${SITES_FN}):{a:[],n:{r:function(v){return v},x:function(){},f:function(){},[Symbol.hasInstance]:function(v){this.v=v;return true}}}}return ${PROBE_FILE}}` +
      `function ${WRAP_FN}(i,f){var g=globalThis.__trainspectWrap;return typeof g==="function"?g(${SITES_FN},i,f):f}` +
      `function ${METHOD_FN}(o,i){var g=globalThis.__trainspectWrapMethod;return typeof g==="function"?g(${SITES_FN},i,o):o}` +
      (shapes.calls.length ? shapeHelper(shapes) : ''),
  );
  const map = incoming ? shiftSourceMap(incoming.map, insertions) : s.generateMap({ source: file, hires: true, includeContent: false });
  const base64 = Buffer.from(JSON.stringify(map), 'utf8').toString('base64');
  const out = s.toString();
  checkParses(out, module);
  return { code: `${out}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${base64}\n`, table, shapes };
}

/**
 * The shape helper of one file: `__trainspect_h(i, v)` hands `v` (what call i returned) to the file's
 * recorder, which the preload's `__trainspectShape` makes from the file's table on the first call, and
 * returns it. Without the preload (a worker, a child process), it only returns `v`.
 */
function shapeHelper(shapes: ShapeTable): string {
  return `;var ${SHAPE_RECORDER};function ${SHAPE_SITES_FN}(){return ${JSON.stringify(shapes)}}` +
    `function ${SHAPE_FN}(i,v){return(${SHAPE_RECORDER}||${SHAPE_INIT}())(i,v)}` +
    `function ${SHAPE_INIT}(){var g=globalThis.__trainspectShape;return ${SHAPE_RECORDER}=typeof g==="function"?g(${SHAPE_SITES_FN}):function(i,v){return v}}`;
}
