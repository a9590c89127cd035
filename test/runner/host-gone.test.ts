// Nothing is left running when the host is killed hard: the CLI, or a host like the extension host
// (the runner API in a process of its own), gets SIGKILL, so none of its clean-up runs; the traced
// script notices the host-watch pipe closing and ends its process group, grandchild included.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeEvent } from '../../src/protocol/trace-format';
import { RunSession } from '../../src/extension/run-session';
import { buildOnce, CLI, FIXTURES, processAlive, trace, waitFor } from './helpers';

/** Starts `args`, waits until `pids` can read the script's and its grandchild's pids, SIGKILLs it. */
async function killHard(args: string[], pids: (stdout: string) => [number, number] | undefined): Promise<[number, number]> {
  const host = spawn(process.execPath, args, { cwd: FIXTURES, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  host.stdout.on('data', (d: Buffer) => (stdout += d));
  host.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise((resolve) => host.on('exit', resolve));
  let found: [number, number] | undefined;
  await waitFor(() => (found = pids(stdout)) !== undefined, 30_000).catch(() => assert.fail(`no pids: ${stdout}${stderr}`));
  const [script, grandchild] = found!;
  assert.ok(processAlive(script) && processAlive(grandchild));
  host.kill('SIGKILL');
  await exited;
  return [script, grandchild];
}

describe('runner: nothing is left running', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-gone-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('trainspect run killed with SIGKILL: the script and its grandchild end within 3 s; the next run takes the stale lock', async () => {
    const out = path.join(tmp, 'killed.jsonl');
    const [script, grandchild] = await killHard([CLI, 'run', 'grandchild.js', '--trace', 'splitter', '--out', out], (stdout) => {
      const match = /grandchild (\d+)/.exec(stdout);
      if (!match || !fs.existsSync(out)) return undefined;
      const run = decodeEvent(fs.readFileSync(out, 'utf8').split('\n')[0]); // written as events arrive
      return run.type === 'run' && run.pid !== null ? [run.pid, Number(match[1])] : undefined;
    });
    const started = Date.now();
    await waitFor(() => !processAlive(script) && !processAlive(grandchild), 3000);
    assert.ok(Date.now() - started < 3000);
    assert.ok(fs.existsSync(`${out}.lock`), 'a SIGKILL leaves the lock behind');
    const again = spawn(process.execPath, [CLI, 'run', 'pets.js', '5', '--trace', 'splitter', '--out', out], { cwd: FIXTURES, stdio: 'ignore' });
    assert.equal(await new Promise((resolve) => again.on('exit', resolve)), 0, 'a lock whose process is gone is taken over');
  });

  it('a host of the runner API killed with SIGKILL (as an extension host is on a reload): the same', async () => {
    const [script, grandchild] = await killHard(['--import', 'tsx', path.join(FIXTURES, 'host-waits.ts')], (stdout) => {
      const match = /pids (\d+) (\d+)/.exec(stdout);
      return match ? [Number(match[1]), Number(match[2])] : undefined;
    });
    await waitFor(() => !processAlive(script) && !processAlive(grandchild), 3000);
  });

  it("Stop in the editor (RunSession.stop, which the Stop command and deactivate call) ends a grandchild that ignores SIGTERM", async () => {
    let grandchild = 0;
    let stopped = 0;
    const r = await trace('grandchild.js', { args: ['stubborn'], targets: ['splitter'], keepRunning: true }, (run, stdout) => {
      const session = new RunSession('r1', 'grandchild.js', run, true);
      void waitFor(() => /grandchild (\d+)/.test(stdout())).then(() => {
        grandchild = Number(/grandchild (\d+)/.exec(stdout())![1]);
        stopped = Date.now();
        return session.stop();
      });
    });
    assert.equal(r.exit.stoppedBy, 'user');
    await waitFor(() => !processAlive(grandchild), 4000);
    assert.ok(Date.now() - stopped < 4000, 'SIGKILL followed the grace period');
  });
});
