// `trainspect run x.js 2>&1`: the script's two streams and Trainspect's lines in one file or pipe, as a
// user sees them in a terminal. The built CLI in a child process, compared with plain node.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildOnce, CLI, FIXTURES } from './helpers';

/** Runs `args` with stdout and stderr both on one file (`> file 2>&1`); returns what the file holds. */
function combinedInFile(args: string[], file: string): { text: string; status: number | null } {
  fs.writeFileSync(file, '');
  const fd = fs.openSync(file, 'a');
  try {
    const r = spawnSync(process.execPath, args, { cwd: FIXTURES, stdio: ['ignore', fd, fd], env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
    return { text: fs.readFileSync(file, 'utf8'), status: r.status };
  } finally {
    fs.closeSync(fd);
  }
}

const OWN_LINE = /^\[trainspect\] .*\n/gm;

describe('cli: combined output (2>&1)', function () {
  this.timeout(90_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-combined-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('keeps the order of stdout and stderr lines as plain node has it, and starts each line of its own on a line of its own', () => {
    const file = path.join(tmp, 'combined.txt');
    const plain = combinedInFile(['order.js', file], file);
    assert.equal(plain.status, 0);
    assert.match(plain.text, /^out 0\nerr 1\nout 2\n[\s\S]*err 11\nepoch 1 done$/);

    const traced = combinedInFile([CLI, 'run', '--trace', 'mark', '--out', path.join(tmp, 'order.jsonl'), 'order.js', file, 'traced'], file);
    assert.equal(traced.status, 0, traced.text);
    // Nothing of Trainspect's begins in the middle of a line, nor a line of the script's after one.
    assert.doesNotMatch(traced.text, /[^\n]\[trainspect\] /);
    assert.match(traced.text, /epoch 1 \n\[trainspect\] mark\(…\) #1 /);
    assert.match(traced.text, /done\n\[trainspect\] exited with code 0 /);
    // The script's own text is plain node's, with a line break where a line of ours had to begin.
    assert.equal(traced.text.replace(OWN_LINE, ''), plain.text.replace('epoch 1 ', 'epoch 1 \n') + '\n');
  });

  it('knows a shared pipe (2>&1 | cat) as one place, and separate places as separate', () => {
    const script = path.join(tmp, 'open-line.js');
    fs.writeFileSync(script, "process.stdout.write('50%');\n");
    const out = path.join(tmp, 'open.jsonl');
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" '${CLI}' run '${script}' --out '${out}' 2>&1 | cat`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.match(piped.stdout, /^\[trainspect\] tracing every callable in .*\n50%\n\[trainspect\] exited with code 0 /);
    // stdout alone keeps its bytes: no line break is added to a stream that Trainspect does not write.
    const apart = spawnSync(process.execPath, [CLI, 'run', script, '--out', out], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(apart.stdout, '50%');
    assert.match(apart.stderr, /^\[trainspect\] tracing [^\n]*\n\[trainspect\] exited with code 0 /);
  });
});
