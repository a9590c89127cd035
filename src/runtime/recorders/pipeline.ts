// The pipeline recorder (fastai's DataBlock.summary and show_batch): the `pipeline` event — the steps
// one item went through among the recorded calls of the user's callables (pipeline-steps.ts), the first
// batch that reaches a model, and the step that threw — and `images` events with thumbnails of the
// first batches that look like images (batch-read.ts).
//
// The batch is seen without a callback of the user's: LayersModel's fit, fitDataset and trainOnBatch of
// each copy of tfjs-layers are wrapped until the first batches are read. fit and trainOnBatch get their
// x and y as arguments; for fitDataset, that call's dataset hands out its iterators through an own
// `iterator` property, and each iterator its first results through an own `next`, both removed once
// the first two batches are read or the call settles: every value goes on to TF.js as it came.
import type { CallEvent, ImagesEvent, PipelineBatch, PipelineEvent } from '../../protocol/events';
import type { Preview } from '../../protocol/preview';
import { onRecordedCall } from '../call-observers';
import { emit } from '../event-writer';
import { now } from '../clock';
import { previewValue } from '../preview';
import { isLayersFile } from '../training';
import type { ActiveConfig } from '../config';
import { readImages, summarizeTensor, tensorsOf } from './batch-read';
import { deriveSteps, holdCall, type HeldCall } from './pipeline-steps';
import { registerRecorder, type ModuleObserver } from './registry';

type Obj = Record<string, unknown>;
type Api = PipelineBatch['api'];

/** Recorded calls held for the summary (each callable records at most maxCalls). */
const MAX_HELD_CALLS = 256;
/** Batches whose images are sent. */
const IMAGE_BATCHES = 2;
/** Pipeline events written at most: at training, with fitDataset's batch, at a failure, at exit. */
const MAX_PIPELINE_EVENTS = 4;

function createPipelineRecorder(config: ActiveConfig): ModuleObserver {
  const held: HeldCall[] = [];
  let batch: PipelineBatch | null = null;
  let batchError: Preview | undefined;
  let written = 0;
  let failurePending = false;
  let trainingSeen = false;
  let imageBatches = 0;

  /** `atExit`: a script that never trained gets a summary only for a pipeline (two steps or more) or a step that threw. */
  const write = (atExit = false): void => {
    if (written >= MAX_PIPELINE_EVENTS) return;
    const derived = deriveSteps(held);
    if (atExit && !batch && derived.failedStep === null && derived.steps.length < 2) return;
    written++;
    const event: PipelineEvent = { type: 'pipeline', ...derived, batch, time: now() };
    if (batchError) event.batchError = batchError;
    emit(event);
  };

  onRecordedCall((event: CallEvent, args, result) => {
    if (held.length < MAX_HELD_CALLS) held.push(holdCall(event, args, event.error === undefined ? result : undefined));
    // A step that throws once training has begun is told when the calls it threw through have ended
    // too (or at exit); one before it, with the summary then.
    if (event.error !== undefined && trainingSeen && !failurePending) {
      failurePending = true;
      setImmediate(() => {
        if (!failurePending) return;
        failurePending = false;
        write();
      });
    }
  });
  process.on('exit', () => {
    if (failurePending || (written === 0 && held.length > 0)) write(written === 0);
    failurePending = false;
  });

  const batchOf = (api: Api, x: unknown, y: unknown, batchSize: number | null): PipelineBatch => ({
    api,
    x: tensorsOf(x).map((t) => summarizeTensor(t.tensor, t.name)),
    y: tensorsOf(y).map((t) => summarizeTensor(t.tensor, t.name)),
    batchSize,
  });

  const sendImages = (api: Api, x: unknown, y: unknown): void => {
    if (imageBatches >= IMAGE_BATCHES) return;
    const [first] = tensorsOf(x);
    const [label] = tensorsOf(y);
    const images: ImagesEvent | undefined = first && readImages(first.tensor, label?.tensor, api, imageBatches, now());
    imageBatches++;
    if (images) emit(images);
  };

  /** fit's or trainOnBatch's x and y, read as the call begins. */
  const batchArrived = (api: Api, x: unknown, y: unknown, batchSize: number | null): void => {
    if (!batch) batch = batchOf(api, x, y, batchSize);
    if (!trainingSeen) {
      trainingSeen = true;
      write();
    }
    sendImages(api, x, y);
  };

  /** fitDataset: the summary now, and again once its first batch is read; returns what undoes the taps. */
  const followDataset = (dataset: unknown): (() => void) | undefined => {
    if (!trainingSeen) {
      trainingSeen = true;
      write();
    }
    if (typeof dataset !== 'object' || dataset === null || imageBatches >= IMAGE_BATCHES) return undefined;
    const originalIterator = (dataset as Obj).iterator;
    if (typeof originalIterator !== 'function' || Object.prototype.hasOwnProperty.call(dataset, 'iterator')) return undefined;
    let batches = 0;
    const undo: (() => void)[] = [];
    const done = (): void => {
      for (const f of undo.splice(0)) f();
    };
    const elementRead = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      const { xs, ys } = value as Obj;
      if (batches++ === 0 && !batch) {
        batch = batchOf('fitDataset', xs, ys, null);
        write();
      }
      sendImages('fitDataset', xs, ys);
      if (batches >= IMAGE_BATCHES) done();
    };
    const nextFailed = (error: unknown): void => {
      if (batch || batchError) return;
      batchError = previewValue(error, config.limits, 'error', { errorStack: false });
      write();
    };
    const tapIterator = (iterator: unknown): void => {
      if (typeof iterator !== 'object' || iterator === null) return;
      const originalNext = (iterator as Obj).next;
      if (typeof originalNext !== 'function') return;
      Object.defineProperty(iterator, 'next', {
        configurable: true, writable: true, enumerable: false,
        value: function next(this: unknown, ...args: unknown[]) {
          const result: unknown = Reflect.apply(originalNext, this, args);
          if (result instanceof Promise) {
            // A reaction of ours beside the caller's: the promise the caller gets is the same one.
            result.then((out: unknown) => {
              try {
                elementRead((out as Obj | null)?.value);
              } catch {
                // the recorder never changes what training does
              }
            }, (error: unknown) => nextFailed(error));
          }
          return result;
        },
      });
      undo.push(() => delete (iterator as Obj).next);
    };
    try {
      Object.defineProperty(dataset, 'iterator', {
        configurable: true, writable: true, enumerable: false,
        value: function iterator(this: unknown, ...args: unknown[]) {
          const made: unknown = Reflect.apply(originalIterator as Function, this, args);
          if (made instanceof Promise) made.then(tapIterator, () => undefined);
          else tapIterator(made);
          return made;
        },
      });
    } catch {
      return undefined; // a frozen dataset: no batch to show
    }
    undo.push(() => delete (dataset as Obj).iterator);
    return done;
  };

  const patched = new WeakSet<object>();
  const patch = (proto: Obj): void => {
    if (patched.has(proto)) return;
    patched.add(proto);
    const wrapMethod = (name: string, around: (original: Function) => Function): void => {
      const desc = Object.getOwnPropertyDescriptor(proto, name);
      if (!desc || typeof desc.value !== 'function') return;
      const wrapper = around(desc.value as Function);
      Object.defineProperty(wrapper, 'name', { value: name });
      Object.defineProperty(wrapper, 'length', { value: (desc.value as Function).length });
      Object.defineProperty(proto, name, { ...desc, value: wrapper });
    };
    const quietly = (f: () => void): void => {
      try {
        f();
      } catch {
        // never in the way of training
      }
    };
    wrapMethod('fit', (original) => function (this: unknown, x: unknown, y: unknown, args: unknown, ...rest: unknown[]) {
      if (imageBatches < IMAGE_BATCHES || !trainingSeen) {
        const size = (args as Obj | undefined)?.batchSize;
        quietly(() => batchArrived('fit', x, y, typeof size === 'number' ? size : 32));
      }
      return Reflect.apply(original, this, [x, y, args, ...rest]);
    });
    wrapMethod('trainOnBatch', (original) => function (this: unknown, x: unknown, y: unknown, ...rest: unknown[]) {
      if (imageBatches < IMAGE_BATCHES || !trainingSeen) quietly(() => batchArrived('trainOnBatch', x, y, null));
      return Reflect.apply(original, this, [x, y, ...rest]);
    });
    wrapMethod('fitDataset', (original) => function (this: unknown, dataset: unknown, ...rest: unknown[]) {
      let untap: (() => void) | undefined;
      if (imageBatches < IMAGE_BATCHES || !trainingSeen) quietly(() => void (untap = followDataset(dataset)));
      let result: unknown;
      try {
        result = Reflect.apply(original, this, [dataset, ...rest]);
      } finally {
        if (untap && !(result instanceof Promise)) untap();
      }
      if (!untap || !(result instanceof Promise)) return result;
      // A promise that settles the same way, the taps gone first: unhandled stays unhandled.
      const untapped = untap;
      return result.then((value: unknown) => {
        untapped();
        return value;
      }, (error: unknown) => {
        untapped();
        throw error;
      });
    });
  };

  return {
    wants: isLayersFile,
    loaded: (exports) => {
      if (typeof exports !== 'object' || exports === null) return;
      const ctor: unknown = Object.getOwnPropertyDescriptor(exports, 'LayersModel')?.value;
      if (typeof ctor === 'function' && typeof ctor.prototype === 'object') patch(ctor.prototype as Obj);
    },
  };
}

registerRecorder('pipeline', (config) => (config.eventFd < 0 ? undefined : { modules: createPipelineRecorder(config) }));
