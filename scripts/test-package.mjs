#!/usr/bin/env node
// `npm run test:package`: Trainspect as a user gets it. Builds the .vsix the way a publisher does
// (`vsce package`, which runs vscode:prepublish, the production build) and the npm tarball (`npm pack`)
// from that build, then checks what each installs, installs the .vsix into the real VS Code of the test
// suite and traces a TypeScript script with it from the palette (no extensionDevelopmentPath), and
// installs the tarball into an empty prefix and runs its CLI. The script lies in a temp folder outside
// this repository, so only the tsx that the package ships can run it. Ends with the development build
// again and "N passed, N failed". See docs/testing.md.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './lib/chromium.mjs';
import { startCodeServer } from './lib/code-server.mjs';
import { REPO_ROOT } from './lib/vscode-env.mjs';
import { steps } from './lib/steps.mjs';
import { workbenchUrl } from './lib/workbench-url.mjs';
import { quickOpen, quickPickLabels, runFromPalette, waitForWorkbench, webviewFrame } from '../test/e2e/workbench.mjs';

const FIXTURE = path.join(REPO_ROOT, 'test/package/workspace');
const RESULTS = path.join(REPO_ROOT, 'test-results');
const TEST_TIMEOUT_MS = 4 * 60_000;
// The workbench page can take over 30 s (Playwright's default) to load on a busy machine.
const GOTO_TIMEOUT_MS = 120_000;
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const verbose = process.argv.includes('--verbose') || process.env.TRAINSPECT_TEST_VERBOSE === '1';
const { log, runOrExit } = steps('test-package', { failureLine: '0 passed, 1 failed' });

/** Every file under dir, relative, with '/' separators. */
function listFiles(dir) {
  return fs.readdirSync(dir, { recursive: true }).map((f) => f.split(path.sep).join('/')).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** ELF, Mach-O (thin and fat) and PE executables and libraries, by their first bytes. */
function isNativeBinary(file) {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  const hex = head.toString('hex');
  return hex === '7f454c46' || ['feedface', 'feedfacf', 'cefaedfe', 'cffaedfe', 'cafebabe'].includes(hex) || hex.startsWith('4d5a');
}

/** What an installed Trainspect must hold, and must not: maps, node_modules, native binaries. */
function checkInstalledFiles(dir, what) {
  const files = listFiles(dir);
  for (const needed of ['package.json', 'dist/extension/extension.js', 'dist/runtime/preload.js', 'dist/runtime/instrumenter.js', 'dist/cli/trainspect.js', 'dist/webview/main.js',
    'dist/tsx/dist/loader.mjs', 'dist/tsx/esbuild-wasm/esbuild.wasm', 'docs/cli.md', 'docs/trace-format.md']) {
    assert.ok(files.includes(needed), `${what} lacks ${needed}`);
  }
  assert.deepEqual(files.filter((f) => f.endsWith('.map')), [], `${what} ships source maps`);
  assert.deepEqual(files.filter((f) => f.split('/').includes('node_modules')), [], `${what} ships node_modules`);
  assert.deepEqual(files.filter((f) => f.endsWith('.node') || isNativeBinary(path.join(dir, f))), [], `${what} ships native binaries`);
  return files;
}

function workspaceCopy(tmp, name) {
  const dir = path.join(tmp, name);
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const lineOf = (file, text) => fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

/** The events of every trace in a folder. */
function readTraces(folder) {
  const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.jsonl')) : [];
  return files.flatMap((f) => fs.readFileSync(path.join(folder, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
}

async function waitFor(predicate, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const tests = [
  {
    name: 'the .vsix installs into the real VS Code and traces a TypeScript script outside the repository',
    async run({ tmp, vsix }) {
      const workspace = workspaceCopy(tmp, 'vsix-workspace');
      const server = await startCodeServer({ installExtensions: [vsix], log: verbose ? (l) => console.log(`[code-server] ${l}`) : undefined });
      const browser = await launchChromium();
      const { page } = browser;
      if (verbose) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
      try {
        const installed = path.join(server.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
        const files = checkInstalledFiles(installed, 'the installed extension');
        log(`  installed: ${path.basename(installed)}, ${files.length} files, no map, node_modules or native binary`);
        // No payload: no extensionDevelopmentPath, no extensionTestsPath; only what is installed runs.
        await page.goto(workbenchUrl(server, { folder: workspace }), { timeout: GOTO_TIMEOUT_MS });
        await waitForWorkbench(page);
        await quickOpen(page, 'train.ts');
        log('  train.ts open');
        await runFromPalette(page, 'Trainspect: Trace Splitter Inputs');
        const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'trace the inputs of' });
        await title.waitFor({ state: 'visible', timeout: 30_000 });
        const labels = await quickPickLabels(page);
        assert.ok(labels.includes('splitter'), `the splitter is not offered: ${labels.join(', ')}`);
        const checked = page.locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-checked="true"]');
        assert.deepEqual((await checked.locator('.label-name').allInnerTexts()).map((t) => t.trim()), ['splitter']);
        await page.keyboard.press('Enter');
        log('  splitter chosen');

        const panel = webviewFrame(page);
        await panel.locator('summary', { hasText: 'an Array of 12 strings' }).first().waitFor({ state: 'visible', timeout: 90_000 });
        log('  the panel shows the splitter\'s 12 file names');
        // The extension keeps its traces in its global storage.
        const traces = path.join(server.userDataDir, 'User', 'globalStorage', `${manifest.publisher}.${manifest.name}`, 'traces');
        const call = await waitFor(() => readTraces(traces).find((e) => e.type === 'call'), `a call in a trace under ${traces}`);
        assert.equal(call.callable, 'splitter');
        assert.equal(call.site.file, path.join(workspace, 'train.ts'));
        assert.equal(call.site.line, lineOf(path.join(workspace, 'train.ts'), 'function splitter'));
        assert.equal(call.args[0].length, 12);
        log(`  trace: splitter called at train.ts:${call.site.line}, the .ts line`);
        await page.screenshot({ path: path.join(RESULTS, 'package-vsix-trace.png') });
      } catch (error) {
        await page.screenshot({ path: path.join(RESULTS, 'package-failure-vsix.png') }).catch(() => {});
        throw error;
      } finally {
        await browser.close();
        await server.stop();
      }
    },
  },
  {
    name: 'the npm tarball installs as a CLI that runs a TypeScript script outside the repository',
    async run({ tmp, tarball }) {
      const prefix = path.join(tmp, 'global');
      const npm = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--offline', tarball], { encoding: 'utf8', timeout: 120_000 });
      assert.equal(npm.status, 0, `npm install -g failed: ${npm.stderr}`);
      const installed = path.join(prefix, 'lib', 'node_modules', manifest.name);
      const files = checkInstalledFiles(installed, 'the installed npm package');
      log(`  npm install -g: ${files.length} files, no map, node_modules or native binary`);
      const bin = path.join(prefix, 'bin', 'trainspect');
      const cli = (args, cwd = tmp) => spawnSync(bin, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });

      const version = cli(['--version']);
      assert.equal(version.status, 0, version.stderr);
      assert.equal(version.stdout.trim(), manifest.version);
      const help = cli(['--help']);
      assert.equal(help.status, 0, help.stderr);
      for (const doc of ['docs/cli.md', 'docs/trace-format.md']) {
        const named = help.stdout.split(/\s+/).find((word) => word.endsWith(doc));
        assert.ok(named && fs.existsSync(named), `--help does not name an existing ${doc}:\n${help.stdout}`);
      }
      assert.match(help.stdout, /Exit codes/);
      assert.match(help.stdout, /\b64\b.*usage/i);
      log(`  trainspect --version: ${version.stdout.trim()}; --help names the docs and the exit codes`);

      const workspace = workspaceCopy(tmp, 'cli-workspace');
      const run = cli(['run', '--trace', 'splitter', '--out', 'trace.jsonl', 'train.ts'], workspace);
      assert.equal(run.status, 0, `trainspect run failed (${run.status}): ${run.stderr}`);
      assert.equal(run.stdout, 'train 9, valid 3\n');
      assert.match(run.stderr, /splitter\(.*\) #1 at train\.ts:\d+/);
      const events = fs.readFileSync(path.join(workspace, 'trace.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      const call = events.find((e) => e.type === 'call');
      assert.equal(call.site.line, lineOf(path.join(workspace, 'train.ts'), 'function splitter'));
      log(`  trainspect run train.ts: the script's own output, splitter traced at train.ts:${call.site.line}`);

      // The report inlines files the package must ship (the webview bundles, media/, the codicons).
      const report = cli(['report', 'trace.jsonl', 'report.html'], workspace);
      assert.equal(report.status, 0, `trainspect report failed (${report.status}): ${report.stderr}`);
      const html = fs.readFileSync(path.join(workspace, 'report.html'), 'utf8');
      assert.match(html, /data:font\/ttf;base64,/);
      assert.ok(html.includes('"callable":"splitter"'), 'the report holds the recorded call');
      log(`  trainspect report: ${(html.length / 1024).toFixed(0)} KB from the installed package`);
    },
  },
];

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms); })])
    .finally(() => clearTimeout(timer));
}

async function main() {
  const only = process.env.TRAINSPECT_TEST_GREP;
  const chosen = tests.filter((t) => !only || t.name.includes(only));
  const needsVsCode = chosen.some((t) => t.name.includes('VS Code'));
  if (needsVsCode) runOrExit('setup', process.execPath, ['scripts/setup-vscode.mjs']);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-package-'));
  fs.mkdirSync(RESULTS, { recursive: true });
  let passed = 0;
  let failed = 0;
  try {
    const vsix = path.join(tmp, `${manifest.name}-${manifest.version}.vsix`);
    runOrExit('vsce package (production build)', 'npx', ['vsce', 'package', '--no-dependencies', '--out', vsix]);
    runOrExit('npm pack', 'npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp]); // the build above: no second one
    const tarball = path.join(tmp, `${manifest.name}-${manifest.version}.tgz`);
    for (const test of chosen) {
      log(`▶ ${test.name}`);
      try {
        await withTimeout(test.run({ tmp, vsix, tarball }), TEST_TIMEOUT_MS, test.name);
        log(`✔ ${test.name}`);
        passed += 1;
      } catch (error) {
        log(`✘ ${test.name}\n${error.stack || error.message}`);
        failed += 1;
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    runOrExit('development build again', process.execPath, ['esbuild.js']);
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[test-package] ${error.stack || error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
