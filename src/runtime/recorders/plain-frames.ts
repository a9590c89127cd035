// Which stack frames are in the user's plain JavaScript, and where in its text: for the sites the shape
// recorder finds from the running code instead of a transformed file's helper (op-sites.ts, layer-sites.ts).
import * as fs from 'node:fs';
import { findSourceMap } from 'node:module';
import type { SourceSite } from '../../protocol/events';
import { hasColumnShifts, originalColumn } from '../column-shifts';
import { INLINE_MAP } from '../instrument';
import { lineStarts } from '../line-index';
import { isUserFrameFile, locationPath } from '../stack';

/** Per file name as V8 gives it: whether its frames are plain user code. */
export type PlainFiles = (name: string) => boolean;

const sources = new Map<string, { text: string; starts: number[] } | null>();

/** A user file's text as on disk and its line starts, read once: for its callees (shapes.ts) and its map. */
export function sourceOf(file: string): { text: string; starts: number[] } | null {
  let source = sources.get(file);
  if (source === undefined) {
    try {
      const text = fs.readFileSync(file, 'utf8');
      source = { text, starts: lineStarts(text) };
    } catch {
      source = null;
    }
    sources.set(file, source);
  }
  return source;
}

/** Whether a file's own text ends in a compiler's inline map (esbuild's output, say), which the transform takes as TypeScript's. */
const hasInlineMap = (file: string): boolean => sourceOf(file)?.text.includes(INLINE_MAP) ?? false;

/**
 * A user file without a compiler's source map: no map, or one that is the callable transform's own
 * (Node reads it once TypeScript has turned source maps on; such a file lists its insertions,
 * column-shifts.ts). A compiled file's calls go through the shape helper instead (instrument.ts):
 * TypeScript through tsx, and a JavaScript file that comes with its own inline map.
 */
export function plainUserFiles(): PlainFiles {
  const known = new Map<string, { file: string; user: boolean; mapped: boolean }>();
  return (name) => {
    let facts = known.get(name);
    if (!facts) {
      let mapped = false;
      try {
        mapped = findSourceMap(name) !== undefined;
      } catch {
        mapped = false;
      }
      const file = locationPath(name);
      const user = isUserFrameFile(file);
      known.set(name, (facts = { file, user: user && !hasInlineMap(file), mapped }));
    }
    // Not remembered: a file's insertions are listed as it starts to run, after its leading declarations.
    return facts.user && (!facts.mapped || hasColumnShifts(facts.file));
  };
}

/** A frame's position in a plain user file as written (past the callable transform's insertions); undefined for any other frame. */
export function plainSite(frame: NodeJS.CallSite, plain: PlainFiles): SourceSite | undefined {
  const name = frame.getFileName();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (!name || !plain(name) || line === null || column === null) return undefined;
  const file = locationPath(name);
  const original = originalColumn(file, line, column);
  return original === undefined ? undefined : { file, line, column: original };
}
