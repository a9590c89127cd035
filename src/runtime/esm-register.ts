// Loaded with `node --import` after tsx (if any): registers the ESM load hook, which then sees tsx's
// JavaScript. Only when the preload is active in this thread.
import { register } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RUNTIME_KEY, type LoaderData, type RuntimeHandoff } from './shared-state';

const handoff = (globalThis as Record<symbol, RuntimeHandoff | undefined>)[RUNTIME_KEY];
if (handoff) {
  const data: LoaderData = { ...handoff };
  register(pathToFileURL(path.join(__dirname, 'esm-loader.mjs')).href, { data });
}
