import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EpochEvent, ExitEvent, ModelEvent, PipelineEvent, StepEvent } from '../../../src/protocol/events';
import { parseTrace } from '../../../src/protocol/trace-format';
import { EventFormatter } from '../../../src/cli/format';
import { metricText } from '../../../src/protocol/metric-text';

const formatter = (): EventFormatter => new EventFormatter({ cwd: '/p', color: false, prefix: '[t] ', showOutput: false, showUncaught: true, maxStackFrames: 3 });
const model: ModelEvent = {
  type: 'model', modelId: 2, model: 'net\u001b[31m', fitCall: 1, api: 'fit', epochs: 10, initialEpoch: 5, batchSize: 32, samples: 1000, steps: null,
  metrics: ['loss'], layers: [{ name: 'd', className: 'Dense', outputShape: [null, 1], params: 1234567, trainable: true }], totalParams: 1234567, trainableParams: 1000, time: 1,
};
const epoch = (fields: Partial<EpochEvent>): EpochEvent => ({ type: 'epoch', modelId: 2, fitCall: 1, epoch: 5, logs: {}, durationMs: 1500, time: 2, ...fields });

describe('CLI printer: training', () => {
  it('prints a fit call and one line per epoch, training metrics before validation ones, names escaped', () => {
    const f = formatter();
    assert.equal(f.format(model), '[t] net\\x1b[31m fit #1: 5 epochs, batch size 32, 1,000 samples; 1 layer, 1,234,567 parameters (1,000 trainable)\n');
    assert.equal(f.format(epoch({ logs: { val_loss: 0.5, loss: 'NaN', acc: 0.123456 } })), '[t] net\\x1b[31m epoch 6/10  loss NaN  acc 0.1235  val_loss 0.5  1.5 s\n');
    assert.equal(f.format({ type: 'batch', modelId: 2, fitCall: 1, epoch: 5, batch: 0, size: 32, logs: { loss: 1 }, durationMs: 1, time: 1 }), '');
  });

  it('names a model it has not seen by its number', () => {
    assert.match(formatter().format(epoch({ logs: { loss: 2 } })), /^\[t\] model 2 epoch 6 {2}loss 2 {2}/);
  });

  it('writes metrics in 4 significant digits', () => {
    assert.deepEqual([0, 0.69314718, 12.3456, 123456, -0.0001234, 'Infinity' as const].map(metricText), ['0', '0.6931', '12.35', '1.235e+5', '-1.234e-4', 'Infinity']);
  });
});

describe('CLI printer: custom loops', () => {
  const step = (fields: Partial<StepEvent>): StepEvent => ({
    type: 'step', loop: 'trainOnBatch', loopId: 1, model: 'net', optimizer: null, step: 0, logs: { loss: 1 }, numTensors: 1, numBytes: 4, time: 1, ...fields,
  });
  const exit: ExitEvent = { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 1000, time: 1000 };

  it('prints nothing per step, then one line per loop at the end: its steps, the last losses, memory after it', () => {
    const f = formatter();
    for (let i = 0; i < 3; i++) assert.equal(f.format(step({ step: i, logs: { loss: 1 / (i + 1), mse: 0.25 }, numTensors: 10 + i, numBytes: 1000 + i })), '');
    assert.equal(f.format(step({ loop: 'minimize', loopId: 2, model: null, optimizer: 'Adam', step: 0, logs: {}, numTensors: 7, numBytes: 28 })), '');
    assert.equal(f.format(step({ loopId: 3, model: 'x\u001b[2J', step: 1999, logs: { loss: 'NaN' } })), '');
    assert.equal(f.format(exit), [
      '[t] net.trainOnBatch: 3 steps; last loss 0.3333  mse 0.25; 12 tensors (1,002 B) after it',
      '[t] adam.minimize: 1 step; no loss recorded (minimize returns it when called as minimize(f, true)); 7 tensors (28 B) after it',
      '[t] x\\x1b[2J.trainOnBatch: 2,000 steps; last loss NaN; 1 tensor (4 B) after it',
      '[t] exited with code 0 after 1.0 s',
    ].join('\n') + '\n');
  });
});

describe('CLI printer: pipeline summary', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/trace-format.md'), 'utf8');
  const events = parseTrace(/## Example of a pipeline[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]);
  const summary = events.find((e): e is PipelineEvent => e.type === 'pipeline')!;

  it('prints the summary once, with its batch: an earlier event without a batch waits, a repeat adds nothing', () => {
    const f = formatter();
    assert.equal(f.format({ ...summary, steps: [], batch: null }), '');
    const lines = f.format(summary).split('\n').filter(Boolean);
    assert.equal(lines[0], '[t] pipeline: item 0 "dots_0.img"');
    assert.deepEqual(lines.slice(1, 5).map((l) => l.split(' → ')[0].trim()), ['[t]    1 getItems()', '[t]    2 map(name)', '[t]    3 decode(name)', '[t]    4 labelOf(name)'].map((l) => l.trim()));
    assert.match(lines[3], /\[8,8,1\] float32$/);
    assert.equal(lines[5], '[t]   batch fitDataset (its first batch): x [4,8,8,1] float32 ∈ [0, 1]  y [4,2] int32 ∈ [0, 1]');
    assert.equal(f.format(summary), '');
  });

  it('prints one written only before training ended at exit', () => {
    const f = formatter();
    assert.equal(f.format({ ...summary, batch: null }), '');
    assert.match(f.format({ type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 5, time: 5 }), /^\[t\] pipeline: item 0[\s\S]*labelOf\(name\)[\s\S]*exited with code 0/);
  });
});
