// Instrumented files kept across runs, so that a run of unchanged files parses nothing (and does not
// load the instrumenter at all). An entry's name is a SHA-256 of everything the output depends on:
// the source, the file's path, ESM or not, the targets, break mode, shapes, and the build of the code that
// transforms (its file's size, inode and modification and change times, which every rebuild moves).
// An entry holds a SHA-256 of its code on its first line, checked on every read, and is written
// under a temporary name and renamed into place, so that a reader sees a whole entry or none, also
// with two runs at once. The folder, os.tmpdir()/trainspect-cache-<uid> (or TRAINSPECT_CACHE_DIR;
// empty: no cache), must be this user's and closed to others, or it is not used: its entries are
// code that runs. It is bounded: after a write, the entries used longest ago go beyond 500 or 64 MiB.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CACHE_DIR_ENV = 'TRAINSPECT_CACHE_DIR';
const FORMAT = 2; // of the key and the entry; a change makes every older entry a miss
const MAX_ENTRIES = 500;
const MAX_BYTES = 64 * 1024 * 1024;
const STALE_TEMP_MS = 60_000; // a temporary file this old was left by a run that died while writing
const ENTRY = /^[0-9a-f]{64}\.js$/;

export interface TransformInput {
  code: string;
  file: string;
  module: boolean;
  targets: readonly string[];
  breakPrologues: boolean;
  /** Which files' calls pass through the shape helper (instrument.ts); null: none. */
  shapes: string | null;
}

export interface TransformCache {
  /** The entry's name for this input; undefined when the cache cannot be used. */
  keyOf(input: TransformInput): string | undefined;
  get(key: string): string | undefined;
  set(key: string, code: string): void;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The cache for the transform built into `transformerFile`, or undefined when it is turned off. */
export function openTransformCache(transformerFile: string, env: NodeJS.ProcessEnv = process.env): TransformCache | undefined {
  const setting = env[CACHE_DIR_ENV];
  if (setting === '') return undefined;
  const dir = setting ? path.resolve(setting) : path.join(os.tmpdir(), `trainspect-cache-${process.getuid?.() ?? 'user'}`);
  let build: string | null | undefined; // what identifies the transform's code; null: unusable
  let usable: boolean | undefined;

  const buildId = (): string | null => {
    if (build === undefined) {
      try {
        const s = fs.statSync(transformerFile, { bigint: true });
        build = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
      } catch {
        build = null;
      }
    }
    return build;
  };
  /** Made if missing; used only as a folder of this user's that no one else can write to. */
  const ready = (): boolean => {
    if (usable === undefined) {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        const s = fs.lstatSync(dir);
        const own = process.getuid === undefined || s.uid === process.getuid();
        usable = s.isDirectory() && own && (process.platform === 'win32' || (s.mode & 0o022) === 0);
      } catch {
        usable = false;
      }
    }
    return usable;
  };

  return {
    keyOf(input) {
      const id = buildId();
      if (id === null) return undefined;
      const meta = JSON.stringify([FORMAT, id, input.file, input.module, input.targets, input.breakPrologues, input.shapes]);
      return createHash('sha256').update(meta).update('\0').update(input.code).digest('hex');
    },
    get(key) {
      if (!ready()) return undefined;
      let text: string;
      try {
        text = fs.readFileSync(path.join(dir, `${key}.js`), 'utf8');
      } catch {
        return undefined;
      }
      const newline = text.indexOf('\n');
      const code = text.slice(newline + 1);
      // A damaged entry is a miss; the write that follows replaces it.
      if (newline !== 64 || text.slice(0, 64) !== sha256(code)) return undefined;
      touch(path.join(dir, `${key}.js`)); // pruning goes by last use
      return code;
    },
    set(key, code) {
      if (!ready()) return;
      const file = path.join(dir, `${key}.js`);
      const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      try {
        fs.writeFileSync(temp, `${sha256(code)}\n${code}`, { flag: 'wx', mode: 0o600 });
        fs.renameSync(temp, file);
      } catch {
        fs.rmSync(temp, { force: true });
        return;
      }
      prune(dir);
    },
  };
}

function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // pruned meanwhile: it was read whole
  }
}

/** Removes the oldest entries beyond the bounds, and temporary files that a dead writer left. */
function prune(dir: string): void {
  try {
    const now = Date.now();
    const entries: { file: string; size: number; mtime: number }[] = [];
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      const s = fs.statSync(file, { throwIfNoEntry: false });
      if (!s) continue;
      if (ENTRY.test(name)) entries.push({ file, size: s.size, mtime: s.mtimeMs });
      else if (name.endsWith('.tmp') && now - s.mtimeMs > STALE_TEMP_MS) fs.rmSync(file, { force: true });
    }
    entries.sort((a, b) => b.mtime - a.mtime);
    let bytes = 0;
    entries.forEach((e, i) => {
      bytes += e.size;
      if (i >= MAX_ENTRIES || bytes > MAX_BYTES) fs.rmSync(e.file, { force: true });
    });
  } catch {
    // another run pruning at the same time, or a folder gone: the next write prunes again
  }
}
