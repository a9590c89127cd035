// The training recorder: for every fit/fitDataset call of every TF.js LayersModel, the model table at
// train begin, each batch's and epoch's logs, the engine's memory after each batch and the weights'
// statistics after each epoch (the `model`, `batch`, `memory`, `epoch` and `weights` events).
//
// TF.js runs a fit call's callbacks through a CallbackList it makes for that call (configureCallbacks
// in tfjs-layers: its BaseLogger, the user's callbacks in their order, its History last). The recorder
// wraps the methods of the CallbackList class that each copy of @tensorflow/tfjs-layers exports, once
// per copy, for the whole run: nothing is added to the model's callbacks, the user's callbacks run as
// before and in their order, and what they see (logs, model.stopTraining) is untouched. A batch's or
// an epoch's logs are read after all its callbacks have run: then each value is a number (a callback
// config's handler resolved it in place) or a scalar tensor TF.js has not disposed yet.
import type { MetricValue, ModelEvent } from '../../protocol/events';
import { emit } from '../event-writer';
import { now } from '../clock';
import { isTfjsTensor } from '../tfjs-tensor';
import { isLayersFile } from '../training';
import { layerRows, paramCounts, weightStats } from './model-table';
import { registerRecorder, type ModuleObserver } from './registry';
import { wrapMethod } from './wrap-method';
import { firstStepEnded } from './first-step-collection';

type Obj = Record<string, unknown>;
type Logs = Record<string, unknown> | undefined;

/** What one fit call's CallbackList has been told, and where its training is. */
interface FitSession {
  params?: Obj;
  model?: Obj;
  modelId: number;
  fitCall: number;
  epoch: number;
  epochStart: number;
  batchStart: number;
  begun: boolean;
}

const metricValue = (x: number): MetricValue => (Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x);
const ms = (x: number): number => Math.round(x * 1000) / 1000;
const countOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

/** The logs' values as numbers, in the logs' order; keys in `skip` are left out. */
async function readLogs(logs: Logs, skip: readonly string[] = []): Promise<Record<string, MetricValue>> {
  const out: Record<string, MetricValue> = {};
  if (!logs || typeof logs !== 'object') return out;
  const reads: Promise<void>[] = [];
  for (const key of Object.keys(logs)) {
    if (skip.includes(key)) continue;
    const value = logs[key];
    if (typeof value === 'number') out[key] = metricValue(value);
    else if (typeof value === 'object' && value !== null && isTfjsTensor(value) && !(value as { isDisposed: boolean }).isDisposed) {
      out[key] = 0; // holds the key's place until the value is read
      reads.push((value as { data(): Promise<ArrayLike<number>> }).data().then(
        (data) => void (out[key] = metricValue(data[0])),
        () => void delete out[key],
      ));
    }
  }
  await Promise.all(reads);
  return out;
}

/** tf.memory()'s counts, read from the engine every copy of TF.js shares. */
function engineMemory(): { numTensors: number; numDataBuffers: number; numBytes: number } | undefined {
  const state = ((globalThis as Obj)._tfengine as Obj | undefined)?.state as Obj | undefined;
  if (!state || typeof state.numTensors !== 'number' || typeof state.numBytes !== 'number') return undefined;
  return { numTensors: state.numTensors, numDataBuffers: typeof state.numDataBuffers === 'number' ? state.numDataBuffers : 0, numBytes: state.numBytes };
}

function createTrainingRecorder({ weights: withWeights }: { weights: boolean }): ModuleObserver {
  const sessions = new WeakMap<object, FitSession>();
  const modelIds = new WeakMap<object, { id: number; fitCalls: number }>();
  const patched = new WeakSet<object>();
  const ownerOf = new WeakMap<object, Obj>(); // a Sequential's inner LayersModel → the Sequential
  let models = 0;

  const sessionOf = (list: unknown): FitSession => {
    let session = sessions.get(list as object);
    if (!session) {
      session = { modelId: 0, fitCall: 0, epoch: 0, epochStart: now(), batchStart: now(), begun: false };
      sessions.set(list as object, session);
    }
    return session;
  };

  const trainBegan = (session: FitSession): void => {
    const { params } = session;
    if (!session.model || !params || session.begun) return;
    const model = ownerOf.get(session.model) ?? session.model;
    session.model = model;
    session.begun = true;
    let known = modelIds.get(model);
    if (!known) modelIds.set(model, (known = { id: ++models, fitCalls: 0 }));
    session.modelId = known.id;
    session.fitCall = ++known.fitCalls;
    // fit passes configureCallbacks its initialEpoch (0 by default); fitDataset passes null.
    const initialEpoch = countOrNull(params.initialEpoch);
    const event: ModelEvent = {
      type: 'model', modelId: session.modelId, model: String(model.name ?? ''), fitCall: session.fitCall,
      api: params.initialEpoch === null || params.initialEpoch === undefined ? 'fitDataset' : 'fit',
      epochs: countOrNull(params.epochs) ?? 0, initialEpoch, batchSize: countOrNull(params.batchSize),
      samples: countOrNull(params.samples), steps: countOrNull(params.steps),
      metrics: Array.isArray(params.metrics) ? params.metrics.filter((m): m is string => typeof m === 'string') : [],
      layers: layerRows(model), ...paramCounts(model), time: now(),
    };
    emit(event);
  };

  const batchEnded = async (session: FitSession, epoch: number, batch: number, logs: Logs): Promise<void> => {
    const values = await readLogs(logs, ['batch', 'size']);
    const time = now();
    const { modelId, fitCall } = session;
    emit({ type: 'batch', modelId, fitCall, epoch, batch, size: countOrNull(logs?.size), logs: values, durationMs: ms(time - session.batchStart), time });
    const memory = engineMemory();
    if (memory) emit({ type: 'memory', modelId, fitCall, epoch, batch, ...memory, time });
    firstStepEnded();
  };

  const epochEnded = async (session: FitSession, epoch: number, logs: Logs): Promise<void> => {
    const values = await readLogs(logs);
    const time = now();
    const { modelId, fitCall } = session;
    emit({ type: 'epoch', modelId, fitCall, epoch, logs: values, durationMs: ms(time - session.epochStart), time });
    if (!withWeights) return;
    const weights = weightStats(session.model!);
    const after = now();
    emit({ type: 'weights', modelId, fitCall, epoch, weights, durationMs: ms(after - time), time: after });
  };

  /** Runs `after` once the callbacks' promise has resolved (errors of ours are dropped), then resolves as it did. */
  const afterwards = (result: unknown, after: () => Promise<void>): unknown => {
    if (!(result instanceof Promise)) return result;
    return result.then(async (value: unknown) => {
      try {
        await after();
      } catch {
        // the recorder never changes what training does
      }
      return value;
    });
  };

  const patch = (proto: Obj): void => {
    if (patched.has(proto)) return;
    patched.add(proto);
    wrapMethod(proto, 'setParams', (original) => function (this: unknown, params: unknown, ...rest: unknown[]) {
      if (typeof params === 'object' && params !== null) sessionOf(this).params = params as Obj;
      return Reflect.apply(original, this, [params, ...rest]);
    });
    wrapMethod(proto, 'setModel', (original) => function (this: unknown, model: unknown, ...rest: unknown[]) {
      if (typeof model === 'object' && model !== null) sessionOf(this).model = model as Obj;
      return Reflect.apply(original, this, [model, ...rest]);
    });
    wrapMethod(proto, 'onTrainBegin', (original) => function (this: unknown, ...args: unknown[]) {
      const session = sessions.get(this as object);
      if (session) {
        try {
          trainBegan(session);
        } catch {
          // never in the way of training
        }
      }
      return Reflect.apply(original, this, args);
    });
    wrapMethod(proto, 'onEpochBegin', (original) => function (this: unknown, ...args: unknown[]) {
      const session = sessions.get(this as object);
      if (session) {
        session.epoch = typeof args[0] === 'number' ? args[0] : session.epoch;
        session.epochStart = now();
      }
      return Reflect.apply(original, this, args);
    });
    wrapMethod(proto, 'onBatchBegin', (original) => function (this: unknown, ...args: unknown[]) {
      const session = sessions.get(this as object);
      if (session) session.batchStart = now();
      return Reflect.apply(original, this, args);
    });
    wrapMethod(proto, 'onBatchEnd', (original) => function (this: unknown, batch: unknown, logs: unknown, ...rest: unknown[]) {
      const result = Reflect.apply(original, this, [batch, logs, ...rest]);
      const session = sessions.get(this as object);
      if (!session?.begun || typeof batch !== 'number') return result;
      const epoch = session.epoch;
      return afterwards(result, () => batchEnded(session, epoch, batch, logs as Logs));
    });
    wrapMethod(proto, 'onEpochEnd', (original) => function (this: unknown, epoch: unknown, logs: unknown, ...rest: unknown[]) {
      const result = Reflect.apply(original, this, [epoch, logs, ...rest]);
      const session = sessions.get(this as object);
      if (!session?.begun || typeof epoch !== 'number') return result;
      return afterwards(result, () => epochEnded(session, epoch, logs as Logs));
    });
  };

  // A Sequential trains through the LayersModel it builds (`this.model = new LayersModel(…)`), and that
  // is the model its callbacks get. Its events name the Sequential (its name, its layers as
  // model.summary() lists them): an accessor on Sequential.prototype sees the assignment and turns it
  // into the plain own property it would have been, so nothing of ours stays on the instance.
  const noteSequentials = (proto: Obj): void => {
    if (patched.has(proto) || Object.getOwnPropertyDescriptor(proto, 'model')) return;
    patched.add(proto);
    Object.defineProperty(proto, 'model', {
      configurable: true,
      enumerable: false,
      get: () => undefined,
      set(this: object, value: unknown) {
        Object.defineProperty(this, 'model', { value, writable: true, enumerable: true, configurable: true });
        if (typeof value === 'object' && value !== null) ownerOf.set(value, this as Obj);
      },
    });
  };

  return {
    wants: isLayersFile,
    loaded: (exports) => {
      if (typeof exports !== 'object' || exports === null) return;
      const prototypeOf = (name: string): Obj | undefined => {
        const ctor: unknown = Object.getOwnPropertyDescriptor(exports, name)?.value;
        return typeof ctor === 'function' && typeof ctor.prototype === 'object' ? (ctor.prototype as Obj) : undefined;
      };
      const callbackList = prototypeOf('CallbackList');
      const sequential = prototypeOf('Sequential');
      if (callbackList) patch(callbackList);
      if (sequential) noteSequentials(sequential);
    },
  };
}

registerRecorder('training', (config) => (config.eventFd < 0 ? undefined : { modules: createTrainingRecorder({ weights: config.weights !== false }) }));
