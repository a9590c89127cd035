// The post-mortem on TF.js's wasm backend: V8 runs WebAssembly as unoptimised debug code while a debugger
// is on (the pets example trained 1.35× slower with the inspector merely enabled), so the recorder lets
// its inspector go when the backend loads. A failure then still gets its frames (here the exit call's),
// and a note that says why its variables were not read; the program's stderr and exit code stay plain node's.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { PostmortemEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { trace } from './helpers';

const DIR = path.join(packageRoot(), 'test', 'fixtures', 'postmortem');
const SCRIPT = path.join(DIR, 'wasm-backend.js');

describe('post-mortem: the wasm backend', function () {
  this.timeout(120_000);

  it('stands the inspector down when the wasm backend loads: frames from the stack, a note, no variables', async () => {
    const plain = spawnSync(process.execPath, [SCRIPT], { cwd: DIR, encoding: 'utf8' });
    const run = await trace(SCRIPT, { cwd: DIR, targets: ['noCallableOfThisName'], keepRunning: true });
    assert.equal(run.exit.code, plain.status);
    assert.equal(run.stderr.toString(), plain.stderr);
    const event = run.events.find((e): e is PostmortemEvent => e.type === 'postmortem');
    assert.ok(event, 'a postmortem event');
    assert.equal(event.snapshot, 'none');
    assert.match(event.note ?? '', /wasm backend is loaded/);
    const main = event.frames.find((f) => f.user && f.function === 'main');
    assert.ok(main, JSON.stringify(event.frames));
    assert.equal(main.file, SCRIPT);
    assert.equal(main.line, 13);
    assert.equal(main.scopes, null);
  });
});
