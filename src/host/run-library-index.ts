// The run library's persisted index (`index.json` beside the stored traces): per trace file, the size
// and modification time it had when it was read, and what it said (summary, damage). A file whose size
// and mtime still match is listed from here without reading it. A missing or damaged index is an empty one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceFacts } from './run-library-read';

const INDEX_VERSION = 1;
export const INDEX_NAME = 'index.json';

export interface IndexEntry extends TraceFacts {
  size: number;
  mtimeMs: number;
}

export type RunIndex = Map<string, IndexEntry>;

export function loadIndex(dir: string): RunIndex {
  try {
    const saved = JSON.parse(fs.readFileSync(path.join(dir, INDEX_NAME), 'utf8')) as { version?: unknown; entries?: unknown };
    if (saved.version !== INDEX_VERSION || typeof saved.entries !== 'object' || saved.entries === null) return new Map();
    return new Map(Object.entries(saved.entries as Record<string, IndexEntry>).filter(([, e]) => isEntry(e)));
  } catch {
    return new Map();
  }
}

/** Written to a temporary file and renamed, so that a reader never sees half an index. */
export function saveIndex(dir: string, index: RunIndex): void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, INDEX_NAME);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify({ version: INDEX_VERSION, entries: Object.fromEntries(index) }));
  fs.renameSync(temporary, file);
}

const isEntry = (e: unknown): e is IndexEntry => {
  const entry = e as IndexEntry | null;
  return typeof entry === 'object' && entry !== null && typeof entry.size === 'number' && typeof entry.mtimeMs === 'number'
    && (entry.damaged === undefined || typeof entry.damaged === 'string')
    && (entry.summary === undefined || (typeof entry.summary === 'object' && entry.summary !== null && typeof entry.summary.script === 'string' && typeof entry.summary.status === 'string'));
};
