// The shape recorder: what each call site of the user's files produced (`shape-site` and `shapes`
// events). The transform passes every call's value through its file's shape helper (transform.ts,
// shape-calls.ts), which hands it to the recorder this file makes for that file through the hidden
// global `__trainspectShape`, and returns it as it came: no frame of ours is on the stack while the
// call runs and the value keeps its identity. A value is a tensor when TF.js's own Tensor class is on
// its prototype chain, a layer when the Layer class of a loaded @tensorflow/tfjs-layers is; anything
// else costs a few prototype lookups. Per site: every run counted, each distinct shape and dtype
// counted (the first MAX_SHAPES_PER_SITE, others counted together), the values' statistics read for
// the first SAMPLED_RUNS runs, in place on the cpu backend and for tensors of at most MAX_STATS_SIZE
// elements (nothing is downloaded, no TF.js function runs), and a layer's shapes and parameter count
// read from TF.js once it is built. The sites that ran are written at the end of each epoch, when the
// run stops at its limit, and at exit.
import { types } from 'node:util';
import type { ShapeSample, ShapeSiteKind, SiteShapes } from '../../protocol/events';
import type { NumericStats } from '../../protocol/preview';
import { now } from '../clock';
import { emit, observeEmitted } from '../event-writer';
import { numericStats } from '../preview';
import { own, tensorPrototype, tensorStore } from '../tfjs-tensor';
import type { ShapeTable } from '../transform';
import { isLayersFile } from '../training';
import { registerRecorder, type ModuleObserver } from './registry';

/** Distinct shape-and-dtype pairs counted per site; runs of any other shape count as `otherShapes`. */
export const MAX_SHAPES_PER_SITE = 16;
/** Runs per site whose values' statistics are read (the event has the last one's). */
export const SAMPLED_RUNS = 4;
/** Tensors larger than this have no statistics (the preview's maxTensorStatsSize). */
export const MAX_STATS_SIZE = 1_000_000;
/** Sites reported at most in a run (the run model's MAX_SHAPE_SITES); later ones are not recorded. */
const MAX_SITES = 10_000;
/** Sites per `shapes` event, so that one stays far below the 1 MiB bound of an event. */
const SITES_PER_EVENT = 500;
/** Prototype hops looked at to tell a tensor or a layer (TF.js's classes are a few levels deep). */
const MAX_HOPS = 12;
/** Callees whose tensor is a layer's or a model's output. */
const APPLY_CALLEE = /(?:^|\.)(?:apply|predict|predictOnBatch|call|execute|executeAsync)$/;

/** Prototypes remembered as holding no TF.js class. */
const MAX_UNTRACKED = 16;

const { getPrototypeOf } = Object;
const { isArray } = Array;

type Obj = Record<string, unknown>;
type Shape = (number | null)[];

interface SiteState {
  id: number; // 0 until the site first produced a tensor or a layer
  calls: number;
  shapes: ShapeSample[];
  last: ShapeSample | undefined; // the entry the previous run matched
  otherShapes: number;
  sampled: number;
  stats: NumericStats | null;
  layer: object | undefined; // the latest layer the site made
  dirty: boolean;
}

const sameShape = (sample: ShapeSample, shape: readonly unknown[], dtype: unknown): boolean => {
  if (sample.dtype !== dtype || sample.shape.length !== shape.length) return false;
  for (let i = 0; i < shape.length; i++) if (sample.shape[i] !== shape[i]) return false;
  return true;
};

function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

const isShape = (v: unknown): v is Shape => Array.isArray(v) && v.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d) && d >= 0));
/** One shape out of a shape or a list of them (TF.js gives a list for several inputs or outputs): null for several. */
const singleShape = (v: unknown): Shape | null => (isShape(v) ? [...v] : Array.isArray(v) && v.length === 1 && isShape(v[0]) ? [...v[0]] : null);

/** A built layer's shapes and parameter count, through TF.js's own getters (a layer not built yet: nulls). */
function layerInfo(layer: Obj): NonNullable<SiteShapes['layer']> {
  const name = String(attempt(() => layer.name, ''));
  const className = String(attempt(() => (layer.getClassName as () => string).call(layer), ''));
  if (attempt(() => layer.built, false) !== true) return { name, className, inputShape: null, outputShape: null, params: null };
  const nodes = attempt(() => layer.inboundNodes, undefined);
  const single = Array.isArray(nodes) && nodes.length === 1; // outputShape throws for a layer used several times
  return {
    name, className,
    inputShape: single ? singleShape(attempt(() => (nodes[0] as Obj).inputShapes, null)) : null,
    outputShape: single ? singleShape(attempt(() => layer.outputShape, null)) : null,
    params: attempt(() => (layer.countParams as () => number).call(layer), null),
  };
}

function createShapeRecorder(): ModuleObserver {
  const layerPrototypes = new Set<object>();
  let tensorProto: object | undefined;
  let reported = 0;
  const dirty: SiteState[] = []; // the sites that ran since the last `shapes` event

  // Prototypes whose chain holds neither TF.js class (a user's class, Object.prototype): most values a
  // call returns are of a few kinds, so their chain is walked once (a few of them are kept; a short
  // list of === is faster than a WeakSet). Forgotten when a class is learnt.
  let untracked: object[] = [];

  /** 'tensor', 'layer' or undefined, by the value's prototype chain (never a Proxy's: that would run its traps). */
  const classify = (v: object): 'tensor' | 'layer' | undefined => {
    if (!tensorProto) {
      tensorProto = tensorPrototype();
      if (!tensorProto) return undefined;
      untracked = [];
    }
    if (isArray(v) || types.isProxy(v)) return undefined; // isArray runs no trap of a Proxy
    const first = getPrototypeOf(v) as object | null;
    if (first === tensorProto) return 'tensor';
    if (first === null) return undefined;
    for (let i = 0; i < untracked.length; i++) if (untracked[i] === first) return undefined;
    let p: object | null = first;
    for (let hops = 0; p !== null && hops < MAX_HOPS; hops++) {
      if (p === tensorProto) return 'tensor';
      if (layerPrototypes.has(p)) return 'layer';
      if (types.isProxy(p)) return undefined;
      p = getPrototypeOf(p) as object | null;
    }
    if (untracked.length < MAX_UNTRACKED) untracked.push(first);
    return undefined;
  };

  const report = (state: SiteState, table: ShapeTable, i: number, kind: 'tensor' | 'layer'): void => {
    if (reported >= MAX_SITES) return;
    state.id = ++reported;
    const [line, column, callee] = table.calls[i];
    const siteKind: ShapeSiteKind = kind === 'layer' ? 'layer' : APPLY_CALLEE.test(callee) ? 'apply' : 'op';
    emit({ type: 'shape-site', id: state.id, site: { file: table.file, line, column }, callee, kind: siteKind, time: now() });
  };

  const sawTensor = (state: SiteState, tensor: object): void => {
    const shape = own(tensor, 'shape');
    const dtype = own(tensor, 'dtype');
    if (!Array.isArray(shape) || typeof dtype !== 'string') return;
    state.calls++;
    if (state.last && sameShape(state.last, shape, dtype)) state.last.count++;
    else {
      const known = state.shapes.find((s) => sameShape(s, shape, dtype));
      if (known) (state.last = known).count++;
      else if (state.shapes.length < MAX_SHAPES_PER_SITE && isShape(shape)) state.shapes.push((state.last = { shape: [...shape] as number[], dtype, count: 1 }));
      else state.otherShapes++;
    }
    if (state.sampled < SAMPLED_RUNS) {
      state.sampled++;
      state.stats = statsOf(tensor, dtype);
    }
  };

  const statsOf = (tensor: object, dtype: string): NumericStats | null => {
    const size = own(tensor, 'size');
    if (typeof size !== 'number' || size > MAX_STATS_SIZE || dtype === 'string' || dtype === 'complex64') return null;
    const store = tensorStore(tensor);
    const values = store?.backend === 'cpu' ? store.values : undefined;
    if (!values || !types.isTypedArray(values) || values.length < size) return null;
    return numericStats(values as ArrayLike<number>, size);
  };

  /** The recorder of one file's call sites: takes what call i returned and returns it. */
  const fileRecorder = (tableOf: () => ShapeTable): ((i: number, value: unknown) => unknown) => {
    let table: ShapeTable | undefined;
    const states: SiteState[] = [];
    const saw = (i: number, value: object): void => {
      const kind = classify(value);
      if (!kind) return;
      table ??= tableOf();
      let state = states[i];
      if (!state) {
        if (!table.calls[i]) return;
        states[i] = state = { id: 0, calls: 0, shapes: [], last: undefined, otherShapes: 0, sampled: 0, stats: null, layer: undefined, dirty: false };
        report(state, table, i, kind);
      }
      if (state.id === 0) return;
      if (kind === 'tensor') sawTensor(state, value);
      else {
        state.calls++;
        state.layer = value;
      }
      if (!state.dirty) {
        state.dirty = true;
        dirty.push(state);
      }
    };
    return (i, value) => {
      if (typeof value === 'object' && value !== null) {
        try {
          saw(i, value);
        } catch {
          // the recorder never changes what the call returned
        }
      }
      return value;
    };
  };

  const siteShapes = (state: SiteState): SiteShapes => ({
    id: state.id, calls: state.calls, shapes: state.shapes.map((s) => ({ ...s, shape: [...s.shape] })), otherShapes: state.otherShapes, stats: state.stats,
    layer: state.layer ? layerInfo(state.layer as Obj) : null,
  });

  /** Writes the sites that ran since the last write, their stats so far. */
  const flush = (): void => {
    const sites = dirty.splice(0).map((state) => {
      state.dirty = false;
      return siteShapes(state);
    });
    for (let i = 0; i < sites.length; i += SITES_PER_EVENT) emit({ type: 'shapes', sites: sites.slice(i, i + SITES_PER_EVENT), time: now() });
  };

  Object.defineProperty(globalThis, '__trainspectShape', { value: fileRecorder, enumerable: false, configurable: true });
  observeEmitted((event) => {
    if (event.type === 'epoch' || event.type === 'limit') flush();
  });
  process.on('exit', flush);

  return {
    wants: isLayersFile,
    loaded: (exports) => {
      const layers = own(exports, 'layers');
      const layer = own(layers, 'Layer');
      const proto = typeof layer === 'function' ? own(layer, 'prototype') : undefined;
      if (typeof proto === 'object' && proto !== null && !layerPrototypes.has(proto)) {
        layerPrototypes.add(proto);
        untracked = [];
      }
    },
  };
}

registerRecorder('shapes', (config) => (config.eventFd < 0 || config.shapes === false ? undefined : { modules: createShapeRecorder() }));
