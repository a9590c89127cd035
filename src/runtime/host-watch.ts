// The host (the CLI, the editor's extension host) holds the other end of the pipe on `fd` for the whole
// run and never writes to it. When the host is gone, however it went (SIGKILL, a crash, a window
// reload), the kernel closes its end and this one reads end-of-file: then nobody can show, stop or
// read the run any more, so the process ends its whole process group, everything the script started
// with it. The handle is unref'd: it never keeps the script alive, and it is only heard while the
// script's event loop turns.
import * as fs from 'node:fs';
import * as net from 'node:net';

export function watchHost(fd: number | undefined): void {
  if (fd === undefined) return;
  let pipe: net.Socket;
  try {
    pipe = new net.Socket({ fd, readable: true, writable: false });
  } catch {
    return; // not a pipe: nothing to watch
  }
  pipe.on('end', endProcessGroup);
  pipe.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ECONNRESET' || error.code === 'EPIPE') endProcessGroup();
  });
  pipe.unref();
  pipe.resume();
}

function endProcessGroup(): void {
  // The host starts the script as the leader of its own process group (pgid = pid) on POSIX.
  if (process.platform !== 'win32' && leadsOwnGroup()) {
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      // fall through to this process alone
    }
  }
  process.kill(process.pid, 'SIGKILL');
}

function leadsOwnGroup(): boolean {
  try {
    // /proc/self/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) === process.pid;
  } catch {
    return process.platform !== 'linux'; // no /proc (macOS): the host always starts it so
  }
}
