// The shape recorder: what each call site of the user's files produced (`shape-site` and `shapes`
// events, kept in shape-book.ts). Two ways in. A transformed file (TypeScript and JSX by default, every
// user file with `shapes: 'all'`) passes each call's value through its shape helper (transform.ts,
// shape-calls.ts), which hands it to the recorder this file makes for that file through the hidden
// global `__trainspectShape`, and returns it as it came: no frame of ours is on the stack while the
// call runs and the value keeps its identity. A value is a tensor when TF.js's own Tensor class is on
// its prototype chain, a layer when the Layer class of a loaded @tensorflow/tfjs-layers is; anything
// else costs a few prototype lookups. A plain JavaScript file, left as written by default, has its
// TF.js ops' tensors seen from the engine instead (op-sites.ts) and its layers as they are made
// (layer-sites.ts), each named from its text (callee-text.ts).
// The sites that ran are written at the end of each epoch, when the run stops at its limit, and at exit.
import { types } from 'node:util';
import type { SourceSite } from '../../protocol/events';
import { observeEmitted } from '../event-writer';
import { calleeSite } from '../callee-text';
import { positionIn } from '../line-index';
import { own, tensorPrototype } from '../tfjs-tensor';
import type { ShapeTable } from '../transform';
import { isLayersFile } from '../training';
import { watchLayerSites } from './layer-sites';
import { watchOpSites } from './op-sites';
import { plainUserFiles, sourceOf } from './plain-frames';
import { registerRecorder, type ModuleObserver } from './registry';
import { createShapeBook, type ShapeBook, type SiteState } from './shape-book';

/** Prototype hops looked at to tell a tensor or a layer (TF.js's classes are a few levels deep). */
const MAX_HOPS = 12;
/** Prototypes remembered as holding no TF.js class. */
const MAX_UNTRACKED = 16;
/** A file of a TF.js package: once one has loaded, the engine they all share is there. */
const TFJS_FILE = /[\\/]@tensorflow[\\/]tfjs[\w-]*[\\/]/;

const { getPrototypeOf } = Object;
const { isArray } = Array;

function createShapeRecorder(book: ShapeBook, engineSites: boolean): ModuleObserver {
  const layerPrototypes = new Set<object>();
  const plain = plainUserFiles();
  let tensorProto: object | undefined;

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

  const saw = (state: SiteState, value: object, kind: 'tensor' | 'layer'): void => {
    if (kind === 'tensor') book.sawTensor(state, value);
    else book.sawLayer(state, value);
  };

  /** The recorder of one file's call sites: takes what call i returned and returns it. */
  const fileRecorder = (tableOf: () => ShapeTable): ((i: number, value: unknown) => unknown) => {
    let table: ShapeTable | undefined;
    const states: (SiteState | null)[] = []; // null: a site past the run's bound
    const record = (i: number, value: object): void => {
      const kind = classify(value);
      if (!kind) return;
      table ??= tableOf();
      let state = states[i];
      if (state === undefined) {
        const call = table.calls[i];
        if (!call) return;
        state = states[i] = book.open({ file: table.file, line: call[0], column: call[1] }, call[2], kind) ?? null;
      }
      if (state) saw(state, value, kind);
    };
    return (i, value) => {
      if (typeof value === 'object' && value !== null) {
        try {
          record(i, value);
        } catch {
          // the recorder never changes what the call returned
        }
      }
      return value;
    };
  };

  // The sites of plain files, by file and position as V8 gives it.
  const plainSites = new Map<string, SiteState | null>();
  /** The site's state, opened the first time with its callee read from the text (`new X` moved to `X`, as the transform has it). */
  const stateOfPlainSite = (site: SourceSite, made: 'tensor' | 'layer'): SiteState | null => {
    const key = `${site.line}:${site.column}:${site.file}`;
    let state = plainSites.get(key);
    if (state === undefined) {
      const source = sourceOf(site.file);
      const lineStart = source?.starts[site.line - 1];
      const named = source && lineStart !== undefined ? calleeSite(source.text, lineStart + site.column - 1) : undefined;
      const position = named && source ? positionIn(source.starts, named.offset) : undefined;
      const at = position ? { file: site.file, line: position.line, column: position.column + 1 } : site;
      plainSites.set(key, (state = book.open(at, named?.callee ?? '…', made) ?? null));
    }
    return state;
  };
  const sawOp = (tensor: unknown, site: SourceSite): void => {
    if (typeof tensor !== 'object' || tensor === null || classify(tensor) !== 'tensor') return;
    const state = stateOfPlainSite(site, 'tensor');
    if (state) book.sawTensor(state, tensor);
  };
  const sawLayerMade = (layer: object, site: SourceSite): void => {
    const state = stateOfPlainSite(site, 'layer');
    if (state) book.sawLayer(state, layer);
  };

  Object.defineProperty(globalThis, '__trainspectShape', { value: fileRecorder, enumerable: false, configurable: true });
  observeEmitted((event) => {
    if (event.type === 'epoch' || event.type === 'limit') book.flush();
  });
  process.on('exit', () => book.flush());

  return {
    wants: (filename) => isLayersFile(filename) || (engineSites && TFJS_FILE.test(filename)),
    loaded: (exports, filename) => {
      if (engineSites) watchOpSites(own(globalThis, '_tfengine'), sawOp, plain);
      if (!isLayersFile(filename)) return;
      const layers = own(exports, 'layers');
      const layer = own(layers, 'Layer');
      const proto = typeof layer === 'function' ? own(layer, 'prototype') : undefined;
      if (typeof proto === 'object' && proto !== null && !layerPrototypes.has(proto)) {
        layerPrototypes.add(proto);
        untracked = [];
        if (engineSites) watchLayerSites(proto, sawLayerMade, plain);
      }
    },
  };
}

// `shapes: 'all'` rewrites every user file, so only the transform's helper sees values; by default a
// plain file's are seen as TF.js makes them.
registerRecorder('shapes', (config) => (config.eventFd < 0 || config.shapes === false ? undefined : { modules: createShapeRecorder(createShapeBook(), config.shapes !== 'all') }));
