// The health recorder: the `health` alerts (docs/trace-format.md).
// - A loss that goes NaN or ±Infinity, at the first batch it does (once per fit call, model or optimizer);
//   then one batch of kernel checks (kernel-check.ts) names the first kernel that made a non-finite value.
// - tf.memory() climbing at nearly every batch (leak-watch.ts): a likely missing tf.tidy/dispose.
// For fit/fitDataset it reads the training recorder's own `model`, `batch` and `memory` events as they
// are emitted (nothing is read from TF.js twice). For custom loops it wraps, once per copy of TF.js,
// LayersModel/Sequential trainOnBatch (whose promise resolves to the losses as numbers) and
// Optimizer.minimize (whose cost is read only when the caller asked for it with returnCost: in place on
// the cpu backend, else one scalar read). minimize calls made by fit, fitDataset or trainOnBatch
// belong to those and are left to them. Each custom-loop call also gets its `step` event (custom-loops.ts),
// from the same reads.
import * as path from 'node:path';
import type { HealthWhere, MetricValue, SourceSite, TraceEvent } from '../../protocol/events';
import { now } from '../clock';
import { emit, observeEmitted } from '../event-writer';
import { callerStack } from '../stack';
import { tensorStore } from '../tfjs-tensor';
import { isLayersFile } from '../training';
import { loopStepped, metricValue, trainOnBatchLogs, type CustomLoopId } from './custom-loops';
import { armKernelCheck, type KernelCheck } from './kernel-check';
import { LeakWatch } from './leak-watch';
import { registerRecorder, type ModuleObserver } from './registry';
import { wrapMethod } from './wrap-method';
import { trainingBegan, trainingEnded } from '../training-phase';

type Obj = Record<string, unknown>;
type Loop = HealthWhere['loop'];

const CORE_DIR = `${path.sep}@tensorflow${path.sep}tfjs-core${path.sep}`;
const isCoreFile = (filename: string): boolean => filename.includes(CORE_DIR);

const nonFinite = (x: number): Exclude<MetricValue, number> | undefined => (Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : undefined);
const isLossKey = (key: string): boolean => key === 'loss' || key.endsWith('_loss');

/** One training loop: a fit call, a model's trainOnBatch calls, an optimizer's minimize calls. */
interface LoopState {
  where: Omit<HealthWhere, 'batch' | 'epoch'>;
  leak: LeakWatch;
  lossTold: boolean;
  site: SourceSite | null; // the user's call that started the loop's current step, when known
}

/** The kernel check armed after a non-finite loss, and the loop and batch it follows. */
interface ArmedCheck {
  check: KernelCheck;
  loop: LoopState;
  lossWhere: HealthWhere;
}

const firstUserSite = (below: Function): SourceSite | null => {
  const frame = callerStack(below, 40).find((f) => f.user && f.file !== null && f.line !== null && f.column !== null);
  return frame ? { file: frame.file!, line: frame.line!, column: frame.column! } : null;
};

/** tf.memory()'s counts, read from the engine's state. */
function engineMemory(): { numTensors: number; numBytes: number } | undefined {
  const state = ((globalThis as Obj)._tfengine as Obj | undefined)?.state as Obj | undefined;
  if (!state || typeof state.numTensors !== 'number' || typeof state.numBytes !== 'number') return undefined;
  return { numTensors: state.numTensors, numBytes: state.numBytes };
}

function createHealthRecorder(): ModuleObserver {
  const fits = new Map<number, LoopState & { fitCall: number }>(); // the latest fit call of each model, by modelId
  type CustomLoopState = LoopState & { calls: number; id: CustomLoopId };
  const modelLoops = new WeakMap<object, CustomLoopState>();
  const optimizerLoops = new WeakMap<object, CustomLoopState>();
  let customLoops = 0; // custom loops seen: the next one's loopId is one more
  const patched = new WeakSet<object>();
  let armed: ArmedCheck | undefined;
  let layersInFlight = 0; // fit/fitDataset/trainOnBatch calls running: their minimize calls are theirs
  let entering = false; // inside the synchronous part of a wrapped training call (Sequential's calls its inner model's)
  let pendingFitSite: SourceSite | null = null;

  const newLoop = (loop: Loop, modelId: number | null, model: string | null, fitCall: number | null): LoopState => ({
    where: { loop, modelId, model, fitCall }, leak: new LeakWatch(), lossTold: false, site: null,
  });

  /** A model's trainOnBatch calls or an optimizer's minimize calls, numbered as their step events are. */
  const newCustomLoop = (loop: 'trainOnBatch' | 'minimize', model: string | null, optimizer: string | null): CustomLoopState => {
    const loopId = ++customLoops;
    const state = newLoop(loop, null, model, null);
    return { ...state, where: { ...state.where, loopId }, calls: 0, id: { loop, loopId, model, optimizer } };
  };

  /** Ends the armed check and writes what it found, at `where` (the batch it checked). */
  const finishCheck = (where: HealthWhere): void => {
    const current = armed;
    if (!current) return;
    armed = undefined;
    const result = current.check.finish();
    emit({ type: 'health', kind: 'non-finite-kernel', ...where, lossBatch: current.lossWhere.batch, ...result, time: now() });
  };

  /** A loss of the loop at `where` was read: the first non-finite one is told, and the kernel check armed. */
  const lossRead = (loop: LoopState, where: HealthWhere, metric: string, value: MetricValue): void => {
    const text = typeof value === 'number' ? nonFinite(value) : value;
    if (typeof text !== 'string' || loop.lossTold) return;
    loop.lossTold = true;
    const check = armed ? undefined : armKernelCheck(() => loop.site);
    if (check) armed = { check, loop, lossWhere: where };
    emit({ type: 'health', kind: 'non-finite-loss', ...where, metric, value: text, kernelCheck: check !== undefined, time: now() });
  };

  const memoryRead = (loop: LoopState, where: HealthWhere, memory: { numTensors: number; numBytes: number }): void => {
    const verdict = loop.leak.add(memory);
    if (verdict) emit({ type: 'health', kind: 'leak', ...where, ...verdict, numTensors: memory.numTensors, numBytes: memory.numBytes, time: now() });
  };

  // fit/fitDataset: the training recorder's events.
  observeEmitted((event: TraceEvent) => {
    if (event.type === 'model') {
      const loop = { ...newLoop(event.api, event.modelId, event.model, event.fitCall), fitCall: event.fitCall };
      loop.site = pendingFitSite;
      pendingFitSite = null;
      fits.set(event.modelId, loop);
      return;
    }
    if (event.type !== 'batch' && event.type !== 'memory') return;
    const loop = fits.get(event.modelId);
    if (!loop || loop.fitCall !== event.fitCall) return;
    const where: HealthWhere = { ...loop.where, epoch: event.epoch, batch: event.batch };
    if (event.type === 'memory') return memoryRead(loop, where, event);
    if (armed?.loop === loop) finishCheck(where); // the batch after the non-finite loss has been checked
    for (const [key, value] of Object.entries(event.logs)) if (isLossKey(key)) lossRead(loop, where, key, value);
  });

  /**
   * Runs a wrapped layers training call. `begin` runs for the user's own call only (not for the inner
   * model's that Sequential's methods make) and returns what to do with the resolved value.
   */
  const layersCall = (original: Function, self: unknown, args: unknown[], begin: () => (value: unknown) => void): unknown => {
    if (entering) return Reflect.apply(original, self, args);
    const settled = begin();
    entering = true;
    trainingBegan();
    let result: unknown;
    try {
      result = Reflect.apply(original, self, args);
    } finally {
      entering = false;
      if (!(result instanceof Promise)) trainingEnded();
    }
    if (!(result instanceof Promise)) return result;
    layersInFlight++;
    return result.then(
      (value: unknown) => {
        layersInFlight--;
        trainingEnded();
        try {
          settled(value);
        } catch {
          // the recorder never changes what training does
        }
        return value;
      },
      (error: unknown) => {
        layersInFlight--;
        trainingEnded();
        throw error;
      },
    );
  };

  /** After a fit call: a check armed at its last batch has seen the rest of it (validation, the end). */
  const fitSettled = (): void => {
    const loop = armed?.loop.where.loop;
    if (armed && (loop === 'fit' || loop === 'fitDataset') && layersInFlight === 0) finishCheck(armed.lossWhere);
  };

  const trainOnBatchBegins = (model: Obj): ((value: unknown) => void) => {
    let loop = modelLoops.get(model);
    if (!loop) modelLoops.set(model, (loop = newCustomLoop('trainOnBatch', typeof model.name === 'string' ? model.name : null, null)));
    const state = loop;
    const where: HealthWhere = { ...state.where, epoch: null, batch: state.calls++ };
    const checked = armed?.loop === state;
    if (checked) state.site = firstUserSite(layersCall); // this call's kernels run after its first await: no user frame
    return (value) => {
      const memory = engineMemory();
      const logs = trainOnBatchLogs(value, model.metricsNames);
      if (memory) loopStepped(state.id, where.batch, logs, memory);
      if (checked && armed?.loop === state) finishCheck(where);
      if (memory) memoryRead(state, where, memory);
      for (const [metric, loss] of Object.entries(logs)) if (isLossKey(metric)) lossRead(state, where, metric, loss);
    };
  };

  const patchModel = (proto: Obj): void => {
    if (patched.has(proto)) return;
    patched.add(proto);
    for (const name of ['fit', 'fitDataset']) {
      wrapMethod(proto, name, (original) => function (this: unknown, ...args: unknown[]) {
        return layersCall(original, this, args, () => {
          pendingFitSite = firstUserSite(layersCall);
          return fitSettled;
        });
      });
    }
    wrapMethod(proto, 'trainOnBatch', (original) => function (this: unknown, ...args: unknown[]) {
      return layersCall(original, this, args, () => trainOnBatchBegins(this as Obj));
    });
  };

  const patchOptimizer = (proto: Obj): void => {
    if (patched.has(proto)) return;
    patched.add(proto);
    wrapMethod(proto, 'minimize', (original) => function (this: unknown, f: unknown, returnCost?: unknown, ...rest: unknown[]) {
      const call = (): unknown => Reflect.apply(original, this, [f, returnCost, ...rest]);
      if (layersInFlight > 0 || entering || typeof this !== 'object' || this === null) return call();
      let loop = optimizerLoops.get(this);
      if (!loop) optimizerLoops.set(this, (loop = newCustomLoop('minimize', null, optimizerClass(this))));
      const state = loop;
      const where: HealthWhere = { ...state.where, epoch: null, batch: state.calls++ };
      const checked = armed?.loop === state;
      const cost = call();
      try {
        const memory = engineMemory();
        if (checked && armed?.loop === state) finishCheck(where);
        if (memory) memoryRead(state, where, memory);
        if (!returnCost || typeof cost !== 'object' || cost === null) {
          if (memory) loopStepped(state.id, where.batch, {}, memory);
        } else {
          readCost(cost as Obj, (value) => {
            if (memory) loopStepped(state.id, where.batch, value === undefined ? {} : { loss: metricValue(value) }, memory);
            if (value !== undefined) lossRead(state, where, 'loss', value);
          });
        }
      } catch {
        // the recorder never changes what training does
      }
      return cost;
    });
  };

  return {
    wants: (filename) => isLayersFile(filename) || isCoreFile(filename),
    loaded: (exports) => {
      if (typeof exports !== 'object' || exports === null) return;
      const prototypeOf = (name: string): Obj | undefined => {
        const ctor: unknown = Object.getOwnPropertyDescriptor(exports, name)?.value;
        return typeof ctor === 'function' && typeof ctor.prototype === 'object' ? (ctor.prototype as Obj) : undefined;
      };
      for (const name of ['LayersModel', 'Sequential']) {
        const proto = prototypeOf(name);
        if (proto) patchModel(proto);
      }
      const optimizer = prototypeOf('Optimizer');
      if (optimizer) patchOptimizer(optimizer);
    },
  };
}

/**
 * A returned cost's value, given to `then` once (undefined when it cannot be read): in place on the cpu
 * backend, else the one scalar read (the script's own reads are not delayed).
 */
function readCost(cost: Obj, then: (value: number | undefined) => void): void {
  const values = tensorStore(cost)?.values;
  if (values && typeof values[0] === 'number') return then(values[0]);
  if (typeof cost.data !== 'function' || cost.isDisposed === true) return then(undefined);
  (cost.data as () => Promise<ArrayLike<number>>)().then((data) => then(typeof data[0] === 'number' ? data[0] : undefined), () => then(undefined));
}

/** The optimizer's class name as TF.js registers it ("Adam", "SGD"): a static field, no call. */
function optimizerClass(optimizer: object): string | null {
  const name: unknown = (optimizer.constructor as { className?: unknown } | undefined)?.className;
  return typeof name === 'string' ? name : null;
}

registerRecorder('health', (config) => (config.eventFd < 0 ? undefined : { modules: createHealthRecorder() }));
