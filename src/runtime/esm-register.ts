// Loaded with `node --import` after tsx, so that our ESM load hook runs before tsx's and sees its
// JavaScript. For JavaScript scripts the preload registers the hook itself (no --import needed).
import { RUNTIME_KEY, registerEsmHooks, type RuntimeHandoff } from './shared-state';

const handoff = (globalThis as Record<symbol, RuntimeHandoff | undefined>)[RUNTIME_KEY];
if (handoff) registerEsmHooks(handoff, __dirname);
