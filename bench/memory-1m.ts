// Host and panel memory over a long run (docs/benchmarks.md): a synthetic stream of 1,000,000 batches
// in 100 epochs (a model event; per batch its batch and memory events; per epoch its epoch and weights
// events) fed, each part in a fresh Node process of its own, through
//   host:  what `trainspect run` does with the event pipe: its bytes, 64 KiB at a time, through the
//          runner's LineSplitter and decodeEvent, then the CLI's run model (applyEvent) and formatter;
//   panel: the panel's state (src/webview/state.ts: applyToPanelRun, i.e. the catch-up log, the run
//          model and TrainingCurves), which runs in plain Node.
// Prints V8's heap used and the typed arrays' memory (outside the heap) after a full GC before the
// stream, at each quarter and at the end, with the objects still held, and the time per event.
//   node --import tsx bench/memory-1m.ts [--batches 1000000] [--epochs 100] [--part host|panel]
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TraceEvent, WeightStats } from '../src/protocol/events';
import { decodeEvent, encodeEvent } from '../src/protocol/trace-format';
import { applyEvent, createRunModel } from '../src/protocol/run-model';
import { LineSplitter } from '../src/host/event-lines';
import { EventFormatter } from '../src/cli/format';
import { applyToPanelRun, createPanelRun } from '../src/webview/state';
import { argv, numberOption } from './options';

const BATCHES = numberOption('--batches', 1_000_000);
const EPOCHS = numberOption('--epochs', 100);
const PER_EPOCH = BATCHES / EPOCHS;
const PIPE_CHUNK = 64 * 1024; // what one read of the event pipe gives the host

/** The events a traced process would send for such a run, in order. */
function* stream(): Generator<TraceEvent> {
  yield { type: 'run', version: 1, script: '/w/train.js', args: [], cwd: '/w', node: 'v20', platform: 'linux', pid: 1, startTime: new Date(0).toISOString(), targets: [], maxCalls: 3, time: 0 };
  yield {
    type: 'model', modelId: 1, model: 'sequential_1', fitCall: 1, api: 'fit', epochs: EPOCHS, initialEpoch: 0, batchSize: 32, samples: 32 * PER_EPOCH, steps: null,
    metrics: ['loss', 'acc', 'val_loss', 'val_acc'], layers: [{ name: 'dense_Dense1', className: 'Dense', outputShape: [null, 10], params: 7850, trainable: true }],
    totalParams: 7850, trainableParams: 7850, time: 1,
  };
  const weights: WeightStats[] = ['kernel', 'bias'].map((name) => ({
    layer: 'dense_Dense1', name: `dense_Dense1/${name}`, shape: name === 'kernel' ? [784, 10] : [10], dtype: 'float32', trainable: true,
    size: name === 'kernel' ? 7840 : 10, min: -0.3, max: 0.3, mean: 0.001, std: 0.05, zeros: 0, nan: 0, inf: 0,
  }));
  for (let i = 0; i < BATCHES; i++) {
    const epoch = Math.floor(i / PER_EPOCH);
    const batch = i % PER_EPOCH;
    const time = 2 + i * 0.5;
    yield { type: 'batch', modelId: 1, fitCall: 1, epoch, batch, size: 32, logs: { loss: 1 / (1 + i / 10_000) + Math.sin(i) * 0.01, acc: Math.min(1, i / BATCHES + 0.1) }, durationMs: 0.4, time };
    yield { type: 'memory', modelId: 1, fitCall: 1, epoch, batch, numTensors: 40 + (i % 3), numDataBuffers: 40, numBytes: 409_600 + (i % 3) * 160, time };
    if (batch === PER_EPOCH - 1) {
      yield { type: 'epoch', modelId: 1, fitCall: 1, epoch, logs: { loss: 0.5, acc: 0.8, val_loss: 0.6, val_acc: 0.75 }, durationMs: PER_EPOCH * 0.5, time };
      yield { type: 'weights', modelId: 1, fitCall: 1, epoch, weights, durationMs: 0.2, time };
    }
  }
  yield { type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: BATCHES * 0.5, time: BATCHES * 0.5 + 10 };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MiB = 2 ** 20;
/** After a full GC: V8's heap used, and the memory of ArrayBuffers (typed arrays' contents live outside the heap). */
function memory(): { heapMiB: number; arrayBuffersMiB: number } {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapMiB: heapUsed / MiB, arrayBuffersMiB: arrayBuffers / MiB };
}

interface Part {
  /** Takes each event as the part receives it; `flush` at the end of the stream. */
  take(event: TraceEvent): void;
  flush(): void;
  /** What it holds, in words, once the stream is over. */
  describe(): string;
}

function hostPart(): Part {
  const model = createRunModel({ keepRunning: true });
  const formatter = new EventFormatter({ cwd: '/w', color: false, prefix: '[trainspect] ', showOutput: false, showUncaught: false, maxStackFrames: 3 });
  let printed = 0;
  const lines = new LineSplitter((line) => {
    const event = decodeEvent(line);
    applyEvent(model, event);
    printed += formatter.format(event).length; // the CLI writes it to stderr; here it is only counted
  }, () => {
    throw new Error('an overlong line');
  });
  let pending: string[] = [];
  let pendingLength = 0;
  const send = () => {
    lines.write(Buffer.from(pending.join('')));
    pending = [];
    pendingLength = 0;
  };
  return {
    take(event) {
      const line = encodeEvent(event); // the traced process's work, not the host's: timed apart (below)
      pending.push(line);
      pendingLength += line.length;
      if (pendingLength >= PIPE_CHUNK) send();
    },
    flush() {
      send();
      lines.end();
    },
    describe: () => {
      const trained = model.training.get(1)!;
      return `run model: ${model.eventCount.toLocaleString('en-US')} events applied, ${trained.steps.toLocaleString('en-US')} steps, ${trained.epochs.length} epochs kept; ` +
        `${[...trained.batchLogs.values()].map((s) => s.buckets.length).join(' + ')} buckets in its batch series (stride ${trained.batchLogs.get('loss')?.stride}), ${trained.memory.bytes.buckets.length} in its memory series; ${printed} characters formatted`;
    },
  };
}

function panelPart(): Part {
  const run = createPanelRun({ runId: 'r1', title: 'train.js', state: 'running', keepRunning: true, events: [] });
  return {
    take: (event) => applyToPanelRun(run, event),
    flush: () => undefined,
    describe: () => {
      const points = run.curves.list.map((c) => `${c.metric}/${c.kind} ${c.points.length.toLocaleString('en-US')}`).join(', ');
      return `TrainingCurves: ${run.curves.list.length} curves (${points}); catch-up log: ${run.kept.events.length} events; run model: ${run.model.eventCount.toLocaleString('en-US')} events applied`;
    },
  };
}

/** The same stream only generated and encoded as JSON lines: what the host part's time holds that is not the host's. */
function generationMs(encode: boolean): number {
  const started = performance.now();
  let length = 0;
  for (const event of stream()) length += encode ? encodeEvent(event).length : 1;
  if (length === 0) throw new Error('no events');
  return performance.now() - started;
}

function measure(name: 'host' | 'panel'): void {
  const before = memory();
  const part = name === 'host' ? hostPart() : panelPart();
  const quarters: string[] = [];
  let events = 0;
  let batches = 0;
  let feedingMs = 0;
  let since = performance.now();
  for (const event of stream()) {
    part.take(event);
    events++;
    if (event.type === 'batch' && ++batches % (BATCHES / 4) === 0) {
      feedingMs += performance.now() - since; // the GCs below are not the part's time
      const m = memory();
      quarters.push(`${(batches / 1000).toLocaleString('en-US')}k batches: heap +${(m.heapMiB - before.heapMiB).toFixed(1)} MiB, array buffers +${(m.arrayBuffersMiB - before.arrayBuffersMiB).toFixed(1)} MiB`);
      since = performance.now();
    }
  }
  part.flush();
  feedingMs += performance.now() - since;
  const after = memory();
  const baselineMs = generationMs(name === 'host');
  const perEventUs = ((feedingMs - baselineMs) * 1000) / events;
  const result = {
    part: name, events, batches: BATCHES, epochs: EPOCHS,
    heapMiB: { before: before.heapMiB, after: after.heapMiB, growth: after.heapMiB - before.heapMiB },
    arrayBuffersMiB: { before: before.arrayBuffersMiB, after: after.arrayBuffersMiB, growth: after.arrayBuffersMiB - before.arrayBuffersMiB },
    totalMs: feedingMs, baselineMs, perEventUs, quarters, holds: part.describe(),
  };
  console.log(`${name}: ${events.toLocaleString('en-US')} events; heap ${before.heapMiB.toFixed(1)} → ${after.heapMiB.toFixed(1)} MiB (+${result.heapMiB.growth.toFixed(1)}), ` +
    `array buffers ${before.arrayBuffersMiB.toFixed(1)} → ${after.arrayBuffersMiB.toFixed(1)} MiB (+${result.arrayBuffersMiB.growth.toFixed(1)}); ` +
    `${(feedingMs / 1000).toFixed(1)} s, of it ${(baselineMs / 1000).toFixed(1)} s generating${name === 'host' ? ' and encoding' : ''} the events: ${perEventUs.toFixed(2)} µs per event`);
  for (const q of quarters) console.log(`  ${q}`);
  console.log(`  holds: ${result.holds}`);
  console.log(`memory-1m ${JSON.stringify(result)}`);
}

const partIndex = argv.indexOf('--part');
if (partIndex >= 0) {
  const part = argv[partIndex + 1];
  if (part !== 'host' && part !== 'panel') throw new Error('--part is host or panel');
  measure(part);
} else {
  // Each part in a process of its own: neither's garbage or code is in the other's figures.
  console.log(`A synthetic run of ${BATCHES.toLocaleString('en-US')} batches in ${EPOCHS} epochs (batch + memory event per batch, epoch + weights per epoch)`);
  for (const part of ['host', 'panel']) {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, ...argv, '--part', part], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
