// Recognises TF.js tensors by TF.js's own records, not by how an object looks: the Tensor class that
// tfjs-core registers in its global map (globalThis._tfGlobals, key "Tensor"; every Tensor and Variable
// the engine makes is an instance of it), and the engine all copies of tfjs share (globalThis._tfengine),
// whose state.tensorInfo knows the backend holding each live tensor's data. Everything is read as own
// data properties through saved intrinsics: no getter, no TF.js method (dataSync, toString, …) and no
// user code runs, and nothing is downloaded from a backend: values are read only where the backend
// already keeps them as a typed array in this process's memory (the cpu backend does).
import { types } from 'node:util';

const { getOwnPropertyDescriptor, getPrototypeOf, keys: objectKeys } = Object;
const reflectApply = Reflect.apply;
const mapGet = Map.prototype.get;
const weakMapGet = WeakMap.prototype.get;

/** An own data property's value; undefined for accessors, missing keys, primitives and proxies. */
export function own(obj: unknown, key: PropertyKey): unknown {
  if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null || types.isProxy(obj)) return undefined;
  const desc = getOwnPropertyDescriptor(obj, key);
  return desc && 'value' in desc ? desc.value : undefined;
}

/** The prototype of the Tensor class TF.js registered, or undefined when TF.js is not loaded. */
export function tensorPrototype(): object | undefined {
  const globals = own(globalThis, '_tfGlobals');
  if (!types.isMap(globals) || types.isProxy(globals)) return undefined;
  const tensorClass = reflectApply(mapGet, globals, ['Tensor']) as unknown;
  if (typeof tensorClass !== 'function' || types.isProxy(tensorClass)) return undefined;
  const proto = own(tensorClass, 'prototype');
  return typeof proto === 'object' && proto !== null ? proto : undefined;
}

/** Whether `obj` is an instance of TF.js's Tensor class (Variable included), by its prototype chain. */
export function isTfjsTensor(obj: object): boolean {
  const proto = tensorPrototype();
  if (!proto) return false;
  let p: object | null = getPrototypeOf(obj);
  for (let hops = 0; p !== null && hops < 50 && !types.isProxy(p); hops++) {
    if (p === proto) return true;
    p = getPrototypeOf(p);
  }
  return false;
}

export interface TensorStore {
  /** The name the engine registered the backend under ("cpu", "wasm", "webgl", "tensorflow"). */
  backend?: string;
  /** The backend's own buffer of the values, row-major, when it holds one in this process's memory. */
  values?: ArrayLike<number> | readonly unknown[];
}

/**
 * Where a tensor's data lives, from the engine's records. Undefined when the engine does not know the
 * tensor's data (disposed, or an object only dressed up as a tensor).
 */
export function tensorStore(tensor: object): TensorStore | undefined {
  const engine = own(globalThis, '_tfengine');
  const infos = own(own(engine, 'state'), 'tensorInfo');
  const dataId = own(tensor, 'dataId');
  if (!types.isWeakMap(infos) || types.isProxy(infos) || typeof dataId !== 'object' || dataId === null) return undefined;
  const info = reflectApply(weakMapGet, infos, [dataId]) as unknown;
  const backend = own(info, 'backend');
  if (typeof backend !== 'object' || backend === null) return undefined;
  const store: TensorStore = {};
  const registry = own(engine, 'registry');
  if (typeof registry === 'object' && registry !== null && !types.isProxy(registry)) {
    const name = objectKeys(registry).find((key) => own(registry, key) === backend);
    if (name !== undefined) store.backend = name;
  }
  // The cpu backend's DataStorage: `data` is a WeakMap from dataId to {values, dtype, …}. Its get()
  // would move the data between backends, so the map is read directly.
  const storage = own(own(backend, 'data'), 'data');
  if (types.isWeakMap(storage) && !types.isProxy(storage)) {
    const values = own(reflectApply(weakMapGet, storage, [dataId]), 'values');
    if (types.isTypedArray(values) || Array.isArray(values)) store.values = values as ArrayLike<number> | unknown[];
  }
  return store;
}
