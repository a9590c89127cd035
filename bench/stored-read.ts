// The host's side of opening a stored run (docs/benchmarks.md): a trace read as the Runs view's Open
// reads it (streamTrace, every event handed on a chunk at a time into the catch-up and run model a
// RunSession keeps), timed, with V8's heap after a full GC sampled every 20th chunk. The whole Open in the real VS Code: test/vscode/suite/13-runs-open-bench.test.ts.
//   node --import tsx bench/stored-read.ts <trace.jsonl>
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCatchUpLog, keepForCatchUp } from '../src/protocol/catch-up';
import { applyEvent, createRunModel } from '../src/protocol/run-model';
import { streamTrace } from '../src/host/trace-stream';

const file = process.argv[2];
if (!file) throw new Error('usage: node --import tsx bench/stored-read.ts <trace.jsonl>');
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MiB = 2 ** 20;
const heap = (): number => (gc(), process.memoryUsage().heapUsed);

async function main(): Promise<void> {
  const before = heap();
  let peak = before;
  let chunks = 0;
  const log = createCatchUpLog();
  const model = createRunModel({ status: 'finished' });
  const started = performance.now();
  const streamed = await streamTrace(file, (events) => {
    for (const event of events) {
      keepForCatchUp(log, model, event);
      applyEvent(model, event);
    }
    if (++chunks % 20 === 0) peak = Math.max(peak, heap()); // every 20th chunk: a full GC each time costs
    return true;
  });
  const streamMs = performance.now() - started;
  peak = Math.max(peak, heap());
  console.log(`${streamed.events} events in ${chunks} chunks: streamed in ${Math.round(streamMs)} ms; heap after GC ${(before / MiB).toFixed(1)} MiB before, at most ${(peak / MiB).toFixed(1)} MiB while streaming (+${((peak - before) / MiB).toFixed(1)})`);
  console.log(`kept for catch-up: ${log.events.length} events`);
}

void main();
