// The post-mortem on TF.js's wasm backend: V8 runs WebAssembly as unoptimised debug code while a debugger
// is on (the pets example trained 1.35× slower with the inspector merely enabled), so the recorder lets
// its inspector go: before TF.js loads when a user file's code loads the backend (so the debugger does not
// hash TF.js's sources for nothing), else when the backend loads. A failure then still gets its frames (here
// the exit call's), and a note that says why its variables were not read; the program's stderr and exit
// code stay plain node's.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { PostmortemEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { trace } from './helpers';

const DIR = path.join(packageRoot(), 'test', 'fixtures', 'postmortem');

/** The run's post-mortem; `exitLine`: the line of main's process.exit(1). */
async function postmortemOf(script: string, exitLine: number): Promise<PostmortemEvent> {
  const plain = spawnSync(process.execPath, [script], { cwd: DIR, encoding: 'utf8' });
  const run = await trace(script, { cwd: DIR, targets: ['noCallableOfThisName'], keepRunning: true });
  assert.equal(run.exit.code, plain.status);
  assert.equal(run.stderr.toString(), plain.stderr);
  const event = run.events.find((e): e is PostmortemEvent => e.type === 'postmortem');
  assert.ok(event, 'a postmortem event');
  assert.equal(event.snapshot, 'none');
  const main = event.frames.find((f) => f.user && f.function === 'main');
  assert.ok(main, JSON.stringify(event.frames));
  assert.equal(main.file, script);
  assert.equal(main.line, exitLine);
  assert.equal(main.scopes, null);
  return event;
}

describe('post-mortem: the wasm backend', function () {
  this.timeout(120_000);

  it('stands the inspector down before TF.js loads when the script\'s code loads the backend: frames from the stack, a note, no variables', async () => {
    const event = await postmortemOf(path.join(DIR, 'wasm-backend.js'), 13);
    assert.equal(event.note, 'variables not read: wasm-backend.js loads the wasm backend, and WebAssembly runs unoptimised while a debugger is on, so the inspector was let go before TF.js loaded');
  });

  it('stands it down when the backend loads, loaded by a name the code does not spell out', async () => {
    const event = await postmortemOf(path.join(DIR, 'wasm-backend-computed.js'), 12);
    assert.match(event.note ?? '', /the wasm backend is loaded/);
  });
});
