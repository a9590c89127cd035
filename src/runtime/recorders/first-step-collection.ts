// One full garbage collection after the process's first training step (a fit/fitDataset batch or a
// custom loop's step), so that V8 sizes its old generation with the backend's buffers in place, as it
// usually does for the same script untraced (docs/benchmarks.md, "The first full collection").
//
// Why: V8 (Node 20's 11.3) starts marking once the old generation's room below its limit, less the
// external memory (array buffers, wasm memory) allocated since the last full collection, is under the
// young generation's capacity. Each full collection sets the next limit from its speed against the
// old generation's allocation rate: up to 4× the live size while start-up allocates, the minimum
// (live + 8 MB) while training, which allocates little there. The runtime's start-up (about 3 MB
// kept: its bundles' sources and code) brings V8's first full collection forward, before TF.js
// allocates its buffers (the wasm backend's memory grows from 18 to 45 MB in the pets example's first
// epoch); all of that then counts against the limit, a collection comes during training, and every
// one after it gets the minimal limit, which the next batches' buffers reach: the pets example
// collected 7–13 times in 8 epochs (1.05× per batch) against once untraced. Collected right after the
// first step, while V8's allocation rate still measures start-up, it collects twice in 8 epochs.
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** Above this much heap the one collection would pause training for long (30 ms for 256 MB of small objects here): left out. */
const MAX_HEAP_BYTES = 256 * 1024 * 1024;

let collected = false;

/** Runs the collection the first time a training step ends in this process; later calls do nothing. */
export function firstStepEnded(): void {
  if (collected) return;
  collected = true;
  if (v8.getHeapStatistics().used_heap_size > MAX_HEAP_BYTES) return;
  fullCollection()?.();
}

/**
 * V8's gc(), from a new vm context: under the script's own --expose-gc every context has it; otherwise
 * the flag is set for that one context and put back at once, so that the script's contexts (its global,
 * its vm contexts) get none. A `gc` global the script defined itself is never called.
 */
function fullCollection(): (() => void) | undefined {
  try {
    const exposed = vm.runInNewContext('typeof gc') === 'function';
    if (!exposed) v8.setFlagsFromString('--expose-gc');
    try {
      const gc: unknown = vm.runInNewContext('gc');
      return typeof gc === 'function' ? (gc as () => void) : undefined;
    } finally {
      if (!exposed) v8.setFlagsFromString('--no-expose-gc');
    }
  } catch {
    return undefined;
  }
}
