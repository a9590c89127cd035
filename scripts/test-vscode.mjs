#!/usr/bin/env node
// `npm run test:vscode`: the extension test suite (test/vscode/suite) inside a REAL VS Code extension
// host. code-server runs VS Code's server with the smoke-test driver; a headless chromium opens the
// workbench with the extension under development and the suite as `extensionTestsPath`; the suite's
// output and exit code come back through codeAutomationLog / codeAutomationExit. See docs/testing.md.
import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './lib/chromium.mjs';
import { startCodeServer } from './lib/code-server.mjs';
import { REPO_ROOT } from './lib/vscode-env.mjs';
import { steps } from './lib/steps.mjs';
import { workbenchUrl } from './lib/workbench-url.mjs';

const TIMEOUT_MS = Number(process.env.TRAINSPECT_VSCODE_TEST_TIMEOUT_MS ?? 6 * 60_000);
// The workbench page can take over 30 s (Playwright's default) to load on a busy machine.
const GOTO_TIMEOUT_MS = 120_000;
const SUITE_INDEX = path.join(REPO_ROOT, 'out/test/vscode/suite/index.js');
const WORKSPACE = path.join(REPO_ROOT, 'test/vscode/workspace');
const verbose = process.argv.includes('--verbose') || process.env.TRAINSPECT_TEST_VERBOSE === '1';
// The suite tags its report lines (test/vscode/suite/index.ts); the workbench's own logs come untagged.
const TAG = 'trainspect-test| ';
// Known harmless workbench noise on a machine without internet (see docs/testing.md).
const NOISE = /open-vsx\.org|vsda|telemetry|ENOTFOUND|AgentHost|Failed to fetch|ERR_NAME_NOT_RESOLVED/;
const { log, runOrExit } = steps('test-vscode');


async function main() {
  runOrExit('build', process.execPath, ['esbuild.js']);
  if (!fs.existsSync(SUITE_INDEX)) throw new Error(`${SUITE_INDEX} was not built`);
  runOrExit('setup', process.execPath, ['scripts/setup-vscode.mjs']);
  fs.rmSync(path.join(WORKSPACE, '.trainspect'), { recursive: true, force: true }); // traces of earlier runs

  process.env.TRAINSPECT_TEST_LOG_TAG = TAG; // code-server's extension host inherits it
  const server = await startCodeServer({ smokeTestDriver: true, log: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined });
  log(`code-server on ${server.url}`);
  const browser = await launchChromium();
  try {
    let finish;
    const exitCode = new Promise((resolve) => { finish = resolve; });
    // The suite's console output, as the extension host reports it to the smoke-test driver.
    await browser.page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith(TAG)) console.log(text.split('\n').map((l) => (l.startsWith(TAG) ? l.slice(TAG.length) : l)).join('\n'));
      else if (verbose || (type === 'error' && !NOISE.test(text))) console.error(`[vscode ${type}] ${text}`);
    });
    await browser.page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
    if (verbose) browser.page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    const url = workbenchUrl(server, { folder: WORKSPACE, extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: SUITE_INDEX });
    log('opening the workbench with the extension and the suite');
    await browser.page.goto(url, { timeout: GOTO_TIMEOUT_MS });
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS).unref());
    const code = await Promise.race([exitCode, timeout]);
    if (code === 'timeout') {
      console.error(`[test-vscode] the suite did not finish within ${TIMEOUT_MS / 1000} s`);
      return 1;
    }
    log(`the suite exited with code ${code}`);
    return code;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[test-vscode] ${error.stack || error.message}`);
    process.exit(1);
  },
);
