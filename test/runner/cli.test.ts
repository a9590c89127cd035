// `trainspect run` and `trainspect show` as a user runs them: the built CLI in a child process.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTrace } from '../../src/protocol/trace-format';
import { buildOnce, CLI, FIXTURES, lineOf, plainNode, processAlive, waitFor } from './helpers';

function cli(args: string[], cwd = FIXTURES): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** Trainspect's own lines of stderr, without their prefix. */
const ownLines = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('[trainspect] ')).map((l) => l.slice('[trainspect] '.length));

describe('cli: trainspect run and show', function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-cli-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints the captured calls, writes the trace, and exits 0 when stopped at the call limit', () => {
    const out = path.join(tmp, 'pets.jsonl');
    const r = cli(['run', 'pets.js', '20', '100', '--trace', 'splitter', '--trace', 'labeller', '--max-calls', '1', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.toString(), /^split 16\/4\nlabel 1 Bengal\n/);
    assert.doesNotMatch(r.stdout.toString(), /done/);
    const own = ownLines(r.stderr);
    assert.ok(own.some((l) => new RegExp(`^splitter\\(…\\) #1 at pets\\.js:${lineOf('pets.js', 'function splitter')} {2}[\\d.]+ (µs|ms)$`).test(l)), own.join('\n'));
    assert.ok(own.some((l) => /^ {2}items +an Array of 20 strings {2}\(20\) \["images\/Abyssinian_0\.png", /.test(l)), own.join('\n'));
    assert.ok(own.some((l) => /^ {2}returns +an Object with 2 keys {2}\{train: \(16\) \[/.test(l)), own.join('\n'));
    assert.ok(own.some((l) => /^ {2}called from main \(pets\.js:21:\d+\)/.test(l)), own.join('\n'));
    assert.ok(own.some((l) => /^ {2}returns +a string of 6 characters {2}"Bengal"$/.test(l)), own.join('\n'));
    assert.ok(own.some((l) => /^stopped at the call limit \(signal SIGTERM\)/.test(l)), own.join('\n'));
    assert.equal(own.at(-1), `trace written to ${out}`);
    const events = parseTrace(fs.readFileSync(out, 'utf8'));
    assert.equal(events.filter((e) => e.type === 'call').length, 2);
  });

  it('show prints the same report from the trace file', () => {
    const out = path.join(tmp, 'again.jsonl');
    const run = cli(['run', 'pets.js', '10', '--trace', 'splitter', '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    const show = cli(['show', out]);
    assert.equal(show.status, 0, show.stderr);
    const shown = show.stdout.toString().trimEnd().split('\n');
    const printed = ownLines(run.stderr).filter((l) => !l.startsWith('trace written to'));
    assert.deepEqual(shown, printed);
    const withOutput = cli(['show', '--output', out]).stdout.toString();
    assert.ok(withOutput.includes('split 8/2\nlabel 1 Bengal\n') && withOutput.includes('a line on stderr\n'), withOutput);
  });

  it("keeps the script's stdout byte for byte and exits with the script's own code", () => {
    const plain = plainNode('output-bytes.js');
    const r = cli(['run', 'output-bytes.js', '--out', path.join(tmp, 'bytes.jsonl')]);
    assert.equal(r.status, 7);
    assert.deepEqual(r.stdout, plain.stdout);
    assert.ok(r.stderr.includes('err: ünïcödé\n'));
  });

  it('passes arguments after -- to the script, flags included', () => {
    const r = cli(['run', '--out', path.join(tmp, 'args.jsonl'), '-q', 'pets.js', '--', '5', '--not-ours']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.toString(), /^split 4\/1\n/);
    const events = parseTrace(fs.readFileSync(path.join(tmp, 'args.jsonl'), 'utf8'));
    assert.deepEqual(events[0].type === 'run' && events[0].args, ['5', '--not-ours']);
    assert.ok(!ownLines(r.stderr).some((l) => l.includes('(…) #')), 'quiet prints no calls');
  });

  it('exits 1 for a script that throws, 128+n for a signal, and explains a missing TensorFlow.js', () => {
    assert.equal(cli(['run', 'throws.js', '--out', path.join(tmp, 't.jsonl')]).status, 1);
    assert.equal(cli(['run', 'self-signal.js', '--out', path.join(tmp, 's.jsonl')]).status, 128 + os.constants.signals.SIGUSR2);
    const tfjs = cli(['run', 'tfjs-missing.js', '--out', path.join(tmp, 'm.jsonl')]);
    assert.equal(tfjs.status, 1);
    assert.ok(ownLines(tfjs.stderr).some((l) => l.startsWith('error: The script needs @tensorflow/tfjs-not-installed-anywhere')), tfjs.stderr);
  });

  it('writes a post-mortem for a script that throws, and none with --no-postmortem, the script\'s stderr and code the same', () => {
    const plain = plainNode('throws.js');
    const on = path.join(tmp, 'pm-on.jsonl');
    const off = path.join(tmp, 'pm-off.jsonl');
    const armed = cli(['run', 'throws.js', '--out', on]);
    const disarmed = cli(['run', 'throws.js', '--no-postmortem', '--out', off]);
    const types = (file: string): string[] => parseTrace(fs.readFileSync(file, 'utf8')).map((e) => e.type);
    assert.ok(types(on).includes('postmortem'));
    assert.ok(ownLines(armed.stderr).some((l) => l.startsWith('post-mortem:')), armed.stderr);
    assert.ok(!types(off).includes('postmortem'), types(off).join(' '));
    assert.ok(types(off).includes('uncaught') && types(off).at(-1) === 'exit');
    assert.ok(!ownLines(disarmed.stderr).some((l) => l.startsWith('post-mortem')), disarmed.stderr);
    const scriptsOwn = (stderr: string): string => stderr.split('\n').filter((l) => !l.startsWith('[trainspect]')).join('\n');
    for (const r of [armed, disarmed]) {
      assert.equal(r.status, plain.status);
      assert.equal(scriptsOwn(r.stderr), scriptsOwn(plain.stderr.toString()));
    }
  });

  it('uses its documented codes for its own failures', () => {
    const missing = cli(['run', 'nope.js', '--out', path.join(tmp, 'n.jsonl')]);
    assert.equal(missing.status, 66);
    assert.ok(ownLines(missing.stderr).some((l) => l === `error: Script not found: ${path.join(FIXTURES, 'nope.js')}`), missing.stderr);
    assert.equal(cli(['run']).status, 64);
    assert.equal(cli(['run', '--max-calls', 'three', 'pets.js']).status, 64);
    assert.equal(cli(['run', 'pets.js', '--epochs', '3']).status, 64);
    assert.equal(cli(['frobnicate']).status, 64);
    assert.equal(cli(['run', '--node', path.join(tmp, 'no-node'), 'pets.js', '--out', path.join(tmp, 'x.jsonl')]).status, 70);
    fs.writeFileSync(path.join(tmp, 'bad.jsonl'), '{"type":"exit","code":0,"signal":null,"time":1}\n');
    assert.equal(cli(['show', path.join(tmp, 'bad.jsonl')]).status, 65);
    assert.equal(cli(['show', path.join(tmp, 'none.jsonl')]).status, 66);
    assert.equal(cli(['--help']).status, 0);
  });

  it('writes the trace under .trainspect/ by default and says where', () => {
    const work = fs.mkdtempSync(path.join(tmp, 'work-'));
    const r = cli(['run', path.join(FIXTURES, 'never-called.js'), '--trace', 'splitter'], work);
    assert.equal(r.status, 0);
    const [file] = fs.readdirSync(path.join(work, '.trainspect'));
    assert.match(file, /^never-called-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.jsonl$/);
    assert.equal(ownLines(r.stderr).at(-1), `trace written to ${path.join('.trainspect', file)}`);
    assert.ok(ownLines(r.stderr).some((l) => l.startsWith('warning: "splitter"') && l.includes('never called')), r.stderr);
  });

  it('Ctrl-C stops the script and everything it started, exit code 130', async () => {
    const child = spawn(process.execPath, [CLI, 'run', 'grandchild.js', '--trace', 'splitter', '--out', path.join(tmp, 'g.jsonl')], { cwd: FIXTURES, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(() => /grandchild \d+/.test(stdout));
    const grandchild = Number(/grandchild (\d+)/.exec(stdout)![1]);
    assert.ok(processAlive(grandchild));
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    await waitFor(() => !processAlive(grandchild), 3000);
  });
});
