// A reader of Trainspect's output that goes away early (`trainspect run … | head -1`), compared with
// the same reader going away from plain `node script.js`: the built CLI in a child process.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTrace } from '../../src/protocol/trace-format';
import { buildOnce, CLI, FIXTURES } from './helpers';

interface HeadRun {
  status: number | null;
  firstLine: string;
  stderr: string;
}

const shell = (args: string[]): string => [process.execPath, ...args].map((a) => `'${a}'`).join(' ');

/** `command | head -1` in a real shell (a real pipe: Node's own 'pipe' stdio is a socket pair). */
function headOne(args: string[]): HeadRun {
  const r = spawnSync('bash', ['-c', `${shell(args)} | head -1; exit "\${PIPESTATUS[0]}"`], { cwd: FIXTURES, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 40_000 });
  return { status: r.status, firstLine: r.stdout.split('\n')[0], stderr: r.stderr };
}

/** `command 2>&1 | head -1`: both streams into one pipe, closed after a line. */
function combinedHeadOne(args: string[]): number | null {
  return spawnSync('bash', ['-c', `${shell(args)} 2>&1 | head -1 >/dev/null; exit "\${PIPESTATUS[0]}"`], { cwd: FIXTURES, timeout: 40_000 }).status;
}

/** Trainspect's own error output, if it ever printed a stack of its own. */
const ownStack = (stderr: string): boolean => /internal error|trainspect[\\/]dist[\\/]cli|Error: write EPIPE[\s\S]*trainspect\.js/.test(stderr);

describe('cli: a reader that goes away early', function () {
  this.timeout(90_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-closed-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // handled: the script's own 'error' handler sees EPIPE and exits 3; unhandled: node's uncaught EPIPE
  // (exit 1); console: console.log's EPIPE, uncaught too; sigpipe: a `yes` it started dies of SIGPIPE.
  const expected = { handled: [3, 'script saw EPIPE'], unhandled: [1, 'Error: write EPIPE'], console: [1, 'Error: write EPIPE'], sigpipe: [4, 'yes ended by SIGPIPE'] } as const;
  for (const [mode, [status, says]] of Object.entries(expected)) {
    it(`| head -1 (${mode}): the script sees what it sees under plain node, the trace ends, the exit code is the script's`, () => {
      const plain = headOne(['closed-pipe.js', mode]);
      assert.equal(plain.status, status, `plain node: ${plain.stderr}`);
      assert.ok(plain.stderr.includes(says), plain.stderr);

      const out = path.join(tmp, `${mode}.jsonl`);
      const traced = headOne([CLI, 'run', 'closed-pipe.js', mode, '--out', out]);
      assert.equal(traced.status, plain.status, traced.stderr);
      assert.equal(traced.firstLine, plain.firstLine);
      assert.ok(traced.stderr.includes(says), traced.stderr);
      assert.ok(!ownStack(traced.stderr), traced.stderr);
      assert.match(traced.stderr, /\[trainspect\] trace written to /);
      const events = parseTrace(fs.readFileSync(out, 'utf8'));
      const exit = events.at(-1)!;
      assert.ok(exit.type === 'exit' && exit.code === status && exit.stoppedBy === null, JSON.stringify(exit));
    });
  }

  it('2>&1 | head -1: Trainspect, whose own lines cannot be written either, still ends the run with the script\'s code', () => {
    for (const mode of ['unhandled', 'console'] as const) {
      const plain = combinedHeadOne(['closed-pipe.js', mode]);
      assert.equal(plain, 1);
      const out = path.join(tmp, `combined-${mode}.jsonl`);
      assert.equal(combinedHeadOne([CLI, 'run', 'closed-pipe.js', mode, '--out', out]), plain);
      const exit = parseTrace(fs.readFileSync(out, 'utf8')).at(-1)!;
      assert.ok(exit.type === 'exit' && exit.code === 1, JSON.stringify(exit));
    }
  });

  it("gives the script real pipes, as `node script | cat` does: /dev/stdout opens, fstat says FIFO", () => {
    const probe = path.join(tmp, 'probe.js');
    fs.writeFileSync(probe, "const fs = require('fs'); fs.writeFileSync('/dev/stdout', 'via /dev/stdout\\n'); console.log(fs.fstatSync(1).isFIFO(), fs.fstatSync(2).isFIFO());\n");
    const plain = spawnSync('bash', ['-c', `node '${probe}' 2>&1 | cat`], { encoding: 'utf8' });
    const traced = spawnSync(process.execPath, [CLI, 'run', probe, '--out', path.join(tmp, 'probe.jsonl')], { encoding: 'utf8' });
    assert.equal(plain.stdout, 'via /dev/stdout\ntrue true\n');
    assert.equal(traced.stdout, plain.stdout, traced.stderr);
    assert.equal(traced.status, 0);
  });
});
