// What the run model holds of custom training loops (model.trainOnBatch, optimizer.minimize), per loop
// (by loopId): each log name's values per step and tf.memory() after each step as bounded downsampled
// series (bounded-series.ts, as training.ts keeps a fit call's batches), and the latest step whole.
import type { CustomLoop, StepEvent } from '../events';
import { addPoint, createSeries, type BoundedSeries, type SeriesPoint } from './bounded-series';
import { MAX_METRICS, metricNumber } from './training';

export interface CustomLoopModel {
  loopId: number;
  loop: CustomLoop;
  /** How the loop is called: "m.trainOnBatch" (the model's name), "adam.minimize" (the optimizer's class). */
  title: string;
  /** Per-step values by log name ("loss", "acc", …), the first MAX_METRICS names. */
  logs: Map<string, BoundedSeries>;
  memory: { bytes: BoundedSeries; tensors: BoundedSeries };
  last: StepEvent | undefined;
  steps: number; // step events applied (fewer than last.step + 1 when some were left out)
}

export const MAX_CUSTOM_LOOPS = 20;

/** "m.trainOnBatch", "adam.minimize"; "minimize" when the optimizer's class is not known. */
export function loopTitle(event: Pick<StepEvent, 'loop' | 'model' | 'optimizer'>): string {
  const owner = event.loop === 'trainOnBatch' ? event.model : event.optimizer?.toLowerCase();
  return owner ? `${owner}.${event.loop}` : event.loop;
}

/** Where a step lies on the curves: a custom loop has no epochs, so its epoch axis counts steps too. */
export function stepPoint(event: StepEvent): Omit<SeriesPoint, 'value'> {
  return { step: event.step + 1, epoch: event.step + 1, time: event.time };
}

/** A step ended: the first MAX_CUSTOM_LOOPS loops are kept. */
export function applyStepEvent(loops: Map<number, CustomLoopModel>, event: StepEvent): void {
  let loop = loops.get(event.loopId);
  if (!loop) {
    if (loops.size >= MAX_CUSTOM_LOOPS) return;
    loop = { loopId: event.loopId, loop: event.loop, title: loopTitle(event), logs: new Map(), memory: { bytes: createSeries(), tensors: createSeries() }, last: undefined, steps: 0 };
    loops.set(event.loopId, loop);
  }
  loop.steps++;
  loop.last = event;
  const point = stepPoint(event);
  for (const [name, value] of Object.entries(event.logs)) {
    let series = loop.logs.get(name);
    if (!series && loop.logs.size < MAX_METRICS) loop.logs.set(name, (series = createSeries()));
    if (series) addPoint(series, { ...point, value: metricNumber(value) });
  }
  addPoint(loop.memory.bytes, { ...point, value: event.numBytes });
  addPoint(loop.memory.tensors, { ...point, value: event.numTensors });
}
