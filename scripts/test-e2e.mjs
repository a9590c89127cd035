#!/usr/bin/env node
// `npm run test:e2e`: end-to-end tests that drive the real VS Code workbench (code-server) in a headless
// chromium with Playwright, with Trainspect loaded as the extension under development and the fixture
// workspace (test/vscode/workspace) open, or the folder a test names (`export const workspace`). Each test
// gets a fresh server and browser; TRAINSPECT_TEST_GREP=<text> runs only the files whose path has it. See docs/testing.md.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from './lib/chromium.mjs';
import { startCodeServer } from './lib/code-server.mjs';
import { REPO_ROOT } from './lib/vscode-env.mjs';
import { steps } from './lib/steps.mjs';
import { workbenchUrl } from './lib/workbench-url.mjs';

const TESTS = ['test/e2e/trace-splitter.e2e.mjs', 'test/e2e/run-with-introspection.e2e.mjs', 'test/e2e/health-alert.e2e.mjs', 'test/e2e/postmortem.e2e.mjs', 'test/e2e/compare.e2e.mjs'];
const TEST_TIMEOUT_MS = 3 * 60_000;
// The workbench page can take over 30 s (Playwright's default) to load on a busy machine.
const GOTO_TIMEOUT_MS = 120_000;
const WORKSPACE = path.join(REPO_ROOT, 'test/vscode/workspace');
const RESULTS = path.join(REPO_ROOT, 'test-results');
const verbose = process.argv.includes('--verbose') || process.env.TRAINSPECT_TEST_VERBOSE === '1';
const { log, runOrExit } = steps('test-e2e', { failureLine: '0 passed, 1 failed' });

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms); })])
    .finally(() => clearTimeout(timer));
}

async function runTest(file) {
  const test = await import(path.join(REPO_ROOT, file));
  log(`▶ ${test.name}`);
  // The smoke-test driver makes the workbench honour the payload that loads the extension under development.
  const server = await startCodeServer({ smokeTestDriver: true, log: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined });
  const browser = await launchChromium();
  const { page } = browser;
  if (verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
  try {
    await page.goto(workbenchUrl(server, { folder: test.workspace ?? WORKSPACE, extensionDevelopmentPath: REPO_ROOT }), { timeout: GOTO_TIMEOUT_MS });
    await withTimeout(test.run({ page, resultsDir: RESULTS, log: (s) => log(`  ${s}`) }), TEST_TIMEOUT_MS, test.name);
    log(`✔ ${test.name}`);
    return true;
  } catch (error) {
    const shot = path.join(RESULTS, `e2e-failure-${path.basename(file, '.e2e.mjs')}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    log(`✘ ${test.name}\n${error.stack || error.message}\n  (screenshot of the failure: ${path.relative(REPO_ROOT, shot)})`);
    return false;
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main() {
  runOrExit('build', process.execPath, ['esbuild.js']);
  runOrExit('setup', process.execPath, ['scripts/setup-vscode.mjs']);
  fs.rmSync(path.join(WORKSPACE, '.trainspect'), { recursive: true, force: true }); // traces of earlier runs
  fs.mkdirSync(RESULTS, { recursive: true });
  let passed = 0;
  let failed = 0;
  const grep = process.env.TRAINSPECT_TEST_GREP;
  for (const file of TESTS.filter((f) => !grep || f.includes(grep))) {
    if (await runTest(file)) passed += 1;
    else failed += 1;
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[test-e2e] ${error.stack || error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
