// Builds a bounded Preview (src/protocol/preview.ts) of any value in the traced process without
// changing it and without running any of its code: own data properties only, getters, user methods
// (toString, toJSON, Symbol.toPrimitive, inspect.custom, a tensor's dataSync) and Error.prepareStackTrace
// never called, proxies never looked into, built-ins read through the original intrinsics (a user
// subclass or a patched prototype cannot intercept). Every text it copies is cut to the string limit,
// so its size is bounded by the limits whatever the value. Never throws.
import { types } from 'node:util';
import type { ElementTypes, NumberValue, NumericStats, ObjectEntry, Preview, PreviewLimits, StringPreview } from '../protocol/preview';
import { isTfjsTensor, tensorStore } from './tfjs-tensor';

const { getOwnPropertyDescriptor, getOwnPropertySymbols, getPrototypeOf, keys: objectKeys } = Object;
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
const symbolDescription = getter(Symbol.prototype, 'description');
const bigintToString = BigInt.prototype.toString;
const typedSubarray = (typedArrayProto as { subarray: Function }).subarray;
const utf8 = new TextDecoder('utf-8');
const utf8Decode = TextDecoder.prototype.decode;
const reflectApply = Reflect.apply;
const MAX_TYPES = 8;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Text cut to `max` characters in the middle, so that both ends stay: `head`, then `tail`. Never
 * splits a surrogate pair.
 */
function middleCut(text: string, max: number): { head: string; tail: string } | undefined {
  if (text.length <= max) return undefined;
  let head = Math.ceil(max / 2);
  let tailStart = text.length - (max - head);
  if (head > 0 && isHighSurrogate(text.charCodeAt(head - 1))) head--;
  if (tailStart < text.length && isLowSurrogate(text.charCodeAt(tailStart))) tailStart++;
  return { head: text.slice(0, head), tail: text.slice(tailStart) };
}
const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** A name or a key, at most `max` characters: a longer one keeps both ends around a "…". */
export function cutText(text: string, max: number): string {
  const cut = middleCut(text, Math.max(2, max) - 1);
  return cut ? `${cut.head}…${cut.tail}` : text;
}

/** The same string preview, keeping at most `max` characters of its two ends. */
export function shortenString(p: StringPreview, max: number): StringPreview {
  if (p.value.length + (p.tail?.length ?? 0) <= max) return p;
  const head = middleCut(p.value, max)?.head ?? p.value;
  const tail = middleCut(p.tail ?? p.value, max)?.tail ?? p.tail ?? p.value;
  return { kind: 'string', value: head, length: p.length, truncated: true, tail };
}

export function stringPreview(value: string, max: number): StringPreview {
  const cut = middleCut(value, max);
  return cut ? { kind: 'string', value: cut.head, length: value.length, truncated: true, tail: cut.tail } : { kind: 'string', value, length: value.length };
}

/** An own data property's value; undefined for accessors, missing keys and proxies. */
function ownData(obj: object, key: PropertyKey): { value: unknown } | undefined {
  const desc = getOwnPropertyDescriptor(obj, key);
  return desc && 'value' in desc ? { value: desc.value } : undefined;
}

/** The constructor's name found on the prototype chain, read without calling getters or traps; cut to 200 characters. */
export function classNameOf(value: object): string {
  return cutText(rawClassName(value), 200);
}

function rawClassName(value: object): string {
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
      return typeof message === 'string' ? cutText(message, 200) : 'error';
    }
    return typeof error === 'string' ? cutText(error, 200) : typeof error;
  } catch {
    return 'unreadable';
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return types.isProxy(v) ? 'Proxy' : classNameOf(v);
  return typeof v;
}

/** What an array slot holds, read without calling a getter. */
type Slot = { value: unknown } | 'getter' | 'hole';
function slotOf(arr: object, i: number): Slot {
  const desc = getOwnPropertyDescriptor(arr, i);
  if (!desc) return 'hole';
  return 'value' in desc ? { value: desc.value } : 'getter';
}
const slotType = (slot: Slot): string | undefined => (slot === 'hole' ? undefined : slot === 'getter' ? 'getter' : typeName(slot.value));

/** Stats of the first `count` values (all of them by default). */
export function numericStats(values: ArrayLike<number>, count = values.length): NumericStats {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  let nanCount = 0;
  let infCount = 0;
  let zeroCount = 0;
  for (let i = 0; i < count; i++) {
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
  /**
   * Read an error's `stack`, which formats it (running a user's Error.prepareStackTrace). Only for an
   * error that ends the process and that Node prints at once anyway; off by default.
   */
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
      case 'string': return stringPreview(value, this.limits.maxStringLength);
      case 'number': return { kind: 'number', value: numberValue(value) };
      case 'boolean': return { kind: 'boolean', value };
      case 'undefined': return { kind: 'undefined' };
      case 'bigint': return { kind: 'bigint', value: cutText(reflectApply(bigintToString, value, []), this.limits.maxStringLength) };
      case 'symbol': return { kind: 'symbol', description: cutText(reflectApply(symbolDescription, value, []) ?? '', this.limits.maxStringLength) };
    }
    if (value === null) return { kind: 'null' };
    const obj = value as object;
    if (types.isProxy(obj)) return { kind: 'proxy' };
    if (typeof obj === 'function') {
      const name = ownData(obj, 'name')?.value;
      const isClass = /^class\b/.test(reflectApply(functionToString, obj, []).slice(0, 6));
      return { kind: 'function', className: isClass ? 'class' : classNameOf(obj), name: typeof name === 'string' ? cutText(name, this.limits.maxStringLength) : '' };
    }
    const seenAt = this.ancestors.get(obj);
    if (seenAt !== undefined) return { kind: 'circular', path: seenAt };
    if (this.nodes > this.limits.maxNodes) return { kind: 'truncated', reason: 'budget', className: classNameOf(obj) };

    if (types.isDate(obj)) {
      const time = reflectApply(dateGetTime, obj, []) as number;
      return { kind: 'date', iso: Number.isNaN(time) ? null : reflectApply(dateToISO, obj, []) };
    }
    if (types.isRegExp(obj)) return { kind: 'regexp', source: cutText(reflectApply(regexpSource, obj, []), this.limits.maxStringLength), flags: reflectApply(regexpFlags, obj, []) };
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
    if (isTfjsTensor(obj)) return this.tensor(obj);
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

  /**
   * An array by its slots: the first maxTypeSample are read (types, empty slots), the first maxItems
   * of them shown, a run of empty slots as one `hole` item and an accessor as a `getter` one.
   */
  private array(arr: unknown[], depth: number, path: string): Preview {
    const length = ownData(arr, 'length')?.value as number;
    const sampled = Math.min(length, this.limits.maxTypeSample);
    const seen = new Set<string>();
    const items: Preview[] = [];
    let holes = 0;
    let run = 0; // empty slots in a row, not yet an item
    let covered = 0; // slots the items stand for
    for (let i = 0; i < sampled; i++) {
      const slot = slotOf(arr, i);
      const type = slotType(slot);
      if (type === undefined) holes++;
      else if (seen.size < MAX_TYPES) seen.add(type);
      if (items.length >= this.limits.maxItems) continue;
      if (slot === 'hole') {
        run++;
        continue;
      }
      if (run) items.push({ kind: 'hole', count: run });
      covered += run;
      run = 0;
      if (items.length >= this.limits.maxItems) continue;
      items.push(slot === 'getter' ? { kind: 'getter', hasSetter: getOwnPropertyDescriptor(arr, i)?.set !== undefined } : this.build(slot.value, depth + 1, `${path}[${i}]`));
      covered++;
    }
    if (run && items.length < this.limits.maxItems) {
      items.push({ kind: 'hole', count: run });
      covered += run;
    }
    const elements: ElementTypes = sampled < length ? { types: [...seen], sampled: true, sampledCount: sampled } : { types: [...seen] };
    return { kind: 'array', className: classNameOf(arr), length, elements, items, ...(covered < length ? { truncated: true } : {}), ...(holes ? { holes } : {}) };
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

  /** Own enumerable string keys, then own enumerable symbol keys (as Node's inspect shows them). */
  private object(obj: object, depth: number, path: string): Preview {
    const keys = objectKeys(obj);
    const symbols = getOwnPropertySymbols(obj).filter((s) => getOwnPropertyDescriptor(obj, s)?.enumerable);
    const max = this.limits.maxItems;
    const keyMax = this.limits.maxStringLength;
    const entries: ObjectEntry[] = [];
    for (let i = 0; i < keys.length && entries.length < max; i++) {
      const key = keys[i];
      const shown = cutText(key, keyMax);
      const child = IDENTIFIER.test(key) ? `${path}.${shown}` : `${path}[${JSON.stringify(shown)}]`;
      entries.push({ key: shown, value: this.property(obj, key, depth + 1, child) });
    }
    for (let i = 0; i < symbols.length && entries.length < max; i++) {
      const key = `Symbol(${cutText(reflectApply(symbolDescription, symbols[i], []) ?? '', keyMax)})`;
      entries.push({ key, symbol: true, value: this.property(obj, symbols[i], depth + 1, `${path}[${key}]`) });
    }
    const total = keys.length + symbols.length;
    return {
      kind: 'object', className: classNameOf(obj), keyCount: keys.length, entries,
      ...(entries.length < total ? { truncated: true } : {}), ...(symbols.length ? { symbolKeyCount: symbols.length } : {}),
    };
  }

  /** Own data properties only: an accessor `message` is not called, and `stack` is not touched unless asked. */
  private error(err: object): Preview {
    const message = ownData(err, 'message')?.value;
    const stack = this.options.errorStack === true ? ownData(err, 'stack')?.value : undefined;
    const code = ownData(err, 'code')?.value;
    return {
      kind: 'error',
      className: classNameOf(err),
      message: typeof message === 'string' ? cutText(message, this.limits.maxStringLength * 10) : '',
      ...(typeof stack === 'string' ? { stack: cutText(stack, 8000) } : {}),
      ...(typeof code === 'string' || typeof code === 'number' ? { code: cutText(String(code), this.limits.maxStringLength) } : {}),
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

  /**
   * A TF.js tensor by its own fields (shape, dtype, size) and the engine's record of its data. Values
   * come only from a buffer the backend already holds in this process (the cpu backend): the first
   * maxTensorValues of them, and the stats over all when the tensor has at most maxTensorStatsSize
   * elements. No TF.js function runs, so nothing is downloaded from a GPU or another backend.
   */
  private tensor(t: object): Preview {
    const shapeArray = ownData(t, 'shape')?.value;
    const rank = Array.isArray(shapeArray) ? Math.min(ownData(shapeArray, 'length')?.value as number, 64) : 0;
    const shape: number[] = [];
    for (let i = 0; i < rank; i++) {
      const d = ownData(shapeArray as object, i)?.value;
      if (typeof d === 'number') shape.push(d);
    }
    const dtypeValue = ownData(t, 'dtype')?.value;
    const dtype = typeof dtypeValue === 'string' ? cutText(dtypeValue, 40) : '?';
    const sizeValue = ownData(t, 'size')?.value;
    const size = typeof sizeValue === 'number' ? sizeValue : NaN;
    const preview: Preview = { kind: 'tensor', className: classNameOf(t), shape, dtype, size };
    if (ownData(t, 'isDisposedInternal')?.value === true) return { ...preview, disposed: true };
    const store = tensorStore(t);
    if (store?.backend !== undefined) preview.backend = store.backend;
    const data = store?.values;
    if (!data || dtype === 'complex64') return preview;
    const length = types.isTypedArray(data) ? (reflectApply(typedLength, data, []) as number) : (ownData(data, 'length')?.value as number);
    if (!(length >= size)) return preview;
    const n = Math.min(size, this.limits.maxTensorValues);
    if (dtype === 'string') {
      const values: string[] = [];
      for (let i = 0; i < n; i++) values.push(this.tensorString(ownData(data as object, i)?.value));
      return { ...preview, values, ...(n < size ? { truncated: true } : {}) };
    }
    if (!types.isTypedArray(data)) return preview;
    const numbers = data as unknown as ArrayLike<number>;
    const values: NumberValue[] = [];
    for (let i = 0; i < n; i++) values.push(numberValue(numbers[i]));
    const stats = size <= this.limits.maxTensorStatsSize ? { stats: numericStats(numbers, size) } : {};
    return { ...preview, values, ...stats, ...(n < size ? { truncated: true } : {}) };
  }

  /** One element of a string tensor: UTF-8 bytes, of which only what the string limit can show is decoded. */
  private tensorString(bytes: unknown): string {
    if (!types.isUint8Array(bytes)) return '';
    const max = this.limits.maxStringLength;
    const length = reflectApply(typedLength, bytes, []) as number;
    if (length <= max * 4) return cutText(reflectApply(utf8Decode, utf8, [bytes]) as string, max);
    const head = reflectApply(utf8Decode, utf8, [reflectApply(typedSubarray, bytes, [0, max * 4])]) as string;
    return `${head.slice(0, max - 1)}…`;
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
