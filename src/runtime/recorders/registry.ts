// The runtime's recorders: each is a file that registers itself here when it is imported (index.ts
// imports them all) and owns its event types; the preload starts them once it has read the config and
// shows them the exports of the modules they ask for as those load.
import type { ActiveConfig } from '../config';

/** Sees the exports of the modules it wants once they have run (CommonJS, src/runtime/cjs-hook.ts). */
export interface ModuleObserver {
  wants(filename: string): boolean;
  loaded(exports: unknown, filename: string): void;
  /** The code of a user file (CommonJS) before it runs: what it will load is not loaded yet. */
  userSource?(source: string, filename: string): void;
}

export interface Recorder {
  modules?: ModuleObserver;
}

/** Makes the recorder for this run, or undefined when it has nothing to do in it. */
export type RecorderFactory = (config: ActiveConfig) => Recorder | undefined;

const factories = new Map<string, RecorderFactory>();

export function registerRecorder(name: string, factory: RecorderFactory): void {
  factories.set(name, factory);
}

/** Starts every registered recorder; the observer it returns passes each module on to those that want it. */
export function startRecorders(config: ActiveConfig): ModuleObserver {
  const observers: ModuleObserver[] = [];
  for (const factory of factories.values()) {
    const modules = factory(config)?.modules;
    if (modules) observers.push(modules);
  }
  return {
    wants: (filename) => observers.some((o) => o.wants(filename)),
    loaded: (exports, filename) => {
      for (const o of observers) {
        try {
          if (o.wants(filename)) o.loaded(exports, filename);
        } catch {
          // a recorder never breaks loading
        }
      }
    },
    userSource: (source, filename) => {
      for (const o of observers) {
        try {
          o.userSource?.(source, filename);
        } catch {
          // a recorder never breaks loading
        }
      }
    },
  };
}
