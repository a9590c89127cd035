// Loaded for TypeScript scripts only, with `node --import` after tsx's loader, so that our ESM load hook
// runs before tsx's and sees its JavaScript. JavaScript scripts never load this file: the preload
// registers the hooks itself when they are needed.
import { RUNTIME_KEY, registerEsmHooks, type RuntimeHandoff } from './shared-state';

const handoff = (globalThis as Record<symbol, RuntimeHandoff | undefined>)[RUNTIME_KEY];
if (handoff) registerEsmHooks(handoff, __dirname);
