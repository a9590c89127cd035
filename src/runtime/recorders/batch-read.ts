// A batch that reaches a model, read in place: each tensor's shape, dtype and value range, and small
// thumbnails of its first images. Values are read only where the backend already keeps them in this
// process's memory — the cpu backend's typed arrays (tfjs-tensor.ts), the wasm backend's heap — with
// no TF.js function, kernel or user code run and nothing downloaded; on another backend (webgl,
// tfjs-node's tensorflow) only shape and dtype are known.
import { types } from 'node:util';
import type { BatchTensor, ImagesEvent, ImageThumb } from '../../protocol/events';
import { isTfjsTensor, own, tensorStore } from '../tfjs-tensor';

const { keys: objectKeys } = Object;

/** Tensors whose range is read whole; a bigger one shows shape and dtype only. */
const MAX_RANGE_VALUES = 16 * 1024 * 1024;
/** Thumbnails per images event, and their long side in pixels. */
export const MAX_THUMBS = 16;
export const THUMB_SIDE = 64;
/** Tensors listed for an x or y that holds several. */
const MAX_TENSORS = 8;

type Values = ArrayLike<number>;

/** The values of a tensor where its backend holds them in this process: the cpu's array, the wasm heap. */
export function tensorValues(tensor: object): { backend: string | null; values?: Values } {
  const store = tensorStore(tensor);
  if (!store) return { backend: null };
  const backend = store.backend ?? null;
  if (store.values && types.isTypedArray(store.values)) return { backend, values: store.values as unknown as Values };
  if (backend !== 'wasm') return { backend };
  // The wasm backend: dataIdMap's DataStorage maps the dataId to {memoryOffset, dtype}; the module's heap is HEAPU8.
  const engine = own(globalThis, '_tfengine');
  const wasmBackend = own(own(engine, 'registry'), 'wasm');
  const storage = own(own(wasmBackend, 'dataIdMap'), 'data');
  const heap = own(own(wasmBackend, 'wasm'), 'HEAPU8');
  const dataId = own(tensor, 'dataId');
  if (!types.isWeakMap(storage) || types.isProxy(storage) || !types.isUint8Array(heap) || typeof dataId !== 'object' || dataId === null) return { backend };
  const info = WeakMap.prototype.get.call(storage, dataId) as unknown;
  const offset = own(info, 'memoryOffset');
  const size = own(tensor, 'size');
  if (typeof offset !== 'number' || typeof size !== 'number') return { backend };
  const buffer = (heap as Uint8Array).buffer as ArrayBuffer;
  const dtype = own(tensor, 'dtype');
  const View = dtype === 'float32' ? Float32Array : dtype === 'int32' ? Int32Array : dtype === 'bool' ? Uint8Array : undefined;
  if (!View || offset + size * View.BYTES_PER_ELEMENT > buffer.byteLength) return { backend };
  return { backend, values: new View(buffer, offset, size) };
}

function shapeOf(tensor: object): number[] {
  const shape = own(tensor, 'shape');
  return Array.isArray(shape) ? shape.filter((d): d is number => typeof d === 'number') : [];
}

/** A tensor's summary: shape, dtype, backend, and min/max over its finite values when they can be read. */
export function summarizeTensor(tensor: object, name?: string): BatchTensor {
  const dtype = own(tensor, 'dtype');
  const { backend, values } = own(tensor, 'isDisposedInternal') === true ? { backend: null } : tensorValues(tensor);
  const out: BatchTensor = { shape: shapeOf(tensor), dtype: typeof dtype === 'string' ? dtype : '?', backend, min: null, max: null, nan: 0 };
  if (name !== undefined) out.name = name;
  if (values && values.length <= MAX_RANGE_VALUES) {
    let min = Infinity;
    let max = -Infinity;
    let bad = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== v || v === Infinity || v === -Infinity) bad++;
      else {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    out.nan = bad;
    if (min <= max) {
      out.min = min;
      out.max = max;
    }
  }
  return out;
}

/** The tensors of fit's x or y: a tensor, an array of them, or an object of named ones. */
export function tensorsOf(value: unknown): { name?: string; tensor: object }[] {
  if (typeof value !== 'object' || value === null || types.isProxy(value)) return [];
  if (isTfjsTensor(value)) return [{ tensor: value }];
  const entries: [string, unknown][] = Array.isArray(value)
    ? Array.from({ length: Math.min(value.length, MAX_TENSORS) }, (_, i) => [String(i), own(value, i)])
    : objectKeys(value).slice(0, MAX_TENSORS).map((key) => [key, own(value, key)]);
  return entries
    .filter((e): e is [string, object] => typeof e[1] === 'object' && e[1] !== null && isTfjsTensor(e[1]))
    .map(([name, tensor]) => ({ name, tensor }));
}

/** [n, h, w, c] with c 1 or 3, or [n, h, w]: what a batch of images looks like. */
export function imageLayout(shape: readonly number[]): { n: number; h: number; w: number; c: 1 | 3 } | undefined {
  const [n, h, w, c = 1] = shape;
  if ((shape.length !== 3 && shape.length !== 4) || !(h >= 2 && w >= 2 && n >= 1) || (c !== 1 && c !== 3)) return undefined;
  return { n, h, w, c };
}

/** The label of sample `i`: the argmax of a one-hot row, the value of a [n] or [n, 1] y. */
function labelOf(y: { shape: number[]; values?: Values } | undefined, i: number): number | null {
  if (!y?.values) return null;
  const [n, k = 1] = y.shape;
  if (i >= n || y.shape.length > 2) return null;
  if (k === 1) {
    const v = y.values[i];
    return Number.isFinite(v) ? v : null;
  }
  let best = 0;
  for (let j = 1; j < k; j++) if (y.values[i * k + j] > y.values[i * k + best]) best = j;
  return best;
}

/**
 * Thumbnails of x's first images (at most MAX_THUMBS, long side at most THUMB_SIDE, box-averaged), their
 * labels from y; one read of the first images' values in place. Undefined when x does not look like
 * images or its values cannot be read here.
 */
export function readImages(x: object, y: object | undefined, api: ImagesEvent['api'], batch: number, time: number): ImagesEvent | undefined {
  const shape = shapeOf(x);
  const layout = imageLayout(shape);
  if (!layout) return undefined;
  const { values } = tensorValues(x);
  if (!values) return undefined;
  const { h, w, c } = layout;
  const count = Math.min(layout.n, MAX_THUMBS);
  const pixels = h * w * c;
  if (values.length < count * pixels) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count * pixels; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(min <= max)) min = max = 0;
  const kind = min >= 0 && max <= 1 ? 'unit' : min >= 0 && max <= 255 ? 'byte' : 'range';
  // Every kind maps a value to a byte linearly; the clamped array rounds, clamps and turns NaN into 0.
  const gain = kind === 'unit' ? 255 : kind === 'byte' ? 1 : max > min ? 255 / (max - min) : 0;
  const offset = kind === 'range' ? min : 0;
  const scale = Math.min(1, THUMB_SIDE / Math.max(h, w));
  const tw = Math.max(1, Math.round(w * scale));
  const th = Math.max(1, Math.round(h * scale));
  const yRead = y ? { shape: shapeOf(y), values: tensorValues(y).values } : undefined;
  const images: ImageThumb[] = [];
  const out = new Uint8ClampedArray(tw * th * c);
  const bytes = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < count; i++) {
    const base = i * pixels;
    if (tw === w && th === h) {
      for (let j = 0; j < pixels; j++) out[j] = (values[base + j] - offset) * gain;
    } else {
      boxAverage(values, base, w, h, c, tw, th, offset, gain, out);
    }
    images.push({ label: labelOf(yRead, i), data: bytes.toString('base64') });
  }
  return { type: 'images', api, batch, shape, width: tw, height: th, channels: c, scale: { kind, min, max }, images, time };
}

/** One image shrunk to tw × th by averaging each thumbnail pixel's box of source pixels, then mapped to bytes. */
function boxAverage(values: Values, base: number, w: number, h: number, c: number, tw: number, th: number, offset: number, gain: number, out: Uint8ClampedArray): void {
  for (let ty = 0; ty < th; ty++) {
    const y0 = Math.floor((ty * h) / th);
    const y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * h) / th));
    for (let tx = 0; tx < tw; tx++) {
      const x0 = Math.floor((tx * w) / tw);
      const x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * w) / tw));
      const area = (y1 - y0) * (x1 - x0);
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        for (let sy = y0; sy < y1; sy++) for (let sx = x0; sx < x1; sx++) sum += values[base + (sy * w + sx) * c + ch];
        out[(ty * tw + tx) * c + ch] = (sum / area - offset) * gain;
      }
    }
  }
}
