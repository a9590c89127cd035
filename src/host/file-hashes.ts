// What each user file's text was when the run read it: a hash per file, taken from the disk the first
// time the run names the file (the script at the run event; a module at its first callable or shape
// site, which the runtime emits as the module loads). An editor compares its document's text with it
// to tell whether what it shows of the run is about the text it has now.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/** The hash of a file's text as an editor holds it (a leading byte-order mark is not part of the text). */
export function textHash(text: string): string {
  return createHash('sha256').update(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).digest('hex');
}

/** Reads a file's text; undefined when it cannot be read (gone, a directory, no permission). */
export function readFileText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export class FileHashes {
  private readonly hashes = new Map<string, string | undefined>();

  /** `readText` null: nothing is read (a run restored after a reload: today's files are not what ran). */
  constructor(private readonly readText: ((file: string) => string | undefined) | null = readFileText) {}

  /** Takes the file's hash if this run has not yet. */
  record(file: string): void {
    if (this.hashes.has(file) || !this.readText) return;
    const text = this.readText(file);
    this.hashes.set(file, text === undefined ? undefined : textHash(text));
  }

  /** The file's hash as the run read it; undefined when it was not taken or could not be. */
  get(file: string): string | undefined {
    return this.hashes.get(file);
  }
}
