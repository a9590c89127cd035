// Writes a run's trace file as events arrive, so that a crash still leaves every whole event written
// before it. Only regular files are written (a FIFO would block, a device would swallow or refuse),
// and a lock file next to the trace (`<trace>.lock`, holding the writer's pid) keeps two runs from
// writing the same file at once. A failed write stops the writing and is remembered, never thrown:
// the user's run goes on untouched, and the caller reports the failure at the end.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The trace file cannot be written at all; `message` says why in words. */
export class TraceFileError extends Error {
  override name = 'TraceFileError';
}

export class TraceFileWriter {
  private fd: number | undefined;
  private failed: string | undefined;
  private events = 0;
  private readonly releaseOnExit = (): void => this.releaseLock();

  private constructor(readonly file: string, private readonly lock: string, fd: number) {
    this.fd = fd;
    process.once('exit', this.releaseOnExit);
  }

  /** Creates (or empties) `file` for writing; throws TraceFileError when it cannot be. */
  static open(file: string): TraceFileWriter {
    refuseIfNotRegular(file);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
    } catch (error) {
      throw new TraceFileError(`cannot create its folder: ${describe(error)}`);
    }
    const lock = `${file}.lock`;
    takeLock(lock);
    let fd: number;
    try {
      const { O_WRONLY, O_CREAT, O_TRUNC, O_NONBLOCK } = fs.constants;
      fd = fs.openSync(file, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK); // NONBLOCK: a FIFO made meanwhile fails, not hangs
      if (!fs.fstatSync(fd).isFile()) {
        fs.closeSync(fd);
        throw new TraceFileError('it is not a regular file');
      }
    } catch (error) {
      fs.rmSync(lock, { force: true });
      throw error instanceof TraceFileError ? error : new TraceFileError(describe(error));
    }
    return new TraceFileWriter(file, lock, fd);
  }

  /** Why writing stopped (e.g. "ENOSPC: no space left on device"), or undefined while all is well. */
  get failure(): string | undefined {
    return this.failed;
  }

  /** Appends one encoded event, whole; after a failure, does nothing. */
  write(line: string): void {
    if (this.fd === undefined) return;
    const bytes = Buffer.from(line, 'utf8');
    try {
      // A write may take only part of the bytes (a file size limit, a disk filling up): the rest is
      // written next, or its error reported.
      for (let offset = 0; offset < bytes.length;) offset += fs.writeSync(this.fd, bytes, offset);
      this.events++;
    } catch (error) {
      this.fail(`${describe(error)} (after ${this.events} event${this.events === 1 ? '' : 's'})`);
    }
  }

  /** Flushes to disk and closes; a failure to do so is remembered like a failed write. */
  close(): void {
    if (this.fd !== undefined) {
      try {
        fs.fsyncSync(this.fd); // a full disk may only say so here
      } catch (error) {
        this.fail(describe(error));
      }
      this.closeFd();
    }
    this.releaseLock();
  }

  private fail(why: string): void {
    this.failed ??= why;
    this.closeFd();
  }

  private closeFd(): void {
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch (error) {
      this.failed ??= describe(error);
    }
    this.fd = undefined;
  }

  private releaseLock(): void {
    process.off('exit', this.releaseOnExit);
    if (readLockPid(this.lock) === process.pid) fs.rmSync(this.lock, { force: true });
  }
}

function refuseIfNotRegular(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return; // not there yet: it will be created
  }
  if (stat.isFile()) return;
  const what = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : 'a device';
  throw new TraceFileError(`it is ${what}, not a regular file`);
}

/**
 * Takes `<trace>.lock` for this process. A lock whose process is gone (a run that was killed) is
 * stale and taken over; one whose process still runs means another run is writing the trace now.
 */
function takeLock(lock: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new TraceFileError(`cannot create its lock file ${lock}: ${describe(error)}`);
    }
    const owner = readLockPid(lock);
    if (owner === undefined ? justMade(lock) : isRunning(owner)) {
      const who = owner === undefined ? 'another Trainspect run' : `another Trainspect run (process ${owner})`;
      throw new TraceFileError(`${who} is writing it now; wait for it to end or choose another --out (if no run is going on, delete ${lock})`);
    }
    // Stale: removed only if it is still the one just read, so that a lock taken meanwhile stays.
    if (readLockPid(lock) === owner) fs.rmSync(lock, { force: true });
  }
  throw new TraceFileError(`another Trainspect run took its lock file ${lock} at the same moment`);
}

function readLockPid(lock: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(lock, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A lock file without a pid yet may be one another run is writing this instant. */
function justMade(lock: string): boolean {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs < 5000;
  } catch {
    return false;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  // "ENOSPC: no space left on device, write" → "ENOSPC: no space left on device"
  return e.code && typeof e.message === 'string' ? e.message.replace(/, \w+( '.*')?$/, '') : String(error);
}
