// Loads instrumenter.ts on first need. In the preload's bundle `./instrumenter` stays a require of
// dist/runtime/instrumenter.js (esbuild.js); the ESM loader's bundle and the sources (tsx) resolve it
// as usual.
type Instrumenter = typeof import('./instrumenter');

let loaded: Instrumenter | undefined;

export function instrumenter(): Instrumenter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('./instrumenter') as Instrumenter);
}
