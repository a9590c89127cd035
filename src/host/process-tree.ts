// Ending a traced process with everything it started. On POSIX the child is spawned detached, so it
// leads its own process group and one signal to -pid reaches its children too; on Windows taskkill /T
// walks the tree.
import { spawnSync } from 'node:child_process';

/** Sends a signal to the process group led by pid. Returns false when the group is already gone. */
export function signalTree(pid: number, signal: NodeJS.Signals): boolean {
  if (process.platform === 'win32') {
    const result = spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    return result.status === 0;
  }
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while some process of the group led by pid is still alive. */
export function treeAlive(pid: number): boolean {
  if (process.platform === 'win32') {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Trees still running when this (host) process exits are killed, so none is left behind.
const liveTrees = new Set<number>();
let exitHookInstalled = false;

export function trackTree(pid: number): void {
  liveTrees.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const tree of liveTrees) signalTree(tree, 'SIGKILL');
  });
}

export function untrackTree(pid: number): void {
  liveTrees.delete(pid);
}
