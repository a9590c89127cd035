// Ctrl-C on `trainspect run`: the built CLI in a child process, a script with its own SIGINT handler.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli', 'trainspect.js');

const SCRIPT = `
function splitter(items) { return items; }
process.on('SIGINT', () => { console.log('script: SIGINT, saving'); process.exit(0); });
process.on('SIGTERM', () => { console.log('script: SIGTERM'); process.exit(0); });
console.log('script: ready');
setInterval(() => {}, 1000);
`;

describe('cli: signals reach the script', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    execFileSync(process.execPath, ['esbuild.js', 'runtime', 'cli'], { cwd: ROOT, stdio: 'inherit' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-signals-'));
    fs.writeFileSync(path.join(tmp, 'waits.js'), SCRIPT);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`passes ${signal} on, so the script's own handler runs`, async () => {
      const child = spawn(process.execPath, [CLI, 'run', 'waits.js', '--trace', 'splitter', '--out', path.join(tmp, `${signal}.jsonl`)], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const deadline = Date.now() + 30_000;
      while (!stdout.includes('script: ready')) {
        assert.ok(Date.now() < deadline, `the script did not start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill(signal);
      assert.equal(await exited, 130, stderr);
      assert.match(stdout, new RegExp(`script: ${signal}`), `the script's ${signal} handler did not run; stderr: ${stderr}`);
      assert.match(stderr, /stopped by you \(exit code 0\)/);
    });
  }
});
