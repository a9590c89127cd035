// Reads a trace file into what a comparison needs (src/protocol/run-comparison.ts): its run model and
// its curves, streamed a chunk at a time; damaged lines are skipped and counted, not fatal.
import type { ComparedRunInput } from '../protocol/run-comparison';
import { applyEvent, createRunModel } from '../protocol/run-model';
import { TrainingCurves } from '../protocol/series/training-curves';
import { readTrace } from './trace-reader';

/**
 * Throws TraceFormatError when the file is not a trace, and the file system's error when it cannot be
 * read; `signal` stops the reading (a large trace takes seconds), throwing its reason.
 */
export async function readComparedRun(file: string, signal?: AbortSignal): Promise<ComparedRunInput> {
  const model = createRunModel({ status: 'finished' });
  const curves = new TrainingCurves();
  let lastTime = 0;
  let damagedLines = 0;
  for await (const line of readTrace(file)) {
    signal?.throwIfAborted();
    if (line.kind === 'damaged') {
      damagedLines++;
      continue;
    }
    applyEvent(model, line.event);
    curves.apply(model, line.event);
    lastTime = Math.max(lastTime, line.event.time);
  }
  return { model, curves, lastTime, damagedLines };
}
