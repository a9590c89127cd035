// `trainspect show` on damaged traces: the built CLI in a child process, as a user runs it.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CallEvent, ExitEvent, OutputEvent, RunEvent } from '../../../src/protocol/events';
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

  it('shows every whole event of a trace cut mid-line (a crash) and says the rest is damaged', () => {
    const second = { ...call, callNumber: 2, seq: 2, time: 2 };
    const cutLine = encodeEvent({ ...call, callNumber: 3, seq: 3, time: 3 });
    const r = show([encodeEvent(run), encodeEvent(call), encodeEvent(second), cutLine.slice(0, cutLine.length / 2)]);
    assert.equal(r.status, 65, r.stderr);
    assert.match(r.stdout, /splitter\(…\) #1[\s\S]*splitter\(…\) #2/);
    assert.doesNotMatch(r.stdout, /#3/);
    assert.match(r.stderr, /^\[trainspect\] error: .* is cut off in the middle of line 4 \(the run that wrote it was killed or ran out of disk space\): the rest is damaged; the 3 whole events are shown above\.\n$/);
  });

  it('streams a trace larger than its heap could hold as one string, and stops quietly when its reader goes away', async () => {
    // 80 MiB under a 32 MiB heap: reading it whole (readFileSync → string) runs out of memory.
    const file = path.join(tmp, 'large.jsonl');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, encodeEvent(run));
    const output = encodeEvent({ type: 'output', stream: 'stdout', text: 'x'.repeat(1 << 20), time: 1 } satisfies OutputEvent);
    for (let i = 0; i < 80; i++) fs.writeSync(fd, output);
    fs.writeSync(fd, encodeEvent(call) + encodeEvent(exit));
    fs.closeSync(fd);
    assert.ok(fs.statSync(file).size > 80 * 2 ** 20);
    const r = spawnSync(process.execPath, ['--max-old-space-size=32', CLI, 'show', file], { cwd: tmp, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr.slice(0, 2000));
    assert.match(r.stdout, /splitter\(…\) #1[\s\S]*exited with code 0 after 100 ms\n$/);
    // `show --output … | head -c …`: the reader goes away in the middle; show stops quietly.
    const child = spawn(process.execPath, [CLI, 'show', '--output', file], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    assert.equal(await new Promise((resolve) => child.on('close', resolve)), 0, stderr);
    assert.equal(stderr, '');
  });
});
