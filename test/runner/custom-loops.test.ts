// Custom training loops on real TF.js: each trainOnBatch and minimize call outside fit gets a `step`
// event whose losses and memory are exactly what the script itself got, and the script's output and
// exit code are what they are without Trainspect.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { HealthEvent, StepEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { metricText } from '../../src/protocol/metric-text';
import { buildOnce, CLI, plainNode, trace } from './helpers';

const SCRIPT = path.join(packageRoot(), 'test', 'fixtures', 'training', 'loop-steps.cjs');

interface Printed { step: number; loss?: number; mse?: number; numTensors: number; numBytes: number }

/** The fixture's own lines: what each step returned and tf.memory() after it. */
const printed = (stdout: Buffer): Printed[] => stdout.toString().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Printed);
const stepsOf = (events: { type: string }[]): StepEvent[] => events.filter((e): e is StepEvent => e.type === 'step');

async function traced(mode: string) {
  const run = await trace(SCRIPT, { args: [mode] });
  const plain = plainNode(SCRIPT, [mode]);
  assert.equal(run.stdout.toString(), plain.stdout.toString(), 'stdout as without Trainspect');
  assert.equal(run.stderr.toString(), plain.stderr.toString(), 'stderr as without Trainspect');
  assert.equal(run.exit.code, plain.status);
  assert.equal(run.exit.code, 0, run.stderr.toString());
  return { steps: stepsOf(run.events), printed: printed(run.stdout), events: run.events };
}

describe('runner: custom training loops (step events)', function () {
  this.timeout(90_000);
  before(() => buildOnce());

  it('trainOnBatch: one step per call, its loss and metric by metricsNames and tf.memory() as the script read them', async () => {
    const { steps, printed: own, events } = await traced('trainOnBatch');
    assert.equal(own.length, 24);
    assert.deepEqual(steps.map((s) => [s.loop, s.loopId, s.model, s.optimizer, s.step]), own.map((p) => ['trainOnBatch', 1, 'steps', null, p.step]));
    assert.deepEqual(steps.map((s) => s.logs), own.map((p) => ({ loss: p.loss, mse: p.mse })));
    assert.deepEqual(steps.map((s) => [s.numTensors, s.numBytes]), own.map((p) => [p.numTensors, p.numBytes]));
    assert.notEqual(own[0].numTensors, own[5].numTensors, 'the fixture keeps a tensor per step: memory differs');
    // The leak alert names the loop as its steps do, at a step whose memory it tells.
    const leak = events.find((e): e is HealthEvent => e.type === 'health' && e.kind === 'leak');
    if (leak?.kind !== 'leak') return assert.fail('no leak alert');
    assert.deepEqual([leak.loop, leak.loopId, leak.model], ['trainOnBatch', 1, 'steps']);
    assert.equal(steps[leak.batch].numTensors, leak.numTensors);
  });

  it('minimize(f, true): the cost as "loss" and memory per step, named by the optimizer', async () => {
    const { steps, printed: own } = await traced('minimize');
    assert.equal(own.length, 24);
    assert.deepEqual(steps.map((s) => [s.loop, s.loopId, s.model, s.optimizer, s.step]), own.map((p) => ['minimize', 1, null, 'Adam', p.step]));
    assert.deepEqual(steps.map((s) => s.logs), own.map((p) => ({ loss: p.loss })));
    assert.deepEqual(steps.map((s) => [s.numTensors, s.numBytes]), own.map((p) => [p.numTensors, p.numBytes]));
  });

  it('minimize without returnCost: memory per step, no loss', async () => {
    const { steps, printed: own } = await traced('minimize-no-cost');
    assert.equal(steps.length, 24);
    assert.deepEqual(steps.map((s) => s.logs), own.map(() => ({})));
    assert.deepEqual(steps.map((s) => [s.step, s.numTensors, s.numBytes]), own.map((p) => [p.step, p.numTensors, p.numBytes]));
  });

  it('a bad argument: the script\'s own message and exit code, no step', async () => {
    const run = await trace(SCRIPT, { args: ['nonsense'] });
    const plain = plainNode(SCRIPT, ['nonsense']);
    assert.equal(run.exit.code, 2);
    assert.equal(run.stderr.toString(), plain.stderr.toString());
    assert.deepEqual(stepsOf(run.events), []);
  });

  it('trainspect run prints a line per loop at its end: steps and the last loss the script got', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', '--quiet', SCRIPT, 'trainOnBatch'], { env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 0, r.stderr.toString());
    const last = printed(r.stdout).at(-1)!;
    const line = r.stderr.toString().split('\n').find((l) => l.startsWith('[trainspect] steps.trainOnBatch: '));
    assert.equal(line, `[trainspect] steps.trainOnBatch: 24 steps; last loss ${metricText(last.loss!)}  mse ${metricText(last.mse!)}; ${last.numTensors} tensors (${last.numBytes.toLocaleString('en-US')} B) after it`);
  });

  it('steps count against the per-batch trace budget: past it they stop with one trace-full notice naming the first step left out', async () => {
    const run = await trace(SCRIPT, { args: ['minimize', '1500'], maxTraceBytes: 256 * 1024 });
    assert.equal(run.exit.code, 0, run.stderr.toString());
    assert.equal(printed(run.stdout).length, 1500, 'the script ran on to its end');
    const steps = stepsOf(run.events);
    assert.ok(steps.length > 100 && steps.length < 1500, `${steps.length} steps written`);
    assert.deepEqual(steps.map((s) => s.step), steps.map((_, i) => i), 'the first ones, in order');
    const full = run.events.filter((e) => e.type === 'notice' && e.code === 'trace-full' && e.message.includes('per-batch'));
    assert.equal(full.length, 1, 'one notice for the per-batch stream (the calls stream has its own)');
    assert.match(full[0].type === 'notice' ? full[0].message : '', new RegExp(`per-batch events from step ${steps.length + 1} of a custom loop \\(minimize\\) on are not recorded`));
  });
});
