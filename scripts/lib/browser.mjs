// The chromium that the webview tests, the extension tests and the end-to-end test drive: where it is
// looked up, and how it is installed when it is missing (see docs/testing.md, "The browser").
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** Debian's chromium, and a font for the pages it renders (screenshots must not be empty boxes). */
export const BROWSER_PACKAGES = ['chromium', 'fonts-dejavu-core'];

/** CHROMIUM_PATH when set (a chromium or chrome of your own), else Debian's. */
export function chromiumPath(env = process.env) {
  return env.CHROMIUM_PATH || DEBIAN_CHROMIUM;
}

export function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const isRoot = () => process.getuid?.() === 0;
const canSudo = () => spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;

/**
 * How to install the browser: TRAINSPECT_CHROMIUM_INSTALL (a shell command) when set, else apt-get as
 * root or through password-less sudo. undefined when neither root nor sudo is at hand.
 * @returns {{ command: string, args: string[], text: string } | undefined}
 */
export function installCommand(env = process.env) {
  const custom = env.TRAINSPECT_CHROMIUM_INSTALL;
  if (custom) return { command: 'sh', args: ['-c', custom], text: custom };
  const sudo = isRoot() ? '' : canSudo() ? 'sudo -n ' : undefined;
  if (sudo === undefined) return undefined;
  const text = `${sudo}apt-get update -q && ${sudo}apt-get install -y -q ${BROWSER_PACKAGES.join(' ')}`;
  return { command: 'sh', args: ['-c', text], text };
}

function run({ command, args }, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code === 0 && !signal));
  });
}

/**
 * Makes sure the browser is there: returns at once when it is, else runs the install command once and
 * checks again. Throws an Error whose message says what to do when it cannot.
 * @returns {Promise<{ executable: string, installed: boolean }>}
 */
export async function ensureChromium({ env = process.env, log = () => {} } = {}) {
  const executable = chromiumPath(env);
  if (isExecutable(executable)) return { executable, installed: false };
  const own = env.CHROMIUM_PATH ? ` (CHROMIUM_PATH=${env.CHROMIUM_PATH})` : '';
  const install = installCommand(env);
  if (!install) {
    throw new Error(`chromium was not found at ${executable}${own}, and installing it needs root or password-less sudo. `
      + `Install it as root: apt-get install -y ${BROWSER_PACKAGES.join(' ')}; or set CHROMIUM_PATH to a chromium or chrome executable.`);
  }
  log(`chromium was not found at ${executable}${own}: ${install.text}`);
  const ok = await run(install, env);
  if (!ok) throw new Error(`installing chromium failed: ${install.text}`);
  if (!isExecutable(executable)) {
    const hint = env.CHROMIUM_PATH ? '; unset CHROMIUM_PATH to use Debian\'s chromium, or point it at a chromium or chrome executable' : '';
    throw new Error(`chromium is still not at ${executable}${own} after ${install.text}${hint}.`);
  }
  return { executable, installed: true };
}
