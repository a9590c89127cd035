// Where runs started from the editor keep their traces: one JSONL file per run in a folder of the
// extension's storage, the newest few kept so that the folder never grows without bound.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A new trace path such as `<dir>/train-2026-11-24T21-05-03-123Z.jsonl`. */
export function newTracePath(dir: string, script: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.join(dir, `${path.basename(script).replace(/\.[^.]+$/, '')}-${stamp}.jsonl`);
}

/** Deletes all but the `keep` most recent traces in `dir`; a missing folder is fine. */
export function pruneTraces(dir: string, keep: number): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl'));
  } catch {
    return;
  }
  const byAge = names
    .map((name) => ({ file: path.join(dir, name), mtime: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { file } of byAge.slice(keep)) fs.rmSync(file, { force: true });
}
