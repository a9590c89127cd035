// Whether a user file's code loads TF.js's wasm backend: `require('@tensorflow/tfjs-backend-wasm')`,
// `import … from` it, `import(…)` of it. The post-mortem recorder lets its inspector go for the rest of
// the run once that backend loads; seen in the code before TF.js loads, it goes before, and TF.js's
// 7 MB are not hashed by the debugger for nothing (docs/benchmarks.md). A mention in a line comment
// (a backend switched off) does not count.
const WASM_LOAD = /(?:\brequire\s*\(\s*|\bimport\s*\(\s*|\bfrom\s*|\bimport\s*)(['"`])@tensorflow\/tfjs-backend-wasm\1/g;

export function loadsWasmBackend(source: string): boolean {
  if (!source.includes('@tensorflow/tfjs-backend-wasm')) return false;
  for (const match of source.matchAll(WASM_LOAD)) {
    const lineStart = source.lastIndexOf('\n', match.index) + 1;
    const before = source.slice(lineStart, match.index);
    if (!before.includes('//') && !/^\s*(?:\/?\*)/.test(before)) return true;
  }
  return false;
}
