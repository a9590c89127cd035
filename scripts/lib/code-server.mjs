// Starts code-server (a real VS Code: workbench in a browser, extensions in a real Node extension
// host) for a test run, and makes sure it dies with us. See docs/testing.md.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CODE_SERVER_ENTRY, NODE24_BIN, toolEnv } from './vscode-env.mjs';
import { killGroupOnExit } from './process-group.mjs';

/** A free TCP port on 127.0.0.1 (127.0.0.1 keeps the page a secure context, which webviews need). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealthz(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode})`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/**
 * Starts code-server on a free port with fresh user-data and extensions dirs.
 * `installExtensions`: .vsix files installed into the extensions dir first, as a user installs them
 * (`code-server --install-extension`).
 * @param {{ folder?: string, smokeTestDriver?: boolean, workspaceTrust?: boolean, settings?: object,
 *           installExtensions?: string[], log?: (line: string) => void, verbose?: boolean }} options
 * @returns {Promise<{ url: string, port: number, authority: string, userDataDir: string, extensionsDir: string, stop: () => Promise<void> }>}
 */
export async function startCodeServer(options = {}) {
  const port = await freePort();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-code-server-'));
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  // Quiet and plain: no telemetry, no welcome page, no AI chat side bar (it needs sign-in and the internet).
  // Auto save off, as desktop VS Code has it: VS Code in a browser saves a second after each edit, which
  // wrote a test's edits into the fixture workspace when a step took longer than that.
  const settings = {
    'telemetry.telemetryLevel': 'off', 'workbench.startupEditor': 'none', 'files.autoSave': 'off',
    'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...options.settings,
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const config = path.join(scratch, 'config.yaml');
  fs.writeFileSync(config, [`bind-addr: 127.0.0.1:${port}`, 'auth: none', 'cert: false', 'disable-telemetry: true', 'disable-update-check: true', ''].join('\n'));

  for (const vsix of options.installExtensions ?? []) {
    const r = spawnSync(NODE24_BIN, [CODE_SERVER_ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
      { env: toolEnv(), encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) {
      fs.rmSync(scratch, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${vsix} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
    }
    (options.log ?? (() => {}))(r.stdout.trim());
  }

  const args = [CODE_SERVER_ENTRY, '--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--ignore-last-opened'];
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (!options.workspaceTrust) args.push('--disable-workspace-trust');
  if (options.folder) args.push(options.folder);

  const child = spawn(NODE24_BIN, args, { env: toolEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const forget = killGroupOnExit(child);
  const log = options.log ?? (() => {});
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (text) => { for (const line of text.split('\n')) if (line.trim()) log(line); });
  }

  let stopped;
  const stop = () => (stopped ??= (async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000);
      await gone;
      clearTimeout(timer);
    }
    // Its extension hosts and their children live in the same group: make sure none survive.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* none left */ }
    forget();
    fs.rmSync(scratch, { recursive: true, force: true });
  })());

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthz(url, child, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, authority: `127.0.0.1:${port}`, userDataDir, extensionsDir, stop };
}
