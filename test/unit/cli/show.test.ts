// `trainspect show` on damaged traces: the built CLI in a child process, as a user runs it.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CallEvent, ExitEvent, RunEvent } from '../../../src/protocol/events';
import { encodeEvent } from '../../../src/protocol/trace-format';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli', 'trainspect.js');

const run: RunEvent = {
  type: 'run', version: 1, script: '/p/train.js', args: [], cwd: '/p', node: 'v20.20.0', platform: 'linux',
  pid: 42, startTime: '2026-01-01T00:00:00.000Z', targets: ['splitter'], maxCalls: 3, time: 0,
};
const call: CallEvent = {
  type: 'call', seq: 1, callableId: 'c1', callable: 'splitter', site: { file: '/p/train.js', line: 3, column: 1 }, callNumber: 1,
  args: [{ kind: 'string', value: 'a.png', length: 5 }], result: { kind: 'number', value: 1 }, async: false, durationMs: 0.5,
  stack: [{ function: 'main', file: '/p/train.js', line: 9, column: 3, user: true }], time: 1,
};
const exit: ExitEvent = { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 100, time: 100 };

describe('cli: trainspect show', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    execFileSync(process.execPath, ['esbuild.js', 'cli'], { cwd: ROOT, stdio: 'inherit' });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-show-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const show = (lines: string[]) => {
    const file = path.join(tmp, `t${Math.random().toString(36).slice(2)}.jsonl`);
    fs.writeFileSync(file, lines.join(''));
    const r = spawnSync(process.execPath, [CLI, 'show', file], { cwd: tmp, env: { ...process.env, NO_COLOR: '1' } });
    return { status: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
  };

  it('prints a well-formed trace and exits 0', () => {
    const r = show([encodeEvent(run), encodeEvent(call), encodeEvent(exit)]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /splitter\(…\) #1/);
    assert.match(r.stdout, /exited with code 0 after 100 ms/);
  });

  it('shows the other events and exits 65 with a message naming the line, not a stack, when a preview is malformed', () => {
    const damaged = [
      { ...call, args: [{ kind: 'array', className: 'Array', length: 3 }] },
      { ...call, result: { kind: 'object', className: 'Object', keyCount: 1, entries: [{ key: 'a', value: null }] } },
      { ...call, stack: [{ function: 'main', file: 42, line: 9, column: 3, user: true }] },
      { type: 'uncaught', origin: 'uncaughtException', error: { kind: 'error' }, time: 2 },
    ];
    for (const event of damaged) {
      const r = show([encodeEvent(run), `${JSON.stringify(event)}\n`, encodeEvent(exit)]);
      assert.equal(r.status, 65, r.stderr);
      assert.match(r.stderr, /^\[trainspect\] error: .* is damaged: line 2 \(not a Trainspect event\) is not an event and was skipped; the 2 whole events are shown above\.\n$/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      assert.match(r.stdout, /tracing splitter in .*\n[\s\S]*exited with code 0/, 'the events around the damaged line are shown');
    }
  });
});
