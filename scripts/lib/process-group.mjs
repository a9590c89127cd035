// Children started with `detached: true` lead their own process group. These helpers make sure such a
// group is killed when this process ends, however it ends (normal exit, an error, Ctrl-C, SIGTERM).
const groups = new Set();

function killAll() {
  for (const pid of groups) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  groups.clear();
}

let installed = false;
function install() {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      killAll();
      process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[signal]);
    });
  }
}

/** Kills the child's process group when this process exits; returns a function that forgets it. */
export function killGroupOnExit(child) {
  install();
  groups.add(child.pid);
  return () => groups.delete(child.pid);
}
