// Where the user's code made a tensor, seen from TF.js's engine with the user's file left as written:
// how the shape recorder finds the sites of plain JavaScript, whose text it does not rewrite (a
// rewritten line would show in an uncaught error's excerpt and move its stack's columns; see
// docs/trace-format.md). Own `endScope` and `trackTensor` on the engine every copy of TF.js shares
// (globalThis._tfengine) see each op's result as the op ends (after its kernels, so no frame of ours
// is on the stack while they run) and each tensor made outside an op (tf.tensor, tf.zeros,
// tf.variable) once TF.js has made it: trackTensor only counts, so no error of TF.js's is thrown with
// a frame of ours on the stack (makeTensor throws for a backend not ready, say); endScope throws only
// when the engine's scopes are out of step, or a tidy's result cannot be walked. For the outermost op only (an op's own ops are its business) the stack above TF.js's core is
// captured, a few frames deep: the site is its first frame when that is in a user file that no source
// map covers (a compiled file's calls go through the transform's helper instead), at V8's own column,
// which is the callee's as the transform counts it (`c` of `a.b.c(…)`), told back in the line as
// written where the callable transform inserted text before it (column-shifts.ts). Anything else, a
// layer's or the training loop's ops among them, is no site.
//
// A capture costs 10–30 µs, and inside model.fit nearly every op is the training loop's own (173 a
// batch for bench/dense.js: 1.17× with every one captured), or the user's again and again (the pets
// example's dataset map: five ops an image). So while a fit, fitDataset or trainOnBatch call runs, the
// runs of each op (its name, the depth of TF.js's scopes, its result's dtype and shape) are captured for
// the first LEARNING_RUNS; after them, one in PROBE_EVERY is, and the others are: not captured, when
// every capture found no user's site (the loop's own); counted at the one site, when every capture
// found that same site; captured, when they found several, or some site and some none. A user's op
// inside training (a custom loss, a dataset's map, a callback at an epoch's end, which runs outside the
// batch's scopes) is found the first time it runs, unless the training loop had already run the same
// op LEARNING_RUNS times: then only a probe can find it, and counts it from then on; and a second site
// of an op counted at one is found by the next probe, its runs until then counted at the first.
// Outside training every op is captured.
import type { SourceSite } from '../../protocol/events';
import { callerSites } from '../stack';
import { inTraining } from '../training-phase';
import { plainSite, type PlainFiles } from './plain-frames';

type Obj = Record<string, unknown>;
/** Frames captured above the hook: the op's wrapper (or makeTensor and its helpers), a Tensor method, then its caller. */
const FRAMES = 5;
const OP_SCOPE = '__op';
/** Runs of an op name at one scope depth inside training that are all captured (see above). */
const LEARNING_RUNS = 8;
/** After those, one run in this many of such an op is captured. */
const PROBE_EVERY = 64;
/** Ops learnt at most (a model fed many shapes makes a key per shape). */
const MAX_LEARNT = 10_000;

interface OpRuns {
  runs: number;
  /** A capture found a user's site. */
  user: boolean;
  /** The one site every capture found, while there is one. */
  only: SourceSite | undefined;
  /** A capture found no site, or another one: every run is captured. */
  mixed: boolean;
}

const sameSite = (a: SourceSite, b: SourceSite): boolean => a.line === b.line && a.column === b.column && a.file === b.file;

/** A user file's tensor, and the site of the user's call that made it. */
export type OpSiteObserver = (tensor: unknown, site: SourceSite) => void;

/**
 * The first call site outside the file of the first one, which is TF.js's (the op's wrapper, or the
 * engine's makeTensor), when it is a plain user file's: a Tensor method that called the op and a
 * helper such as tensor2d are in TF.js's file too (tfjs-core's, or the bundle of @tensorflow/tfjs).
 */
function siteOf(sites: readonly NodeJS.CallSite[], plain: PlainFiles): SourceSite | undefined {
  const tfjs = sites[0]?.getFileName();
  for (let i = 1; i < sites.length; i++) {
    const name = sites[i].getFileName();
    if (!name) return undefined;
    if (name !== tfjs) return plainSite(sites[i], plain);
  }
  return undefined;
}

/** TF.js's stack of scopes (tidy's and ops'), or undefined when the engine does not keep it as TF.js 4 does. */
function scopesOf(state: unknown): unknown[] | undefined {
  const stack = (state as Obj | undefined)?.scopeStack;
  return Array.isArray(stack) ? stack : undefined;
}

const isOpScope = (scope: unknown): boolean => {
  const name = (scope as Obj | undefined)?.name;
  return typeof name === 'string' && name.endsWith(OP_SCOPE);
};

/** Whether one of the first `end` scopes is an op's. */
function anyOpScope(stack: readonly unknown[], end: number): boolean {
  for (let i = end - 1; i >= 0; i--) if (isOpScope(stack[i])) return true;
  return false;
}

/** The active scope's op name when it is an op with no op around it; undefined when not. */
function outermostOp(state: unknown): string | undefined {
  const stack = scopesOf(state);
  if (!stack?.length) return undefined;
  const top = stack[stack.length - 1];
  return isOpScope(top) && !anyOpScope(stack, stack.length - 1) ? ((top as Obj).name as string) : undefined;
}

/** Whether an op is running (an unknown stack counts as one: nothing is recorded then). */
function insideOp(state: unknown): boolean {
  const stack = scopesOf(state);
  return !stack || anyOpScope(stack, stack.length);
}

const depthOf = (state: unknown): number => scopesOf(state)?.length ?? -1;

const watched = new WeakSet<object>();

/** Puts the hooks on the engine (once per engine); `observe` gets each tensor a plain user file's call made. */
export function watchOpSites(engine: unknown, observe: OpSiteObserver, plain: PlainFiles): void {
  if (typeof engine !== 'object' || engine === null || watched.has(engine)) return;
  const e = engine as Obj;
  const endScope = e.endScope;
  const trackTensor = e.trackTensor;
  if (typeof endScope !== 'function' || typeof trackTensor !== 'function') return;
  watched.add(engine);

  // Inside training, per op (its name, the depth of TF.js's scopes, its result's dtype and shape; tensors
  // made outside ops under one name): its runs, and what its captures found.
  const learnt = new Map<string, OpRuns>();
  /** The site to count this run at without a capture; null: capture; undefined: neither (the loop's own). */
  const plan = (key: string): SourceSite | null | undefined => {
    let op = learnt.get(key);
    if (!op) {
      if (learnt.size >= MAX_LEARNT) return null; // so many shapes: every run captured, the memory bounded
      learnt.set(key, (op = { runs: 0, user: false, only: undefined, mixed: false }));
    }
    op.runs++;
    if (op.runs <= LEARNING_RUNS || op.runs % PROBE_EVERY === 0) return null;
    if (!op.user) return undefined;
    return op.only && !op.mixed ? op.only : null;
  };
  const captured = (key: string, site: SourceSite | undefined): void => {
    const op = learnt.get(key);
    if (!op) return;
    if (site) op.user = true;
    if (!site || (op.only && !sameSite(op.only, site))) op.mixed = true;
    else op.only ??= site;
  };
  const see = (hook: Function, name: string, state: unknown, tensor: unknown): void => {
    try {
      const key = inTraining() ? keyOf(name, state, tensor) : undefined;
      const counted = key === undefined ? null : plan(key);
      if (counted) return observe(tensor, counted);
      if (counted === undefined) return;
      const site = siteOf(callerSites(hook, FRAMES), plain);
      if (key !== undefined) captured(key, site);
      if (site) observe(tensor, site);
    } catch {
      // the op's result is the user's either way
    }
  };
  /** The key of an op's or a made tensor's runs inside training: name, scope depth, the tensor's dtype and shape. */
  const keyOf = (name: string, state: unknown, tensor: unknown): string => {
    const shape = (tensor as Obj).shape;
    return `${name} ${depthOf(state)} ${String((tensor as Obj).dtype)} ${Array.isArray(shape) ? shape.join() : '?'}`;
  };

  // `arguments` passed on as they came (no array made per call: these run for every scope and tensor).
  function ownEndScope(this: Obj, result: unknown): unknown {
    let op: string | undefined;
    try {
      if (result !== null && typeof result === 'object' && !Array.isArray(result)) op = outermostOp(this.state);
    } catch {
      op = undefined;
    }
    // eslint-disable-next-line prefer-rest-params
    const out = Reflect.apply(endScope as Function, this, arguments);
    if (op) see(ownEndScope, op, this.state, result);
    return out;
  }
  function ownTrackTensor(this: Obj, tensor: unknown): unknown {
    // eslint-disable-next-line prefer-rest-params
    const out = Reflect.apply(trackTensor as Function, this, arguments);
    let outside = false;
    try {
      outside = !insideOp(this.state);
    } catch {
      outside = false;
    }
    if (outside) see(ownTrackTensor, 'made', this.state, tensor);
    return out;
  }
  // As TF.js's own read (name, length), so that the engine's methods look as before.
  for (const [own, original] of [[ownEndScope, endScope], [ownTrackTensor, trackTensor]] as const) {
    Object.defineProperty(own, 'name', { value: (original as Function).name });
    Object.defineProperty(own, 'length', { value: (original as Function).length });
  }
  Object.defineProperty(engine, 'endScope', { value: ownEndScope, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(engine, 'trackTensor', { value: ownTrackTensor, writable: true, configurable: true, enumerable: false });
}
