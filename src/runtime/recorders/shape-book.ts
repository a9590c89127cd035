// The shape recorder's book of call sites (`shape-site` and `shapes` events), whichever way a site's
// value reached it: through a transformed file's shape helper (shapes.ts) or from TF.js's engine as an
// op ends (op-sites.ts). Per site: every run counted, each distinct shape and dtype counted (the first
// MAX_SHAPES_PER_SITE, others counted together), the values' statistics read for the first
// SAMPLED_RUNS runs, in place on the cpu backend and for tensors of at most MAX_STATS_SIZE elements
// (nothing is downloaded, no TF.js function runs), and a layer's shapes and parameter count read from
// TF.js when the sites are written.
import { types } from 'node:util';
import type { ShapeSample, ShapeSiteKind, SiteShapes, SourceSite } from '../../protocol/events';
import type { NumericStats } from '../../protocol/preview';
import { now } from '../clock';
import { emit } from '../event-writer';
import { numericStats } from '../preview';
import { own, tensorStore } from '../tfjs-tensor';

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
/** Callees whose tensor is a layer's or a model's output. */
const APPLY_CALLEE = /(?:^|\.)(?:apply|predict|predictOnBatch|call|execute|executeAsync)$/;

type Obj = Record<string, unknown>;
type Shape = (number | null)[];

export interface SiteState {
  id: number;
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

function statsOf(tensor: object, dtype: string): NumericStats | null {
  const size = own(tensor, 'size');
  if (typeof size !== 'number' || size > MAX_STATS_SIZE || dtype === 'string' || dtype === 'complex64') return null;
  const store = tensorStore(tensor);
  const values = store?.backend === 'cpu' ? store.values : undefined;
  if (!values || !types.isTypedArray(values) || values.length < size) return null;
  return numericStats(values as ArrayLike<number>, size);
}

export interface ShapeBook {
  /** A new site, written as a `shape-site` event; undefined once MAX_SITES sites were. */
  open(site: SourceSite, callee: string, made: 'tensor' | 'layer'): SiteState | undefined;
  sawTensor(state: SiteState, tensor: object): void;
  sawLayer(state: SiteState, layer: object): void;
  /** Writes the sites that ran since the last write, their stats so far. */
  flush(): void;
}

export function createShapeBook(): ShapeBook {
  let opened = 0;
  const dirty: SiteState[] = []; // the sites that ran since the last `shapes` event

  const ran = (state: SiteState): void => {
    state.calls++;
    if (!state.dirty) {
      state.dirty = true;
      dirty.push(state);
    }
  };

  const siteShapes = (state: SiteState): SiteShapes => ({
    id: state.id, calls: state.calls, shapes: state.shapes.map((s) => ({ ...s, shape: [...s.shape] })), otherShapes: state.otherShapes, stats: state.stats,
    layer: state.layer ? layerInfo(state.layer as Obj) : null,
  });

  return {
    open(site, callee, made) {
      if (opened >= MAX_SITES) return undefined;
      const id = ++opened;
      const kind: ShapeSiteKind = made === 'layer' ? 'layer' : APPLY_CALLEE.test(callee) ? 'apply' : 'op';
      emit({ type: 'shape-site', id, site, callee, kind, time: now() });
      return { id, calls: 0, shapes: [], last: undefined, otherShapes: 0, sampled: 0, stats: null, layer: undefined, dirty: false };
    },
    sawTensor(state, tensor) {
      const shape = own(tensor, 'shape');
      const dtype = own(tensor, 'dtype');
      if (!Array.isArray(shape) || typeof dtype !== 'string') return;
      ran(state);
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
    },
    sawLayer(state, layer) {
      ran(state);
      state.layer = layer;
    },
    flush() {
      const sites = dirty.splice(0).map((state) => {
        state.dirty = false;
        return siteShapes(state);
      });
      for (let i = 0; i < sites.length; i += SITES_PER_EVENT) emit({ type: 'shapes', sites: sites.slice(i, i + SITES_PER_EVENT), time: now() });
    },
  };
}
