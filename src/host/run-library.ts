// The run library: every run's trace kept in one folder (the editor's runs), plus traces elsewhere (the
// CLI's in the workspace), listed with a one-line summary each. Listing reads no trace that is already
// in the index (run-library-index.ts); a new or changed trace is read once. A damaged trace is listed
// with the reason, never dropped. The folder is kept under a size cap, oldest first; files outside it
// are the user's and are never pruned. Plain Node (no vscode).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunSummary } from '../protocol/run-summary';
import { loadIndex, saveIndex, type IndexEntry, type RunIndex } from './run-library-index';
import { liveTraceFacts, readTraceFacts } from './run-library-read';

export interface RunEntry {
  traceFile: string;
  /** In the library's own folder (pruned by the cap), not a file of the user's. */
  stored: boolean;
  size: number;
  mtimeMs: number;
  /** undefined when the file has no readable run event. A live run's status is 'running'. */
  summary: RunSummary | undefined;
  /** Why the trace is damaged (not a trace, cut mid-line, unreadable); undefined when it is whole. */
  damaged: string | undefined;
}

export class RunLibrary {
  /** Traces read whole to build their summaries since this library was made (the index spares the rest). */
  tracesRead = 0;
  private index: RunIndex | undefined;

  constructor(readonly dir: string) {}

  /** A new trace path in the library, such as `<dir>/train-2026-11-24T21-05-03-123Z.jsonl`. */
  newTracePath(script: string, now = new Date()): string {
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    return path.join(this.dir, `${path.basename(script).replace(/\.[^.]+$/, '')}-${stamp}.jsonl`);
  }

  /** The library's traces and `extraFiles` (absolute paths of traces elsewhere), newest first. */
  async list(extraFiles: readonly string[] = []): Promise<RunEntry[]> {
    const index = (this.index ??= loadIndex(this.dir));
    const stored = storedTraces(this.dir);
    const files = [...stored.map((file) => ({ file, stored: true })), ...[...new Set(extraFiles)].filter((f) => !stored.includes(f)).map((file) => ({ file, stored: false }))];
    let changed = false;
    const entries: RunEntry[] = [];
    const seen = new Set<string>();
    for (const { file, stored } of files) {
      const stat = statOf(file);
      if (!stat) continue; // gone since the folder was read
      seen.add(file);
      if (beingWritten(file)) { // not indexed: it changes until its run ends
        entries.push({ traceFile: file, stored, size: stat.size, mtimeMs: stat.mtimeMs, ...(await liveTraceFacts(file)) });
        continue;
      }
      let entry = index.get(file);
      if (!entry || entry.size !== stat.size || entry.mtimeMs !== stat.mtimeMs) {
        this.tracesRead++;
        entry = { ...(await readTraceFacts(file)), size: stat.size, mtimeMs: stat.mtimeMs };
        index.set(file, entry);
        changed = true;
      }
      entries.push(toEntry(file, stored, entry));
    }
    for (const file of index.keys()) {
      if (!seen.has(file)) {
        index.delete(file);
        changed = true;
      }
    }
    if (changed) this.save(index);
    return entries.sort((a, b) => startOf(b) - startOf(a));
  }

  /**
   * Deletes the oldest traces of the library's folder until it holds at most `maxBytes`, never one a
   * run is writing nor `keep` (the run about to start). Returns what it deleted.
   */
  prune(maxBytes: number, keep?: string): string[] {
    const traces = storedTraces(this.dir)
      .map((file) => ({ file, stat: statOf(file) }))
      .filter((t): t is { file: string; stat: fs.Stats } => t.stat !== undefined)
      .sort((a, b) => a.stat.mtimeMs - b.stat.mtimeMs);
    let total = traces.reduce((n, t) => n + t.stat.size, 0);
    const deleted: string[] = [];
    for (const { file, stat } of traces) {
      if (total <= maxBytes) break;
      if (file === keep || beingWritten(file)) continue;
      this.remove(file);
      total -= stat.size;
      deleted.push(file);
    }
    return deleted;
  }

  /** Deletes one trace (and its stale lock); refuses one a run is writing now. */
  delete(file: string): void {
    if (beingWritten(file)) throw new Error(`a run is writing ${file} now; stop it first`);
    this.remove(file);
  }

  private remove(file: string): void {
    fs.rmSync(file, { force: true });
    fs.rmSync(`${file}.lock`, { force: true });
    const index = (this.index ??= loadIndex(this.dir));
    if (index.delete(file)) this.save(index);
  }

  private save(index: RunIndex): void {
    try {
      saveIndex(this.dir, index);
    } catch {
      // An index that cannot be written only costs the next listing its reads.
    }
  }
}

/** The `.jsonl` files directly in `dir` (a missing folder holds none). */
function storedTraces(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl')).map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

function statOf(file: string): fs.Stats | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

function toEntry(traceFile: string, stored: boolean, { size, mtimeMs, summary, damaged }: IndexEntry): RunEntry {
  return { traceFile, stored, size, mtimeMs, summary, damaged };
}

const startOf = (entry: RunEntry): number => (entry.summary ? Date.parse(entry.summary.startTime) : entry.mtimeMs) || entry.mtimeMs;

/** Whether a live process holds the trace's lock (`<trace>.lock` with its pid, as trace-writer.ts takes it). */
export function beingWritten(file: string): boolean {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(`${file}.lock`, 'utf8'), 10);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
