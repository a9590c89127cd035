// Where the real-VS-Code test tools live (all under .vscode-test/, which git ignores), and the
// environment every one of them runs with: Node 24 first on PATH and HOME/XDG_* kept inside
// .vscode-test/home, because code-server and chromium write there even with their own data-dir flags.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './browser.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TEST_DIR = path.join(REPO_ROOT, '.vscode-test');
export const NODE24_DIR = path.join(TEST_DIR, 'node24');
export const NODE24_BIN = path.join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_DIR = path.join(TEST_DIR, 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const HOME_DIR = path.join(TEST_DIR, 'home');
export const MARKER_FILE = path.join(TEST_DIR, 'setup-complete.json');
export const CHROMIUM = chromiumPath();

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = 24;
/** What code-server's native modules build against; the browser is scripts/lib/browser.mjs's. */
export const DEBIAN_PACKAGES = ['build-essential', 'pkg-config', 'libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev'];

/**
 * This process's environment without what an enclosing `npm test` put there: npm reads `npm_config_*`
 * variables as its own settings, so an inner npm would take the outer one's user agent (code-server's
 * install script reads the Node version from it and refuses Node 20) and its prefix.
 */
function ownEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'));
}

/** The environment for installing and running code-server and chromium. */
export function toolEnv(extra = {}) {
  for (const dir of ['.config', '.cache', '.local/share', '.local/state']) fs.mkdirSync(path.join(HOME_DIR, dir), { recursive: true });
  return {
    ...ownEnv(),
    PATH: `${path.join(NODE24_DIR, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: HOME_DIR,
    XDG_CONFIG_HOME: path.join(HOME_DIR, '.config'),
    XDG_CACHE_HOME: path.join(HOME_DIR, '.cache'),
    XDG_DATA_HOME: path.join(HOME_DIR, '.local/share'),
    XDG_STATE_HOME: path.join(HOME_DIR, '.local/state'),
    ...extra,
  };
}

/** The marker written by setup-vscode.mjs once everything is installed, or undefined. */
export function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(MARKER_FILE, 'utf8'));
  } catch {
    return undefined;
  }
}
