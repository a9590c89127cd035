// What the preload (--require) tells esm-register (--import) in the same thread.
export const RUNTIME_KEY = Symbol.for('trainspect.runtime');

export interface RuntimeHandoff {
  origin: number; // clock origin, epoch ms
  eventFd: number;
  ownDir: string;
}

/** Data the ESM loader thread receives through module.register(). */
export type LoaderData = RuntimeHandoff;
