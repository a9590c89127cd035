// Our transform only inserts text into a line (it never adds or removes lines), so the map from the
// instrumented code back to the user's source is the compiler's own map (tsx's) with each segment moved
// right by what was inserted before it on its line. Done this way, and not by composing two maps, every
// segment keeps exactly its name, so Node names stack frames just as it does without Trainspect.
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import type { EncodedSourceMap } from '@jridgewell/trace-mapping';

/** One insertion into the compiled code: 0-based line, 0-based column, and how many characters. */
export interface Insertion {
  line: number;
  column: number;
  length: number;
  /** The text takes the mapping of the character it goes before: that character's segment stays put. */
  joinsNext?: true;
}

export function shiftSourceMap(map: EncodedSourceMap, insertions: readonly Insertion[]): EncodedSourceMap {
  const byLine = new Map<number, Insertion[]>();
  for (const i of insertions) {
    if (i.length === 0) continue;
    const list = byLine.get(i.line) ?? [];
    list.push(i);
    byLine.set(i.line, list);
  }
  const lines = decode(map.mappings);
  for (const [line, list] of byLine) {
    const segments = lines[line];
    if (!segments) continue;
    // Text inserted at a column goes before the character there, so that character moves too.
    lines[line] = segments.map((segment): SourceMapSegment => {
      let shift = 0;
      for (const i of list) if (i.column < segment[0] || (i.column === segment[0] && !i.joinsNext)) shift += i.length;
      return shift ? ([segment[0] + shift, ...segment.slice(1)] as SourceMapSegment) : segment;
    });
  }
  return { ...map, mappings: encode(lines) };
}
