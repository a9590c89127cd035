// A preview is a bounded, JSON-safe description of a runtime value: what kind of thing it is, its
// size, and a few of its contents. Previews are built in the traced process (src/runtime/preview.ts)
// and rendered by the CLI, the panel and the HTML report, so this module holds only data and text.

/** A number as JSON can carry it: non-finite values and -0 are spelled out, since JSON has no NaN. */
export type NumberValue = number | 'NaN' | 'Infinity' | '-Infinity' | '-0';

/**
 * A string; one longer than the string limit is cut in the middle, so that both ends show (a path's
 * file name is at its end): `value` is its beginning, `tail` its end, and `length - value.length -
 * tail.length` characters (UTF-16 code units) between them are left out.
 */
export interface StringPreview { kind: 'string'; value: string; length: number; truncated?: boolean; tail?: string }
export interface NumberPreview { kind: 'number'; value: NumberValue }
export interface BooleanPreview { kind: 'boolean'; value: boolean }
export interface NullPreview { kind: 'null' }
export interface UndefinedPreview { kind: 'undefined' }
export interface BigIntPreview { kind: 'bigint'; value: string }
export interface SymbolPreview { kind: 'symbol'; description: string }

/**
 * Element types of a collection, e.g. ["string"] or ["number", "Tensor"]: typeof for primitives, the
 * class name for objects. `sampled` says they were read from the first `sampledCount` elements only.
 */
export interface ElementTypes { types: string[]; sampled?: boolean; sampledCount?: number }

export interface ArrayPreview {
  kind: 'array';
  className: string; // "Array", or a subclass's name
  length: number;
  elements: ElementTypes;
  items: Preview[]; // the first few elements, in order; a run of empty slots is one `hole` item
  truncated?: boolean; // true when items do not reach the end of the array
  /** Empty slots (a sparse array) among the elements whose types were read (`elements.sampledCount`, or all). */
  holes?: number;
}

/** Typed arrays, Buffers and DataViews: shape by length, a few values. */
export interface TypedArrayPreview {
  kind: 'typedarray';
  className: string; // "Float32Array", "Buffer", …
  length: number;
  values: NumberValue[] | string[]; // string[] for BigInt64Array/BigUint64Array
  truncated?: boolean;
}

/** Summary statistics of a numeric tensor or typed array (lovely-tensors style). */
export interface NumericStats {
  min: NumberValue;
  max: NumberValue;
  mean: NumberValue;
  std: NumberValue;
  nanCount: number;
  infCount: number;
  zeroCount: number;
}

export interface TensorPreview {
  kind: 'tensor';
  className: string; // "Tensor", "Variable"
  shape: number[];
  dtype: string;
  size: number;
  disposed?: boolean;
  values?: NumberValue[] | string[]; // the first few values in row-major order, when they could be read
  stats?: NumericStats; // when the tensor was small enough to read whole
  truncated?: boolean;
  /** The TF.js backend holding its data ("cpu", "wasm", …); values are read only on the cpu backend. */
  backend?: string;
}

/** `key` is the property's name, or for a symbol key (`symbol: true`) its `Symbol(description)` text. */
export interface ObjectEntry { key: string; value: Preview; symbol?: true }

export interface ObjectPreview {
  kind: 'object';
  className: string; // "Object", a user class's name, or "null-prototype"
  keyCount: number; // own enumerable string keys
  entries: ObjectEntry[]; // string keys first, then symbol keys
  truncated?: boolean;
  symbolKeyCount?: number; // own enumerable symbol keys, when there are any
}

export interface MapPreview {
  kind: 'map';
  className: string;
  size: number;
  keyTypes: ElementTypes;
  valueTypes: ElementTypes;
  entries: { key: Preview; value: Preview }[];
  truncated?: boolean;
}

export interface SetPreview {
  kind: 'set';
  className: string;
  size: number;
  elements: ElementTypes;
  items: Preview[];
  truncated?: boolean;
}

export interface FunctionPreview { kind: 'function'; className: string; name: string }
export interface DatePreview { kind: 'date'; iso: string | null } // null for an invalid date
export interface RegExpPreview { kind: 'regexp'; source: string; flags: string }
/**
 * `message` and `code` are own data properties (never a getter's result). `stack` is there only for an
 * error that is ending the process, which Node prints at once anyway: reading it any earlier would
 * format it before a later Error.prepareStackTrace could apply.
 */
export interface ErrorPreview { kind: 'error'; className: string; message: string; stack?: string; code?: string }
export interface PromisePreview { kind: 'promise'; className: string }
export interface ArrayBufferPreview { kind: 'arraybuffer'; className: string; byteLength: number }
/** A Proxy: never looked into, since every read could run a trap. */
export interface ProxyPreview { kind: 'proxy' }
/** `count` empty slots of a sparse array, in a row (as Node prints `<3 empty items>`). */
export interface HolePreview { kind: 'hole'; count: number }
/** An accessor property: its getter is never called. */
export interface GetterPreview { kind: 'getter'; hasSetter: boolean }
/** A value already being previewed further up: `path` names where, e.g. "args[0].parent". */
export interface CircularPreview { kind: 'circular'; path: string }
/** A value left out: too deep, or the preview's size budget was spent. */
export interface TruncatedPreview { kind: 'truncated'; reason: 'depth' | 'budget'; className?: string }
/** Reading the value threw (a hostile object): the message of what was thrown. */
export interface UnreadablePreview { kind: 'unreadable'; message: string }

export type Preview =
  | StringPreview | NumberPreview | BooleanPreview | NullPreview | UndefinedPreview | BigIntPreview | SymbolPreview
  | ArrayPreview | TypedArrayPreview | TensorPreview | ObjectPreview | MapPreview | SetPreview
  | FunctionPreview | DatePreview | RegExpPreview | ErrorPreview | PromisePreview | ArrayBufferPreview
  | ProxyPreview | HolePreview | GetterPreview | CircularPreview | TruncatedPreview | UnreadablePreview;

export type PreviewKind = Preview['kind'];

/** Limits used when building a preview; the defaults keep one call's event well under 64 KiB. */
export interface PreviewLimits {
  maxDepth: number; // nesting levels shown below the top value
  maxItems: number; // elements/entries shown per collection
  maxStringLength: number; // characters kept of a string
  maxNodes: number; // previews in one top-level value, all levels together
  maxTypeSample: number; // elements read to learn a collection's element types
  maxTensorValues: number; // values shown of a tensor or typed array
  maxTensorStatsSize: number; // tensors up to this many elements get min/max/mean/std
}

export const DEFAULT_PREVIEW_LIMITS: PreviewLimits = {
  maxDepth: 3,
  maxItems: 10,
  maxStringLength: 200,
  maxNodes: 300,
  maxTypeSample: 1000,
  maxTensorValues: 8,
  maxTensorStatsSize: 1_000_000,
};

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function typeList(t: ElementTypes, count: number): string {
  if (count === 0) return '';
  const sampled = t.sampled ? ` (types of the first ${plural(t.sampledCount ?? 0, 'element')})` : '';
  if (t.types.length === 1) return `${pluralType(t.types[0], count)}${sampled}`;
  return `${plural(count, 'item')}: ${t.types.join(', ')}${sampled}`;
}

/** "7,390 strings", "3 Tensors", "1 Object". */
function pluralType(type: string, n: number): string {
  const noun = n === 1 ? type : type.endsWith('s') ? `${type}es` : `${type}s`;
  return `${n.toLocaleString('en-US')} ${noun}`;
}

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/**
 * One sentence saying what kind of thing a value is, e.g. "an Array of 7,390 strings",
 * "a Map of string → number (12 entries)", "a Tensor float32 [32,64,64,3]", "a Pet object with 3 keys".
 */
export function describePreview(p: Preview): string {
  switch (p.kind) {
    case 'string': return `a string of ${plural(p.length, 'character')}`;
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    case 'null': return 'null';
    case 'undefined': return 'undefined';
    case 'bigint': return 'a bigint';
    case 'symbol': return 'a symbol';
    case 'array':
      if (p.length === 0) return `an empty ${p.className}`;
      if (p.holes) return sparseArray(p);
      return `${article(p.className)} ${p.className} of ${typeList(p.elements, p.length)}`;
    case 'typedarray': return `${article(p.className)} ${p.className} of ${plural(p.length, 'element')}`;
    case 'tensor':
      return `${article(p.className)} ${p.className} ${p.dtype} [${p.shape.join(',')}]${p.disposed ? ' (disposed)' : ''}${p.backend && p.backend !== 'cpu' ? ` on ${p.backend} (values not read)` : ''}`;
    case 'object': {
      const keys = `${plural(p.keyCount, 'key')}${p.symbolKeyCount ? ` and ${plural(p.symbolKeyCount, 'symbol key')}` : ''}`;
      return p.className === 'Object' ? `an Object with ${keys}` : `${article(p.className)} ${p.className} object with ${keys}`;
    }
    case 'map':
      return p.size === 0 ? `an empty ${p.className}` : `${article(p.className)} ${p.className} of ${p.keyTypes.types.join(' | ')} → ${p.valueTypes.types.join(' | ')} (${plural(p.size, 'entry', 'entries')})`;
    case 'set': return p.size === 0 ? `an empty ${p.className}` : `${article(p.className)} ${p.className} of ${typeList(p.elements, p.size)}`;
    case 'function': return `${article(p.className)} ${p.className}${p.name ? ` ${p.name}` : ''}`;
    case 'date': return 'a Date';
    case 'regexp': return 'a RegExp';
    case 'error': return `${article(p.className)} ${p.className}`;
    case 'promise': return `${article(p.className)} ${p.className}`;
    case 'arraybuffer': return `${article(p.className)} ${p.className} of ${plural(p.byteLength, 'byte')}`;
    case 'proxy': return 'a Proxy (not looked into)';
    case 'hole': return plural(p.count, 'empty slot');
    case 'getter': return p.hasSetter ? 'an accessor property (getter not called)' : 'a getter (not called)';
    case 'circular': return `a circular reference to ${p.path}`;
    case 'truncated': return p.className ? `${article(p.className)} ${p.className} (not expanded: ${p.reason})` : `not expanded (${p.reason})`;
    case 'unreadable': return `unreadable (${p.message})`;
    default: return `a ${unknownKind(p)} value`;
  }
}

/** "a sparse Array of length 1,000,001: 1 number and 999 empty slots (in the first 1,000 slots)". */
function sparseArray(p: ArrayPreview): string {
  const read = p.elements.sampledCount ?? p.length;
  const present = read - (p.holes ?? 0);
  const types = present === 0 ? '' : p.elements.types.length === 1 ? `${pluralType(p.elements.types[0], present)} and ` : `${plural(present, 'item')} (${p.elements.types.join(', ')}) and `;
  const where = p.elements.sampled ? ` (in the first ${plural(read, 'slot')})` : '';
  return `a sparse ${p.className} of length ${p.length.toLocaleString('en-US')}: ${types}${plural(p.holes ?? 0, 'empty slot')}${where}`;
}

const MAX_INLINE = 120;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A short one-line rendering of a value, JavaScript-like, for lists and the CLI. */
export function formatPreviewInline(p: Preview, max = MAX_INLINE): string {
  return clip(inline(p, 2), max);
}

function inline(p: Preview, depth: number): string {
  switch (p.kind) {
    case 'string': {
      if (!p.truncated) return JSON.stringify(p.value);
      const left = p.length - p.value.length - (p.tail?.length ?? 0);
      return `${JSON.stringify(p.value)}…(${left.toLocaleString('en-US')} of ${p.length.toLocaleString('en-US')} chars left out)…${p.tail !== undefined ? JSON.stringify(p.tail) : ''}`;
    }
    case 'number': return String(p.value);
    case 'boolean': return String(p.value);
    case 'null': return 'null';
    case 'undefined': return 'undefined';
    case 'bigint': return `${p.value}n`;
    case 'symbol': return `Symbol(${p.description})`;
    case 'array': {
      if (depth === 0) return `${p.className}(${p.length.toLocaleString('en-US')})`;
      const items = p.items.map((i) => inline(i, depth - 1));
      const shown = p.items.reduce((n, i) => n + (i.kind === 'hole' ? i.count : 1), 0);
      if (p.length > shown) items.push(`… ${(p.length - shown).toLocaleString('en-US')} more`);
      return `${p.className === 'Array' ? '' : p.className}(${p.length.toLocaleString('en-US')}) [${items.join(', ')}]`;
    }
    case 'typedarray': return `${p.className}(${p.length.toLocaleString('en-US')}) [${p.values.join(', ')}${p.length > p.values.length ? ', …' : ''}]`;
    case 'tensor': return `${p.className}[${p.shape.join(',')}] ${p.dtype}${p.stats ? ` x∈[${p.stats.min}, ${p.stats.max}] μ=${p.stats.mean}` : ''}${p.stats && (p.stats.nanCount || p.stats.infCount) ? ' NaN/Inf!' : ''}`;
    case 'object': {
      const name = p.className === 'Object' ? '' : `${p.className} `;
      if (depth === 0) return `${name}{…}`;
      const entries = p.entries.map((e) => `${e.key}: ${inline(e.value, depth - 1)}`);
      if (p.keyCount + (p.symbolKeyCount ?? 0) > p.entries.length) entries.push('…');
      return `${name}{${entries.join(', ')}}`;
    }
    case 'map': {
      const size = p.size.toLocaleString('en-US');
      if (depth === 0) return `${p.className}(${size})`;
      const entries = p.entries.map((e) => `${inline(e.key, depth - 1)} => ${inline(e.value, depth - 1)}`);
      if (p.size > p.entries.length) entries.push('…');
      return `${p.className}(${size}) {${entries.join(', ')}}`;
    }
    case 'set': {
      const size = p.size.toLocaleString('en-US');
      if (depth === 0) return `${p.className}(${size})`;
      const items = p.items.map((i) => inline(i, depth - 1));
      if (p.size > p.items.length) items.push('…');
      return `${p.className}(${size}) {${items.join(', ')}}`;
    }
    case 'function': return `[${p.className}${p.name ? `: ${p.name}` : ' (anonymous)'}]`;
    case 'date': return p.iso ?? 'Invalid Date';
    case 'regexp': return `/${p.source}/${p.flags}`;
    case 'error': return `${p.className}: ${p.message}`;
    case 'promise': return `${p.className} {…}`;
    case 'arraybuffer': return `${p.className} {${p.byteLength.toLocaleString('en-US')} bytes}`;
    case 'proxy': return '[Proxy]';
    case 'hole': return `<${plural(p.count, 'empty item')}>`;
    case 'getter': return '[Getter]';
    case 'circular': return `[Circular → ${p.path}]`;
    case 'truncated': return p.className ? `[${p.className}…]` : '[…]';
    case 'unreadable': return `[unreadable: ${p.message}]`;
    default: return `[${unknownKind(p)}]`;
  }
}

/** The kind of a preview from a newer writer, which the switch above does not know. */
const unknownKind = (p: never): string => (p as { kind: string }).kind;

// ---- checking a preview read from a file or a message

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const optional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);
const isNumberValue = (v: unknown): boolean => isNum(v) || v === 'NaN' || v === 'Infinity' || v === '-Infinity' || v === '-0';
const isArrayOf = (v: unknown, check: (item: unknown) => boolean): boolean => Array.isArray(v) && v.every(check);
const isElementTypes = (v: unknown): boolean =>
  isObj(v) && isArrayOf(v.types, isStr) && optional(v.sampled, isBool) && optional(v.sampledCount, isNum);
const isValues = (v: unknown): boolean => isArrayOf(v, isNumberValue) || isArrayOf(v, isStr);
/** Whether `v` is a NumericStats (a tensor preview's, a shape site's). */
export const isNumericStats = (v: unknown): boolean =>
  isObj(v) && ['min', 'max', 'mean', 'std'].every((k) => isNumberValue(v[k])) && isNum(v.nanCount) && isNum(v.infCount) && isNum(v.zeroCount);

/** Nesting deeper than this is not a preview any writer makes (they stop at PreviewLimits.maxDepth). */
const MAX_CHECK_DEPTH = 100;

type Fields = Record<string, unknown>;
/** The fields each kind must have, with their types; nested previews are checked one level deeper. */
const KIND_CHECKS: Record<PreviewKind, (p: Fields, child: (v: unknown) => boolean) => boolean> = {
  string: (p) => isStr(p.value) && isNum(p.length) && optional(p.truncated, isBool) && optional(p.tail, isStr),
  number: (p) => isNumberValue(p.value),
  boolean: (p) => isBool(p.value),
  null: () => true,
  undefined: () => true,
  bigint: (p) => isStr(p.value),
  symbol: (p) => isStr(p.description),
  array: (p, child) => isStr(p.className) && isNum(p.length) && isElementTypes(p.elements) && isArrayOf(p.items, child) && optional(p.truncated, isBool)
    && optional(p.holes, isNum),
  typedarray: (p) => isStr(p.className) && isNum(p.length) && isValues(p.values) && optional(p.truncated, isBool),
  tensor: (p) => isStr(p.className) && isArrayOf(p.shape, isNum) && isStr(p.dtype) && isNum(p.size) && optional(p.disposed, isBool)
    && optional(p.values, isValues) && optional(p.stats, isNumericStats) && optional(p.truncated, isBool) && optional(p.backend, isStr),
  object: (p, child) => isStr(p.className) && isNum(p.keyCount) && optional(p.truncated, isBool) && optional(p.symbolKeyCount, isNum)
    && isArrayOf(p.entries, (e) => isObj(e) && isStr(e.key) && child(e.value) && optional(e.symbol, (s) => s === true)),
  map: (p, child) => isStr(p.className) && isNum(p.size) && isElementTypes(p.keyTypes) && isElementTypes(p.valueTypes) && optional(p.truncated, isBool)
    && isArrayOf(p.entries, (e) => isObj(e) && child(e.key) && child(e.value)),
  set: (p, child) => isStr(p.className) && isNum(p.size) && isElementTypes(p.elements) && isArrayOf(p.items, child) && optional(p.truncated, isBool),
  function: (p) => isStr(p.className) && isStr(p.name),
  date: (p) => p.iso === null || isStr(p.iso),
  regexp: (p) => isStr(p.source) && isStr(p.flags),
  error: (p) => isStr(p.className) && isStr(p.message) && optional(p.stack, isStr) && optional(p.code, isStr),
  promise: (p) => isStr(p.className),
  arraybuffer: (p) => isStr(p.className) && isNum(p.byteLength),
  proxy: () => true,
  hole: (p) => isNum(p.count),
  getter: (p) => isBool(p.hasSetter),
  circular: (p) => isStr(p.path),
  truncated: (p) => (p.reason === 'depth' || p.reason === 'budget') && optional(p.className, isStr),
  unreadable: (p) => isStr(p.message),
};

/**
 * Whether a value read from outside (a trace file, a message) is a preview the renderers can show:
 * every field each kind needs, nested previews included. A kind this version does not know (a newer
 * writer's) passes with any fields, and is shown by name only.
 */
export function isPreview(value: unknown): value is Preview {
  return checkPreview(value, 0);
}

function checkPreview(value: unknown, depth: number): boolean {
  if (!isObj(value) || !isStr(value.kind) || value.kind === '' || depth > MAX_CHECK_DEPTH) return false;
  if (!Object.hasOwn(KIND_CHECKS, value.kind)) return true;
  return KIND_CHECKS[value.kind as PreviewKind](value, (child) => checkPreview(child, depth + 1));
}
