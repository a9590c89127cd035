import * as assert from 'node:assert/strict';
import type { EpochEvent, TraceEvent } from '../../../src/protocol/events';
import { isTraceEvent } from '../../../src/protocol/trace-format';
import { buildRunModel, MAX_CONTEXT_CALLS, postmortemContext } from '../../../src/protocol/run-model';
import { errorText, stackEntries, tensorLine } from '../../../src/protocol/postmortem-text';
import { failingRun, HOSTILE, postmortem, weights, yPred } from '../postmortem-trace';

const beforeFailure = (events: TraceEvent[]): TraceEvent[] => events.filter((e) => e.type !== 'postmortem' && e.type !== 'exit');

describe('run model: what the post-mortem says was going on', () => {
  it('the hand-written trace is one the guards accept', () => {
    for (const event of failingRun()) assert.ok(isTraceEvent(event), event.type);
  });

  it('where training was, its latest batch\'s logs, the last calls, and the latest tf.memory()', () => {
    const model = buildRunModel(failingRun());
    const context = postmortemContext(model);
    assert.deepEqual(context.training, { model: 'sequential_1', fitCall: 1, epoch: 1, epochs: 3, batch: 2, batches: 3, loss: 0.8123 });
    assert.deepEqual(context.logs, [['loss', 0.8123], ['acc', 0.5]]);
    assert.equal(MAX_CONTEXT_CALLS, 3);
    assert.deepEqual(context.calls.map((c) => c.seq), [2, 3, 4], 'the last three, in the order they started');
    assert.equal(context.memory?.numTensors, 42);
    assert.equal(model.postmortem, postmortem);
  });

  it('an epoch that ended after the latest batch gives its logs (validation included)', () => {
    const epoch: EpochEvent = { type: 'epoch', modelId: 1, fitCall: 1, epoch: 0, logs: { loss: 0.7, val_loss: 1.25 }, durationMs: 9, time: 350 };
    const context = postmortemContext(buildRunModel([...beforeFailure(failingRun()), epoch]));
    assert.deepEqual(context.logs, [['loss', 0.7], ['val_loss', 1.25]]);
  });

  it('nothing of training, calls or memory for a run that failed before any', () => {
    const context = postmortemContext(buildRunModel(failingRun().filter((e) => e.type === 'run' || e.type === 'postmortem')));
    assert.deepEqual(context, { training: undefined, logs: [], calls: [], memory: undefined });
  });
});

describe('post-mortem text: the words the panel and the CLI share', () => {
  it('a tensor on one line, shape first, statistics rounded, NaN!/Inf! flags', () => {
    assert.equal(tensorLine(yPred), 'Tensor float32 [4,2] x∈[-1.5, 3.25] μ=0.77 σ=1.32');
    assert.equal(tensorLine(weights), 'Variable float32 [3,5] x∈[NaN, Infinity] μ=NaN σ=NaN NaN! Inf!');
    assert.equal(tensorLine({ ...yPred, stats: undefined }), 'Tensor float32 [4,2] [0.12, -1.5, 3.25, 0, 0.5, 1, 2, 0.75]');
    assert.equal(tensorLine({ ...yPred, stats: undefined, values: [1, 2], size: 8 }), 'Tensor float32 [4,2] [1, 2, …]');
    assert.equal(tensorLine({ ...yPred, disposed: true }), 'Tensor float32 [4,2] (disposed)');
    assert.equal(tensorLine({ ...yPred, stats: undefined, values: undefined, backend: 'webgl' }), 'Tensor float32 [4,2] on webgl (values not read)');
  });

  it('the error of each origin: an Error, a thrown string, process.exit', () => {
    assert.deepEqual(errorText(postmortem), { origin: 'Unhandled rejection', className: 'Error', message: postmortem.error.kind === 'error' ? postmortem.error.message : '' });
    assert.deepEqual(errorText({ ...postmortem, origin: 'uncaughtException', error: { kind: 'string', value: HOSTILE, length: HOSTILE.length } }),
      { origin: 'Uncaught exception', className: 'a string of 28 characters', message: HOSTILE });
    assert.deepEqual(errorText({ ...postmortem, origin: 'exit', error: { kind: 'number', value: 3 } }), { origin: 'Exited', className: 'process.exit(3)', message: '' });
  });

  it('each run of library frames is one fold in its place; the order of the frames is kept', () => {
    const entries = stackEntries(postmortem.frames);
    assert.deepEqual(entries.map((e) => (e.kind === 'frame' ? e.frame.function : e.frames.map((f) => f.index))), [[0, 1, 2], 'badLoss', [4, 5], 'main']);
  });
});
