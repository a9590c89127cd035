// The post-mortem recorder in real child processes: for each way a run can end in an exception, the
// `postmortem` event holds the failing stack's frames with their variables as they were at the throw
// (tensors with their shapes), and the program's stderr and exit code are byte for byte plain node's.
// The fixtures' files name no traced callable, so that they run uninstrumented, as under plain node.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { FrameScope, PostmortemEvent, PostmortemFrame, TraceEvent } from '../../src/protocol/events';
import type { Preview, TensorPreview } from '../../src/protocol/preview';
import { nodeArgsFor } from '../../src/host/launch';
import { packageRoot } from '../../src/host/paths';
import { MAX_EVENT_BYTES } from '../../src/runtime/event-size';
import { encodeEvent } from '../../src/protocol/trace-format';
import type { RuntimeConfig } from '../../src/protocol/runtime-config';
import { buildOnce, trace, type TracedRun } from './helpers';

const DIR = path.join(packageRoot(), 'test', 'fixtures', 'postmortem');
const fixture = (name: string): string => path.join(DIR, name);

/** The script under plain node (tsx's flags for TypeScript), nothing of Trainspect loaded. */
function plain(script: string, env: NodeJS.ProcessEnv = {}): { stderr: string; stdout: string; status: number | null; signal: NodeJS.Signals | null } {
  const flags = nodeArgsFor(script, { runtime: false });
  if ('missing' in flags) throw new Error('no tsx');
  const r = spawnSync(process.execPath, [...flags.args, script], { cwd: DIR, encoding: 'utf8', env: { ...process.env, ...env } });
  return { stderr: r.stderr, stdout: r.stdout, status: r.status, signal: r.signal };
}

const run = (name: string, env?: NodeJS.ProcessEnv, postmortem?: RuntimeConfig['postmortem']): Promise<TracedRun> =>
  trace(fixture(name), { cwd: DIR, targets: ['noCallableOfThisName'], keepRunning: true, ...(env ? { env } : {}), ...(postmortem !== undefined ? { postmortem } : {}) });

const postmortemOf = (events: TraceEvent[]): PostmortemEvent | undefined => events.find((e): e is PostmortemEvent => e.type === 'postmortem');

function onlyPostmortem(r: TracedRun): PostmortemEvent {
  const all = r.events.filter((e) => e.type === 'postmortem');
  assert.equal(all.length, 1, `one postmortem event: ${JSON.stringify(r.events.map((e) => e.type))}`);
  return all[0] as PostmortemEvent;
}

function frameOf(event: PostmortemEvent, fn: string | null, file: string): PostmortemFrame {
  const frame = event.frames.find((f) => f.function === fn && f.file === fixture(file) && !f.async);
  assert.ok(frame, `a frame ${fn} in ${file}: ${JSON.stringify(event.frames.map((f) => [f.function, f.file, f.line]))}`);
  return frame;
}

function variable(frame: PostmortemFrame, name: string, kind?: FrameScope['kind']): Preview {
  const found = (frame.scopes ?? []).filter((s) => kind === undefined || s.kind === kind).flatMap((s) => s.variables).find((v) => v.name === name);
  assert.ok(found, `${name} in ${frame.function}'s scopes: ${JSON.stringify(frame.scopes?.map((s) => [s.kind, s.variables.map((v) => v.name)]))}`);
  return found.value;
}

function tensorShape(p: Preview): number[] {
  assert.equal(p.kind, 'tensor', JSON.stringify(p));
  return (p as TensorPreview).shape;
}

// A traced run's microtasks after the first `await` drain from Node's processTicksAndRejections (some
// tick the runtime schedules; so on main before the post-mortem recorder), which then shows in an async
// error's stack; plain node drains them with no JavaScript frame below. Only that frame line is let go.
const TICKS_FRAME = /^ {4}at process\.processTicksAndRejections \(node:internal\/process\/task_queues:\d+:\d+\)\n/m;

/** stderr and the exit code as under plain node, and the event's line within the runtime's bound. */
function asPlainNode(r: TracedRun, name: string, { ticksFrame = false } = {}): void {
  const p = plain(fixture(name));
  assert.equal(ticksFrame ? r.stderr.toString().replace(TICKS_FRAME, '') : r.stderr.toString(), p.stderr);
  assert.equal(r.stdout.toString(), p.stdout);
  assert.equal(r.exit.code, p.status);
  const event = postmortemOf(r.events);
  if (event) assert.ok(Buffer.byteLength(encodeEvent(event)) <= MAX_EVENT_BYTES);
}

describe('runner: the post-mortem of a run that ends in an exception', function () {
  this.timeout(90_000);
  before(() => buildOnce());

  it('a synchronous throw: every frame innermost first, each with its locals and closure, the first (caught) throw not the one shown', async () => {
    const r = await run('sync-throw.js');
    asPlainNode(r, 'sync-throw.js');
    const event = onlyPostmortem(r);
    assert.equal(event.origin, 'uncaughtException');
    assert.equal(event.snapshot, 'complete');
    assert.ok(event.error.kind === 'error' && event.error.className === 'TypeError', JSON.stringify(event.error));
    const [top] = event.frames;
    assert.deepEqual([top.function, top.file, top.line, top.user, top.async], ['readBatch', fixture('sync-throw.js'), 6, true, false]);
    assert.deepEqual(variable(top, 'index', 'local'), { kind: 'number', value: 2 });
    assert.equal(variable(top, 'batch', 'local').kind, 'object');
    assert.equal(variable(top, 'settings', 'closure').kind, 'object');
    assert.deepEqual(variable(frameOf(event, 'load', 'sync-throw.js'), 'attempt'), { kind: 'number', value: 2 });
    assert.ok(event.frames.some((f) => f.file?.startsWith('node:') && !f.user), 'Node\'s frames are listed too');
    assert.ok(event.snapshotMs > 0 && event.snapshotMs < 2000, String(event.snapshotMs));
    assert.ok(!event.frames.some((f) => f.scopes?.some((s) => s.variables.some((v) => v.name.startsWith('__trainspect')))));
  });

  it('a rejected promise: the rejecting frame\'s locals, and the async callers that awaited it, without scopes', async () => {
    const r = await run('promise-reject.js');
    asPlainNode(r, 'promise-reject.js', { ticksFrame: true });
    const event = onlyPostmortem(r);
    assert.equal(event.origin, 'unhandledRejection');
    const top = event.frames[0];
    assert.equal(top.function, 'fetchLabels');
    assert.deepEqual(variable(top, 'wanted'), { kind: 'number', value: 4 });
    const callers = event.frames.filter((f) => f.async && f.user).map((f) => f.function);
    assert.deepEqual(callers.slice(0, 2), ['prepare', 'main']);
    assert.ok(event.frames.filter((f) => f.async).every((f) => f.scopes === null));
  });

  it('inside model.fit\'s loss (TF.js catches and rethrows): the loss\'s tensors and the kernel\'s operands', async () => {
    const r = await run('fit-loss.js');
    asPlainNode(r, 'fit-loss.js');
    const event = onlyPostmortem(r);
    assert.match(event.error.kind === 'error' ? event.error.message : '', /matMul/);
    const loss = frameOf(event, 'badLoss', 'fit-loss.js');
    assert.equal(loss.line, 6);
    assert.deepEqual(tensorShape(variable(loss, 'yPred')), [4, 2]);
    assert.deepEqual(tensorShape(variable(loss, 'weights')), [3, 5]);
    const stats = (variable(loss, 'weights') as TensorPreview).stats;
    assert.deepEqual([stats?.min, stats?.max], [1, 1]);
    const kernel = event.frames.find((f) => !f.user && f.scopes?.some((s) => s.variables.some((v) => v.name === 'a' && v.value.kind === 'tensor')));
    assert.ok(kernel, 'a library frame holds the kernel\'s operand a');
    assert.deepEqual(tensorShape(variable(kernel, 'b')), [3, 5]);
    // TF.js's fit is compiled to generators (__awaiter), not async functions: V8 sees no async caller to name.
    // explainError reads the kernel's operands from these frames.
    assert.equal(event.cause?.operation, 'matMul');
    assert.match(event.cause?.sentence ?? '', /inner dimensions 2 and 3 differ/);
    assert.deepEqual(event.cause?.site, { file: fixture('fit-loss.js'), line: 6, column: 21 });
  });

  it('inside a dataset map function read by fitDataset', async () => {
    const r = await run('dataset-map.js');
    asPlainNode(r, 'dataset-map.js');
    const event = onlyPostmortem(r);
    const map = event.frames[0];
    assert.equal(map.function, 'toExample');
    assert.deepEqual(tensorShape(variable(map, 'features')), [3]);
    assert.equal(variable(map, 'row').kind, 'object');
  });

  it('inside a fit callback', async () => {
    const r = await run('fit-callback.js');
    asPlainNode(r, 'fit-callback.js');
    const event = onlyPostmortem(r);
    const callback = event.frames[0];
    assert.equal(callback.function, 'onEpochEnd');
    assert.deepEqual(variable(callback, 'epoch'), { kind: 'number', value: 0 });
    assert.deepEqual(variable(callback, 'threshold'), { kind: 'number', value: 0.5 });
  });

  it('at an ES module\'s top level: the module scope, with its tensor', async () => {
    const r = await run('esm-top.mjs');
    asPlainNode(r, 'esm-top.mjs');
    const event = onlyPostmortem(r);
    const top = event.frames[0];
    assert.deepEqual([top.file, top.line, top.user], [fixture('esm-top.mjs'), 6, true]);
    assert.deepEqual(tensorShape(variable(top, 'images', 'module')), [2, 8, 8, 3]);
    assert.deepEqual(variable(top, 'expected', 'module'), { kind: 'number', value: 4 });
  });

  it('in TypeScript: the .ts file\'s lines, through tsx\'s source maps', async () => {
    const r = await run('ts-throw.ts');
    asPlainNode(r, 'ts-throw.ts');
    const event = onlyPostmortem(r);
    const top = event.frames[0];
    assert.deepEqual([top.function, top.file, top.line], ['checkSample', fixture('ts-throw.ts'), 6]);
    assert.deepEqual(variable(top, 'over'), { kind: 'number', value: 4 });
    assert.ok(!event.frames.some((f) => f.file?.includes(`${path.sep}tsx${path.sep}`) && f.user), 'tsx is no user code');
  });

  it('a thrown string: the value as it was thrown, and the frame that threw it', async () => {
    const r = await run('non-error.js');
    asPlainNode(r, 'non-error.js');
    const event = onlyPostmortem(r);
    assert.deepEqual(event.error, { kind: 'string', value: 'need 3 items, got 1', length: 19 });
    assert.equal(event.frames[0].function, 'pick');
    assert.deepEqual(variable(event.frames[0], 'count'), { kind: 'number', value: 1 });
  });

  it('a stack overflow: no room to pause, so no snapshot, the frames from the error\'s stack, and says so', async () => {
    const r = await run('stack-overflow.js');
    asPlainNode(r, 'stack-overflow.js');
    const event = onlyPostmortem(r);
    assert.equal(event.snapshot, 'none');
    assert.match(event.note ?? '', /stack overflow/);
    assert.ok(event.frames.length > 0 && event.frames.every((f) => f.function === 'depth' && f.user && f.scopes === null), JSON.stringify(event.frames.slice(0, 3)));
  });

  it('process.exit(1) in a timer callback: origin exit, the exit call\'s frames with their variables', async () => {
    const r = await run('exit-in-callback.js');
    asPlainNode(r, 'exit-in-callback.js');
    const event = onlyPostmortem(r);
    assert.equal(event.origin, 'exit');
    assert.deepEqual(event.error, { kind: 'number', value: 1 });
    assert.equal(event.snapshot, 'complete');
    const exitCall = frameOf(event, 'giveUp', 'exit-in-callback.js');
    assert.equal(exitCall.line, 5);
    assert.deepEqual(variable(exitCall, 'code'), { kind: 'number', value: 1 });
    assert.deepEqual(variable(exitCall, 'reason'), { kind: 'string', value: 'no data', length: 7 });
    assert.ok(!event.frames.some((f) => f.file?.includes(`${path.sep}dist${path.sep}runtime${path.sep}`)), 'no frame of Trainspect\'s own');
  });

  it('a child killed by SIGKILL or out of memory writes no post-mortem and the run still ends', async () => {
    const killed = await run('sigkill.js');
    assert.equal(killed.exit.signal, 'SIGKILL');
    assert.equal(postmortemOf(killed.events), undefined);
    const env = { NODE_OPTIONS: '--max-old-space-size=24' };
    const oom = await run('oom.js', env);
    const p = plain(fixture('oom.js'), env);
    assert.equal(oom.exit.code, p.status);
    assert.equal(oom.exit.signal, p.signal);
    assert.ok(oom.exit.code !== 0 || oom.exit.signal !== null);
    assert.equal(postmortemOf(oom.events), undefined);
  });

  it('a program that throws and catches in a loop still gets the post-mortem of the error that ends it', async () => {
    const r = await run('throw-loop.js');
    asPlainNode(r, 'throw-loop.js');
    const event = onlyPostmortem(r);
    assert.match(event.error.kind === 'error' ? event.error.message : '', /caught many/);
    // Pausing may be off after the loop (its back-off): then there is no snapshot, and the note says why.
    if (event.snapshot === 'none') assert.match(event.note ?? '', /high rate/);
    else assert.equal(event.frames[0].function, 'finish');
  });

  it('leaves err.stack of caught errors as plain node has it, with the script\'s own Error.prepareStackTrace too, and writes no post-mortem for a run that ends well', async () => {
    const r = await run('stacks.js');
    asPlainNode(r, 'stacks.js');
    assert.equal(r.exit.code, 0);
    assert.match(r.stdout.toString(), /^fail 2 at fail:4$/m);
    assert.equal(postmortemOf(r.events), undefined);
  });

  it('keeps its bounds (maxFrames, maxProperties), and is off with postmortem: false', async () => {
    const bounded = await run('fit-loss.js', undefined, { maxFrames: 3, maxProperties: 2 });
    const event = onlyPostmortem(bounded);
    const read = event.frames.filter((f) => f.scopes !== null);
    assert.equal(read.length, 3, `${event.snapshot}: ${event.note}`);
    assert.ok(read.some((f) => f.function === 'badLoss'), 'the user\'s frame is read first');
    assert.ok(read.every((f) => f.scopes!.every((s) => s.variables.length <= 2)));
    assert.ok(read.some((f) => f.scopes!.some((s) => s.omitted > 0)));
    const off = await run('sync-throw.js', undefined, false);
    assert.equal(postmortemOf(off.events), undefined);
    assert.equal(off.exit.code, 1);
  });
});
