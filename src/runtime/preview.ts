// Builds a bounded Preview (src/protocol/preview.ts) of any value in the traced process without
// changing it: own data properties only, getters never called, proxies never looked into, built-ins
// read through the original intrinsics (a user subclass cannot intercept). Never throws.
import { types } from 'node:util';
import type { ElementTypes, NumberValue, NumericStats, Preview, PreviewLimits } from '../protocol/preview';

const { getOwnPropertyDescriptor, getPrototypeOf, keys: objectKeys } = Object;
const getter = (proto: object, key: PropertyKey): ((this: unknown) => any) => getOwnPropertyDescriptor(proto, key)!.get!;
const typedArrayProto = getPrototypeOf(Uint8Array.prototype) as object;
const typedLength = getter(typedArrayProto, 'length');
const typedTag = getter(typedArrayProto, Symbol.toStringTag);
const arrayBufferLength = getter(ArrayBuffer.prototype, 'byteLength');
const sharedBufferLength = getter(SharedArrayBuffer.prototype, 'byteLength');
const dataViewLength = getter(DataView.prototype, 'byteLength');
const dataViewGetUint8 = DataView.prototype.getUint8;
const mapSize = getter(Map.prototype, 'size');
const mapEntries = Map.prototype.entries;
const setSize = getter(Set.prototype, 'size');
const setValues = Set.prototype.values;
const mapIteratorNext = getPrototypeOf(new Map().entries()).next as (this: unknown) => IteratorResult<[unknown, unknown]>;
const setIteratorNext = getPrototypeOf(new Set().values()).next as (this: unknown) => IteratorResult<unknown>;
const dateGetTime = Date.prototype.getTime;
const dateToISO = Date.prototype.toISOString;
const regexpSource = getter(RegExp.prototype, 'source');
const regexpFlags = getter(RegExp.prototype, 'flags');
const functionToString = Function.prototype.toString;
const reflectApply = Reflect.apply;
const MAX_TYPES = 8;

/** An own data property's value; undefined for accessors, missing keys and proxies. */
function ownData(obj: object, key: PropertyKey): { value: unknown } | undefined {
  const desc = getOwnPropertyDescriptor(obj, key);
  return desc && 'value' in desc ? { value: desc.value } : undefined;
}

/** The constructor's name found on the prototype chain, read without calling getters or traps. */
export function classNameOf(value: object): string {
  let proto: object | null = getPrototypeOf(value);
  if (proto === null) return 'null-prototype';
  for (let hops = 0; proto !== null && hops < 20; hops++) {
    if (types.isProxy(proto)) return 'Object';
    const ctor = ownData(proto, 'constructor')?.value;
    if (typeof ctor === 'function' && !types.isProxy(ctor)) {
      const name = ownData(ctor, 'name')?.value;
      if (typeof name === 'string' && name) return name;
    }
    proto = getPrototypeOf(proto);
  }
  return 'Object';
}

export function numberValue(n: number): NumberValue {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0 && 1 / n < 0) return '-0';
  return n;
}

/** `obj instanceof Error`, without running a proxy's getPrototypeOf trap on the way. */
function inheritsFromError(obj: object): boolean {
  let proto: object | null = getPrototypeOf(obj);
  for (let hops = 0; proto !== null && hops < 50 && !types.isProxy(proto); hops++) {
    if (proto === Error.prototype) return true;
    proto = getPrototypeOf(proto);
  }
  return false;
}

function describeThrown(error: unknown): string {
  try {
    if (typeof error === 'object' && error !== null && !types.isProxy(error) && inheritsFromError(error)) {
      const message = ownData(error, 'message')?.value;
      return typeof message === 'string' ? message : 'error';
    }
    return typeof error === 'string' ? error : typeof error;
  } catch {
    return 'unreadable';
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return types.isProxy(v) ? 'Proxy' : classNameOf(v);
  return typeof v;
}

function isTensorLike(obj: object): boolean {
  const shape = ownData(obj, 'shape')?.value;
  return Array.isArray(shape) && typeof ownData(obj, 'dtype')?.value === 'string' && typeof ownData(obj, 'size')?.value === 'number' && ownData(obj, 'dataId') !== undefined;
}

export function numericStats(values: ArrayLike<number>): NumericStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  let nanCount = 0;
  let infCount = 0;
  let zeroCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) { nanCount++; continue; }
    if (v === Infinity || v === -Infinity) { infCount++; continue; }
    if (v === 0) zeroCount++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
    n++;
  }
  const mean = n ? sum / n : NaN;
  const std = n ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : NaN;
  return { min: numberValue(n ? min : NaN), max: numberValue(n ? max : NaN), mean: numberValue(mean), std: numberValue(std), nanCount, infCount, zeroCount };
}

export interface PreviewOptions {
  /** Read an error's `stack` (formatting it). Off for an error about to be rethrown: see wrap.ts. */
  errorStack?: boolean;
}

/** The first `count` values of a built-in iterator, stepped with the saved `next` (never a user's override). */
function firstValues<T>(iterator: unknown, next: Function, count: number): T[] {
  const values: T[] = [];
  for (let i = 0; i < count; i++) {
    const step = reflectApply(next, iterator, []) as IteratorResult<T>;
    if (step.done) break;
    values.push(step.value);
  }
  return values;
}

class PreviewBuilder {
  private nodes = 0;
  private readonly ancestors = new Map<object, string>();

  constructor(private readonly limits: PreviewLimits, private readonly options: PreviewOptions) {}

  build(value: unknown, depth: number, path: string): Preview {
    try {
      return this.buildUnsafe(value, depth, path);
    } catch (error) {
      return { kind: 'unreadable', message: describeThrown(error) };
    }
  }

  private buildUnsafe(value: unknown, depth: number, path: string): Preview {
    this.nodes++;
    switch (typeof value) {
      case 'string': {
        const max = this.limits.maxStringLength;
        return value.length > max ? { kind: 'string', value: value.slice(0, max), length: value.length, truncated: true } : { kind: 'string', value, length: value.length };
      }
      case 'number': return { kind: 'number', value: numberValue(value) };
      case 'boolean': return { kind: 'boolean', value };
      case 'undefined': return { kind: 'undefined' };
      case 'bigint': return { kind: 'bigint', value: value.toString() };
      case 'symbol': return { kind: 'symbol', description: value.description ?? '' };
    }
    if (value === null) return { kind: 'null' };
    const obj = value as object;
    if (types.isProxy(obj)) return { kind: 'proxy' };
    if (typeof obj === 'function') {
      const name = ownData(obj, 'name')?.value;
      const isClass = /^class\b/.test(reflectApply(functionToString, obj, []).slice(0, 6));
      return { kind: 'function', className: isClass ? 'class' : classNameOf(obj), name: typeof name === 'string' ? name : '' };
    }
    const seenAt = this.ancestors.get(obj);
    if (seenAt !== undefined) return { kind: 'circular', path: seenAt };
    if (this.nodes > this.limits.maxNodes) return { kind: 'truncated', reason: 'budget', className: classNameOf(obj) };

    if (types.isDate(obj)) {
      const time = reflectApply(dateGetTime, obj, []) as number;
      return { kind: 'date', iso: Number.isNaN(time) ? null : reflectApply(dateToISO, obj, []) };
    }
    if (types.isRegExp(obj)) return { kind: 'regexp', source: reflectApply(regexpSource, obj, []), flags: reflectApply(regexpFlags, obj, []) };
    if (types.isPromise(obj)) return { kind: 'promise', className: classNameOf(obj) };
    if (types.isNativeError(obj) || inheritsFromError(obj)) return this.error(obj);
    if (types.isTypedArray(obj)) return this.typedArray(obj);
    if (types.isDataView(obj)) {
      const length = reflectApply(dataViewLength, obj, []) as number;
      const n = Math.min(length, this.limits.maxTensorValues);
      const values: number[] = [];
      for (let i = 0; i < n; i++) values.push(reflectApply(dataViewGetUint8, obj, [i]));
      return { kind: 'typedarray', className: classNameOf(obj), length, values, ...(n < length ? { truncated: true } : {}) };
    }
    if (types.isArrayBuffer(obj)) return { kind: 'arraybuffer', className: classNameOf(obj), byteLength: reflectApply(arrayBufferLength, obj, []) };
    if (types.isSharedArrayBuffer(obj)) return { kind: 'arraybuffer', className: classNameOf(obj), byteLength: reflectApply(sharedBufferLength, obj, []) };
    if (isTensorLike(obj)) return this.tensor(obj);
    if (depth > this.limits.maxDepth) return { kind: 'truncated', reason: 'depth', className: classNameOf(obj) };

    this.ancestors.set(obj, path);
    try {
      if (Array.isArray(obj)) return this.array(obj, depth, path);
      if (types.isMap(obj)) return this.map(obj, depth, path);
      if (types.isSet(obj)) return this.set(obj, depth, path);
      return this.object(obj, depth, path);
    } finally {
      this.ancestors.delete(obj);
    }
  }

  /** A property's preview: a getter is shown as such, never called. */
  private property(obj: object, key: PropertyKey, depth: number, path: string): Preview {
    try {
      const desc = getOwnPropertyDescriptor(obj, key);
      if (!desc) return { kind: 'undefined' };
      if (!('value' in desc)) return { kind: 'getter', hasSetter: desc.set !== undefined };
      return this.build(desc.value, depth, path);
    } catch (error) {
      return { kind: 'unreadable', message: describeThrown(error) };
    }
  }

  private elementTypes(count: number, read: (i: number) => unknown): ElementTypes {
    const sampled = Math.min(count, this.limits.maxTypeSample);
    const seen = new Set<string>();
    for (let i = 0; i < sampled && seen.size < MAX_TYPES; i++) seen.add(typeName(read(i)));
    return sampled < count ? { types: [...seen], sampled: true, sampledCount: sampled } : { types: [...seen] };
  }

  private array(arr: unknown[], depth: number, path: string): Preview {
    const length = ownData(arr, 'length')?.value as number;
    const readData = (i: number): unknown => {
      const desc = getOwnPropertyDescriptor(arr, i);
      return desc ? ('value' in desc ? desc.value : '(getter)') : undefined;
    };
    const elements = this.elementTypes(length, readData);
    const items: Preview[] = [];
    const n = Math.min(length, this.limits.maxItems);
    for (let i = 0; i < n; i++) items.push(this.property(arr, i, depth + 1, `${path}[${i}]`));
    return { kind: 'array', className: classNameOf(arr), length, elements, items, ...(n < length ? { truncated: true } : {}) };
  }

  private map(m: Map<unknown, unknown>, depth: number, path: string): Preview {
    const size = reflectApply(mapSize, m, []) as number;
    const sample = firstValues<[unknown, unknown]>(reflectApply(mapEntries, m, []), mapIteratorNext, Math.min(size, this.limits.maxTypeSample));
    const keyTypes = this.elementTypes(sample.length, (i) => sample[i][0]);
    const valueTypes = this.elementTypes(sample.length, (i) => sample[i][1]);
    if (sample.length < size) {
      keyTypes.sampled = valueTypes.sampled = true;
      keyTypes.sampledCount = valueTypes.sampledCount = sample.length;
    }
    const n = Math.min(sample.length, this.limits.maxItems);
    const entries = [];
    for (let i = 0; i < n; i++) {
      const [k, v] = sample[i];
      entries.push({ key: this.build(k, depth + 1, `${path}.keys()[${i}]`), value: this.build(v, depth + 1, `${path}.get(${i})`) });
    }
    return { kind: 'map', className: classNameOf(m), size, keyTypes, valueTypes, entries, ...(n < size ? { truncated: true } : {}) };
  }

  private set(s: Set<unknown>, depth: number, path: string): Preview {
    const size = reflectApply(setSize, s, []) as number;
    const sample = firstValues<unknown>(reflectApply(setValues, s, []), setIteratorNext, Math.min(size, this.limits.maxTypeSample));
    const elements = this.elementTypes(sample.length, (i) => sample[i]);
    if (sample.length < size) Object.assign(elements, { sampled: true, sampledCount: sample.length });
    const n = Math.min(sample.length, this.limits.maxItems);
    const items = sample.slice(0, n).map((v, i) => this.build(v, depth + 1, `${path}[${i}]`));
    return { kind: 'set', className: classNameOf(s), size, elements, items, ...(n < size ? { truncated: true } : {}) };
  }

  private object(obj: object, depth: number, path: string): Preview {
    const keys = objectKeys(obj);
    const n = Math.min(keys.length, this.limits.maxItems);
    const entries = [];
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      const child = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      entries.push({ key, value: this.property(obj, key, depth + 1, child) });
    }
    return { kind: 'object', className: classNameOf(obj), keyCount: keys.length, entries, ...(n < keys.length ? { truncated: true } : {}) };
  }

  private error(err: object): Preview {
    const message = ownData(err, 'message')?.value;
    const stack = this.options.errorStack === false ? undefined : ownData(err, 'stack')?.value;
    const code = ownData(err, 'code')?.value;
    return {
      kind: 'error',
      className: classNameOf(err),
      message: typeof message === 'string' ? message.slice(0, this.limits.maxStringLength * 10) : '',
      ...(typeof stack === 'string' ? { stack: stack.slice(0, 8000) } : {}),
      ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    };
  }

  private typedArray(arr: ArrayBufferView): Preview {
    const length = reflectApply(typedLength, arr, []) as number;
    const tag = reflectApply(typedTag, arr, []) as string;
    const big = tag === 'BigInt64Array' || tag === 'BigUint64Array';
    const n = Math.min(length, this.limits.maxTensorValues);
    const view = arr as unknown as ArrayLike<number | bigint>;
    const values = [];
    for (let i = 0; i < n; i++) values.push(big ? String(view[i]) : numberValue(view[i] as number));
    return { kind: 'typedarray', className: classNameOf(arr), length, values: values as NumberValue[] | string[], ...(n < length ? { truncated: true } : {}) };
  }

  private tensor(t: object): Preview {
    const shape = (ownData(t, 'shape')!.value as unknown[]).filter((d): d is number => typeof d === 'number');
    const dtype = ownData(t, 'dtype')!.value as string;
    const size = ownData(t, 'size')!.value as number;
    const disposed = ownData(t, 'isDisposedInternal')?.value === true;
    const preview: Preview = { kind: 'tensor', className: classNameOf(t), shape, dtype, size };
    if (disposed) return { ...preview, disposed: true };
    if (size > this.limits.maxTensorStatsSize) return { ...preview, truncated: true };
    try {
      const dataSync = (t as { dataSync?: unknown }).dataSync;
      if (typeof dataSync !== 'function') return preview;
      const data = reflectApply(dataSync, t, []) as ArrayLike<number> | string[];
      const n = Math.min(data.length, this.limits.maxTensorValues);
      const values = [];
      for (let i = 0; i < n; i++) {
        const v = data[i];
        values.push(typeof v === 'number' ? numberValue(v) : String(v).slice(0, this.limits.maxStringLength));
      }
      const numeric = dtype !== 'string' && dtype !== 'complex64';
      return { ...preview, values: values as NumberValue[] | string[], ...(numeric ? { stats: numericStats(data as ArrayLike<number>) } : {}), ...(n < size ? { truncated: true } : {}) };
    } catch {
      return preview;
    }
  }
}

/** A preview of `value`; `path` names it in circular references ("args[0]", "result"). */
export function previewValue(value: unknown, limits: PreviewLimits, path = 'value', options: PreviewOptions = {}): Preview {
  try {
    return new PreviewBuilder(limits, options).build(value, 0, path);
  } catch (error) {
    return { kind: 'unreadable', message: describeThrown(error) };
  }
}
