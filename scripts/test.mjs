#!/usr/bin/env node
// `npm test`: builds, type-checks, then runs every suite — unit and runner tests in plain Node, the
// extension tests in a real VS Code extension host, and the end-to-end browser test — and closes with
// one summary line. Each stage gets what it needs first: the browser set-up before mocha (the webview
// tests drive chromium), and the real VS Code's set-up inside test:vscode and test:e2e.
import { spawn } from 'node:child_process';

/** The unit and runner tests; not in .mocharc.json, so that `npx mocha <file>` runs that file alone. */
const UNIT_SPECS = ['test/unit/**/*.test.ts', 'test/runner/**/*.test.ts'];

const stages = [
  { name: 'build', command: ['node', 'esbuild.js'] },
  { name: 'typecheck', command: ['npm', 'run', 'typecheck'] },
  { name: 'browser set-up', command: ['node', 'scripts/setup-browser.mjs'] },
  { name: 'unit and runner tests', command: ['npx', 'mocha', ...UNIT_SPECS], counts: true },
  { name: 'extension tests in a real VS Code', command: ['node', 'scripts/test-vscode.mjs'], counts: true },
  { name: 'end-to-end test in the workbench', command: ['node', 'scripts/test-e2e.mjs'], counts: true },
  { name: 'the packages: .vsix in a real VS Code, npm tarball', command: ['node', 'scripts/test-package.mjs'], counts: true },
];

/** Runs a command with its output shown as it comes, and returns the output and exit code. */
function run([cmd, ...args]) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    const tee = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', tee(process.stdout));
    child.stderr.on('data', tee(process.stderr));
    child.on('error', (error) => resolve({ code: 127, output: `${output}\n${error.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

// eslint-disable-next-line no-control-regex
const plain = (output) => output.replace(/\u001b\[[0-9;]*m/g, '');

/** Reads mocha's "N passing / N failing" or a plain "N passed, N failed" line. */
function countResults(output) {
  const text = plain(output);
  const last = (re) => {
    const all = [...text.matchAll(re)];
    return all.length ? Number(all[all.length - 1][1]) : undefined;
  };
  const passing = last(/^\s*(\d+) passing/gm) ?? last(/(\d+) passed, \d+ failed/gm);
  const failing = last(/^\s*(\d+) failing/gm) ?? last(/\d+ passed, (\d+) failed/gm) ?? 0;
  return passing === undefined ? undefined : { passed: passing, failed: failing };
}

/**
 * What a failed stage said about its failures, short enough to sit in the summary (CI keeps only the end
 * of a long log): mocha's "N failing" block, else the stage's last lines.
 */
const RECAP_LINES = 24;
function failureRecap(output) {
  const lines = plain(output).split('\n').filter((l) => l.trim() !== '');
  const failingAt = lines.findLastIndex((l) => /^\s*\d+ failing/.test(l));
  const recap = failingAt >= 0 ? lines.slice(failingAt + 1) : lines.slice(-RECAP_LINES);
  return recap.slice(0, RECAP_LINES).map((l) => `     ${l.trimEnd().slice(0, 200)}`);
}

let passed = 0;
let failed = 0;
const report = [];
let failedStage = false;
for (const stage of stages) {
  console.log(`\n━━ ${stage.name}: ${stage.command.join(' ')}`);
  const started = Date.now();
  const { code, output } = await run(stage.command);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = stage.counts ? countResults(output) : undefined;
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  const ran = !stage.counts || (counts !== undefined && counts.passed + counts.failed > 0);
  const ok = code === 0 && ran;
  report.push(`${ok ? 'ok  ' : 'FAIL'} ${stage.name} (${seconds} s)${counts ? `: ${counts.passed} passed, ${counts.failed} failed` : ''}${ran ? '' : ': no test ran'}`);
  if (!ok) report.push(...failureRecap(output));
  failedStage ||= !ok;
  if (!ok && !counts) failed += 1; // a stage that failed without counting its tests still fails the run
  if (!ok && stage.name === 'build') break;
}

console.log('\n━━ Summary');
for (const line of report) console.log(line);
console.log(`Total: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedStage ? 1 : 0);
