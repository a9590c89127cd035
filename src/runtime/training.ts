// Notices when training begins: wraps LayersModel (and Sequential) fit/fitDataset/trainOnBatch of each
// copy of @tensorflow/tfjs-layers as it loads, emits one `phase` event at the first call and puts the
// original methods back. Arguments, results and behaviour are untouched.
import * as path from 'node:path';
import { emit } from './event-writer';
import { now } from './clock';

const METHODS = ['fit', 'fitDataset', 'trainOnBatch'] as const;
const LAYERS_DIR = `${path.sep}@tensorflow${path.sep}tfjs-layers${path.sep}`;

/** The files whose exports the watch looks at (a copy of @tensorflow/tfjs-layers). */
export const isLayersFile = (filename: string): boolean => filename.includes(LAYERS_DIR);

export function createTrainingWatch(onTraining: () => void): (exports: unknown, filename: string) => void {
  let started = false;
  const patched = new WeakSet<object>();
  const restores: (() => void)[] = [];

  const begin = (api: string): void => {
    if (started) return;
    started = true;
    for (const restore of restores.splice(0)) restore();
    emit({ type: 'phase', phase: 'training', api, time: now() });
    onTraining();
  };

  const patch = (proto: Record<string, unknown>): void => {
    if (patched.has(proto)) return;
    patched.add(proto);
    for (const name of METHODS) {
      const desc = Object.getOwnPropertyDescriptor(proto, name);
      if (!desc || typeof desc.value !== 'function') continue;
      const original = desc.value as Function;
      const wrapper = {
        [name](this: unknown, ...args: unknown[]): unknown {
          begin(name);
          return Reflect.apply(original, this, args);
        },
      }[name];
      Object.defineProperty(wrapper, 'length', { value: original.length });
      Object.defineProperty(proto, name, { ...desc, value: wrapper });
      restores.push(() => {
        if (proto[name] === wrapper) Object.defineProperty(proto, name, desc);
      });
    }
  };

  return (exports, filename) => {
    if (started || !isLayersFile(filename) || typeof exports !== 'object' || exports === null) return;
    for (const cls of ['LayersModel', 'Sequential']) {
      const ctor: unknown = Object.getOwnPropertyDescriptor(exports, cls)?.value;
      if (typeof ctor === 'function' && ctor.prototype) patch(ctor.prototype as Record<string, unknown>);
    }
  };
}
