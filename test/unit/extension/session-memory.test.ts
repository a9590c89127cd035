// Host memory of a long run: a synthetic stream of 1,000,000 batches (each with its memory event, an
// epoch and weight statistics every 1,000 batches) applied to the extension's run session as a traced
// process would send it, a pipe chunk at a time. Prints the heap before and after; the bound asserted
// is loose (the session that kept every event held +291 MiB of heap for this stream): the figure is the point.
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TraceEvent, WeightStats } from '../../../src/protocol/events';
import type { TraceRun } from '../../../src/host/runner';
import { trainingProgress } from '../../../src/protocol/run-model';
import { RunSession } from '../../../src/extension/run-session';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const BATCHES = 1_000_000;
const PER_EPOCH = 1000;
const CHUNK = 300; // about the events of one 64 KiB pipe read

const heapMiB = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

function* stream(): Generator<TraceEvent> {
  yield { type: 'run', version: 1, script: '/w/train.js', args: [], cwd: '/w', node: 'v20', platform: 'linux', pid: 1, startTime: new Date(0).toISOString(), targets: [], maxCalls: 3, time: 0 };
  yield {
    type: 'model', modelId: 1, model: 'sequential_1', fitCall: 1, api: 'fit', epochs: BATCHES / PER_EPOCH, initialEpoch: 0, batchSize: 32, samples: 32 * PER_EPOCH, steps: null,
    metrics: ['loss', 'acc'], layers: [{ name: 'dense_Dense1', className: 'Dense', outputShape: [null, 4], params: 16, trainable: true }], totalParams: 16, trainableParams: 16, time: 1,
  };
  const weight: WeightStats = { layer: 'dense_Dense1', name: 'dense_Dense1/kernel', shape: [3, 4], dtype: 'float32', trainable: true, size: 12, min: -1, max: 1, mean: 0, std: 0.5, zeros: 0, nan: 0, inf: 0 };
  for (let i = 0; i < BATCHES; i++) {
    const epoch = Math.floor(i / PER_EPOCH);
    const batch = i % PER_EPOCH;
    const time = 2 + i;
    yield { type: 'batch', modelId: 1, fitCall: 1, epoch, batch, size: 32, logs: { loss: 1 / (1 + i / 1000) + Math.sin(i) * 0.01, acc: Math.min(1, i / BATCHES) }, durationMs: 0.4, time };
    yield { type: 'memory', modelId: 1, fitCall: 1, epoch, batch, numTensors: 40 + (i % 3), numDataBuffers: 40, numBytes: 4096 + (i % 3) * 16, time };
    if (batch === PER_EPOCH - 1) {
      yield { type: 'epoch', modelId: 1, fitCall: 1, epoch, logs: { loss: 0.5, acc: 0.8 }, durationMs: 400, time };
      yield { type: 'weights', modelId: 1, fitCall: 1, epoch, weights: [weight], durationMs: 0.2, time };
    }
  }
  yield { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: BATCHES, time: BATCHES + 10 };
}

describe('extension: run session memory over a 1,000,000-batch run', function () {
  this.timeout(300_000);

  it('stays bounded: the run model and the catch-up events, not every event', async () => {
    const run = new EventEmitter(); // what a TraceRun emits
    const before = heapMiB();
    const session = new RunSession('r1', 'train.js', run as unknown as TraceRun, false);
    let sent = 0; // what the panel would be posted, batch by batch
    session.on('batch', (events: TraceEvent[]) => (sent += events.length));
    const started = Date.now();
    let events = 0;
    for (const event of stream()) {
      run.emit('event', event);
      if (++events % CHUNK === 0) await new Promise(setImmediate);
    }
    const seconds = (Date.now() - started) / 1000;
    const after = heapMiB();
    const kept = session.catchUp.events.length;
    const progress = trainingProgress(session.model);
    console.log(`      ${events.toLocaleString('en-US')} events in ${seconds.toFixed(1)} s; heap ${before.toFixed(1)} MiB before, ${after.toFixed(1)} MiB after (+${(after - before).toFixed(1)} MiB); ${kept} catch-up events kept; ${sent.toLocaleString('en-US')} posted live`);
    assert.equal(sent, events, 'every event went to the live panel');
    assert.equal(session.state, 'finished');
    assert.deepEqual(progress && [progress.epoch, progress.epochs, progress.batch], [1000, 1000, 1000]);
    assert.ok(kept < 3000, `${kept} catch-up events`);
    assert.ok(after - before < 100, `the session holds ${(after - before).toFixed(1)} MiB`);
    session.dispose();
  });
});
