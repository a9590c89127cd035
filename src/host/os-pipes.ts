// Real pipes for the script's stdout and stderr. Node's 'pipe' stdio is a socket pair, which a script
// can tell from the pipe `node script | cat` gives it: /dev/stdout cannot be opened, fstat says socket,
// and when the reader goes away its next write fails with ECONNRESET instead of EPIPE (a `yes` it
// started dies of "Connection reset by peer" instead of SIGPIPE). Node has no pipe(2); a FIFO made in
// a private temporary folder, opened at both ends and unlinked at once, is one.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface OsPipe {
  read: number;
  write: number;
}

/** `count` pipes, or undefined where they cannot be made (Windows, no `mkfifo`): use Node's then. */
export function osPipes(count: number): OsPipe[] | undefined {
  if (process.platform === 'win32') return undefined;
  let dir: string | undefined;
  const opened: number[] = [];
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-pipe-'));
    const names = Array.from({ length: count }, (_, i) => path.join(dir!, String(i)));
    if (spawnSync('mkfifo', ['-m', '600', ...names], { stdio: 'ignore' }).status !== 0) return undefined;
    const { O_RDONLY, O_WRONLY, O_NONBLOCK } = fs.constants;
    return names.map((name) => {
      const read = fs.openSync(name, O_RDONLY | O_NONBLOCK); // does not wait for a writer
      opened.push(read);
      const write = fs.openSync(name, O_WRONLY); // a reader is there: does not wait either
      opened.push(write);
      return { read, write };
    });
  } catch {
    for (const fd of opened) fs.closeSync(fd);
    return undefined;
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
