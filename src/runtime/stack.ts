// The caller's stack of a recorded call, as frames with the user's own code flagged.
//
// Read from V8's structured call sites and mapped through the files' source maps here, the way Node
// maps them for `error.stack`, with one difference: a frame in compiled code that no source map
// segment covers is code the user never wrote, and is left out. That is tsx's CommonJS wrapper: tsx
// hands Node `__filename=…;(()=>{` + the compiled file + `})()`, and Node maps the wrapper's call
// `})()` to the nearest segment before it, the file's last line, and names the frame it calls (the
// file's top level) after whatever name that segment holds.
import { findSourceMap, type SourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackFrame } from '../protocol/events';
import { isShippedTsxFile } from './user-files';

/** The folder of Trainspect's runtime files (dist/runtime when bundled, src/runtime from source). */
const OWN_DIR = __dirname;

const isOwnFile = (file: string): boolean => file.startsWith(OWN_DIR + path.sep) || file === OWN_DIR;

function toPath(location: string): string {
  if (location.startsWith('file://')) {
    try {
      return fileURLToPath(location);
    } catch {
      return location;
    }
  }
  return location;
}

const isUserFile = (file: string | null): boolean =>
  file !== null && path.isAbsolute(file) && !file.includes(`${path.sep}node_modules${path.sep}`) && !isOwnFile(file) && !isShippedTsxFile(file, OWN_DIR);

const FRAME = /^\s*at (?:async )?(?:(.+?) \((.+)\)|(.+))$/;

/** One "    at fn (file:line:col)" line, or undefined when it is not a frame line. */
export function parseFrameLine(line: string): StackFrame | undefined {
  const m = FRAME.exec(line);
  if (!m) return undefined;
  const fn = m[1] ?? null;
  const where = m[2] ?? m[3];
  const pos = /^(.*):(\d+):(\d+)$/.exec(where);
  const file = pos ? toPath(pos[1]) : where === 'native' || where === '<anonymous>' ? null : toPath(where);
  return { function: fn, file, line: pos ? Number(pos[2]) : null, column: pos ? Number(pos[3]) : null, user: isUserFile(file) };
}

type CallSite = NodeJS.CallSite & { getEnclosingLineNumber?(): number | null; getEnclosingColumnNumber?(): number | null };

interface MapEntry { originalSource?: string; originalLine?: number; originalColumn?: number; generatedLine?: number; name?: string }

function sourceMapOf(file: string | null, cache: Map<string, SourceMap | undefined>): SourceMap | undefined {
  if (!file) return undefined;
  if (!cache.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = findSourceMap(file); // only while source maps are enabled (tsx enables them)
    } catch {
      map = undefined;
    }
    cache.set(file, map);
  }
  return cache.get(file);
}

/** The entry for a 1-based position, or undefined when no segment on its generated line covers it. */
function entryAt(map: SourceMap, line: number | null, column: number | null): MapEntry | undefined {
  if (line === null || column === null) return undefined;
  const entry = map.findEntry(line - 1, column - 1) as MapEntry;
  return entry.originalSource !== undefined && entry.generatedLine === line - 1 ? entry : undefined;
}

/** The frames of `sites`, mapped to the user's sources; frames in unmapped compiled code left out. */
function framesOf(sites: readonly CallSite[]): StackFrame[] {
  const maps = new Map<string, SourceMap | undefined>();
  const frames: StackFrame[] = [];
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i];
    const parsed = parseFrameLine(`    at ${String(site)}`);
    if (!parsed) continue;
    const map = sourceMapOf(site.getFileName() ?? null, maps);
    if (!map) {
      frames.push(parsed);
      continue;
    }
    const entry = entryAt(map, site.getLineNumber(), site.getColumnNumber());
    if (!entry) continue; // compiled code no source covers: the compiler's wrapper
    const file = toPath(entry.originalSource!);
    // A library's own source map (TF.js's) names sources outside node_modules: its frames stay the library's.
    frames.push({ function: originalName(map, sites, i) ?? parsed.function, file, line: entry.originalLine! + 1, column: entry.originalColumn! + 1, user: parsed.user && isUserFile(file) });
  }
  return frames;
}

/**
 * The name Node gives a mapped frame: the source map's name at the enclosing function, else at the
 * caller's call site in the same file, as long as that call site is itself in mapped code.
 */
function originalName(map: SourceMap, sites: readonly CallSite[], i: number): string | undefined {
  const site = sites[i];
  const enclosing = site.getEnclosingLineNumber ? entryAt(map, site.getEnclosingLineNumber() ?? null, site.getEnclosingColumnNumber?.() ?? null) : undefined;
  if (enclosing?.name) return enclosing.name;
  const caller = sites[i + 1];
  if (!caller || caller.getFileName() !== site.getFileName()) return undefined;
  return entryAt(map, caller.getLineNumber(), caller.getColumnNumber())?.name || undefined;
}

/**
 * A generated position (1-based) in the user's source, through the file's source map: undefined when
 * the file has none (the position is the source's), null when no segment covers it (compiled code the
 * user never wrote). For frames read by the inspector (the post-mortem recorder).
 */
export function sourcePosition(location: string, line: number, column: number): { file: string; line: number; column: number } | null | undefined {
  const map = sourceMapOf(toPath(location), new Map());
  if (!map) return undefined;
  const entry = entryAt(map, line, column);
  return entry ? { file: toPath(entry.originalSource!), line: entry.originalLine! + 1, column: entry.originalColumn! + 1 } : null;
}

/** Whether a file (an absolute path, or "node:…") is the user's own code, not Node's, a library's or Trainspect's. */
export const isUserFrameFile = isUserFile;
export const isOwnFrameFile = isOwnFile;
export { toPath as locationPath };

const holder: { stack?: unknown } = {};
/** The Error.prepareStackTrace that hands back V8's call sites. */
export const asCallSites = (_error: Error, sites: NodeJS.CallSite[]): unknown => sites;

/** The stack of whoever called `below` (its own frame and those above it left out), innermost first. */
export function callerStack(below: Function, limit = 30): StackFrame[] {
  return stackOf(callerSites(below, limit));
}

/**
 * The raw call sites of whoever called `below`, for a stack that is only sometimes read: capturing them
 * is a fraction of mapping them (stackOf maps them later, while their files' source maps are loaded).
 */
export function callerSites(below: Function, limit = 30): readonly NodeJS.CallSite[] {
  const previousLimit = Error.stackTraceLimit;
  // The property as it is, not its value: reading it would run the post-mortem's guard (an accessor, recorders/postmortem-format.ts).
  const previousPrepare = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  try {
    Error.stackTraceLimit = limit;
    Object.defineProperty(Error, 'prepareStackTrace', { value: asCallSites, writable: true, configurable: true, enumerable: false });
    Error.captureStackTrace(holder, below);
    const sites = holder.stack;
    holder.stack = undefined;
    return Array.isArray(sites) ? (sites as NodeJS.CallSite[]) : [];
  } catch {
    return [];
  } finally {
    try {
      if (previousPrepare) Object.defineProperty(Error, 'prepareStackTrace', previousPrepare);
      else delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    } catch {
      // a script's Error made read-only meanwhile: nothing to restore
    }
    Error.stackTraceLimit = previousLimit;
  }
}

/** Call sites (from callerSites) as frames mapped to the user's sources, Trainspect's own left out. */
export function stackOf(sites: readonly NodeJS.CallSite[]): StackFrame[] {
  try {
    return framesOf(sites as CallSite[]).filter((frame) => !(frame.file && isOwnFile(frame.file)));
  } catch {
    return [];
  }
}
