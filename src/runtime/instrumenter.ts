// The half of the runtime that parses: the transform, break mode's checks and the parameter reader,
// with acorn, magic-string and trace-mapping (most of the runtime's code). Bundled on its own
// (dist/runtime/instrumenter.js) and loaded by load-instrumenter.ts only when a file must be
// instrumented and is not in the transform cache, or a function's parameters must be read.
export { parsesAsModule, transformSource } from './transform';
export { withBreakPrologues } from './break-prologue';
export { functionParams } from './param-nodes';
