// Timed log lines and must-succeed steps for the test scripts: "[tag +12.3s] text".
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from './vscode-env.mjs';

/** `failureLine`: printed when a step fails, e.g. the "0 passed, 1 failed" a summary reader expects. */
export function steps(tag, { failureLine } = {}) {
  const started = Date.now();
  const log = (text) => console.log(`[${tag} +${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);

  /** Runs a command in the repository root; exits with its status if it fails. */
  function runOrExit(label, cmd, args) {
    const t = Date.now();
    const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`[${tag}] ${label} failed`);
      if (failureLine) console.log(failureLine);
      process.exit(r.status || 1);
    }
    log(`${label} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }

  return { log, runOrExit };
}
