// bench/cpu-profile.ts: self time per category of a V8 CPU profile, split where training begins.
import * as assert from 'node:assert/strict';
import { bundleMap, categorize, summarize, type CpuProfile } from '../../../bench/cpu-profile';

const bundleText = ['"use strict";', '// src/runtime/preload.ts', 'a();', '// node_modules/acorn/dist/acorn.mjs', 'parse();', '// src/runtime/wrap.ts', 'wrap();'].join('\n');
const bundles = [bundleMap('dist/runtime/preload.js', 'runtime', bundleText)];
const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

describe('bench: CPU profile summary', () => {
  it('names a bundled frame by the module its line is in, and every other frame by where its code lives', () => {
    const at = (url: string, line: number, fn = 'f') => categorize(url, line, fn, bundles, '/w/examples/pets');
    assert.equal(at('file:///w/dist/runtime/preload.js', 2), 'runtime: src/runtime/preload.ts');
    assert.equal(at('file:///w/dist/runtime/preload.js', 4), 'runtime: node_modules/acorn/dist/acorn.mjs');
    assert.equal(at('file:///w/dist/runtime/preload.js', 6), 'runtime: src/runtime/wrap.ts');
    // A worktree whose node_modules links to another checkout's: esbuild's marker is a relative path.
    const linked = [bundleMap('dist/runtime/instrumenter.js', 'instrumenter', ['// src/runtime/instrumenter.ts', 'x();', '// ../../main/node_modules/acorn/dist/acorn.mjs', 'parse();'].join('\n'))];
    assert.equal(categorize('file:///w/dist/runtime/instrumenter.js', 3, 'parse', linked, '/w/examples/pets'), 'instrumenter: node_modules/acorn/dist/acorn.mjs');
    assert.equal(at('file:///w/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js', 9), '@tensorflow/tfjs-core');
    assert.equal(at('file:///w/node_modules/pngjs/lib/png.js', 9), 'pngjs');
    assert.equal(at('node:internal/modules/cjs/loader', 9), 'node internals');
    assert.equal(at('file:///w/examples/pets/pipeline.js', 9), 'user code');
    assert.equal(at('', -1, '(garbage collector)'), '(garbage collector)');
  });

  it('gives each sample the time until the next one, and splits at the first sample inside the named function', () => {
    // root → main (user) → fitDataset (tfjs-layers) → parse (bundled acorn); root → (garbage collector)
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('(root)'), children: [2, 5] },
        { id: 2, callFrame: frame('main', 'file:///w/examples/pets/train.js', 10), children: [3, 6] },
        { id: 3, callFrame: frame('fitDataset', 'file:///w/node_modules/@tensorflow/tfjs-layers/dist/tf-layers.node.js', 100), children: [4] },
        { id: 4, callFrame: frame('parse', 'file:///w/dist/runtime/preload.js', 4) },
        { id: 5, callFrame: frame('(garbage collector)') },
        { id: 6, callFrame: frame('instrument', 'file:///w/dist/runtime/preload.js', 6) },
      ],
      samples: [6, 6, 5, 2, 3, 4, 6, 5],
      timeDeltas: [0, 1000, 2000, 500, 1500, 3000, 250, 750],
    };
    const s = summarize(profile, 'fitDataset', bundles, '/w/examples/pets');
    assert.equal(s.windowEnded, true);
    assert.deepEqual(s.startup, { 'runtime: src/runtime/wrap.ts': 3, '(garbage collector)': 0.5, 'user code': 1.5 });
    // After the first fitDataset sample, everything counts as training, in or out of fitDataset; the last sample has no length.
    assert.deepEqual(s.rest, { '@tensorflow/tfjs-layers': 3, 'runtime: node_modules/acorn/dist/acorn.mjs': 0.25, 'runtime: src/runtime/wrap.ts': 0.75, '(garbage collector)': 0 });
  });

  it('counts everything as start-up when the function never runs', () => {
    const profile: CpuProfile = { nodes: [{ id: 1, callFrame: frame('(idle)') }], samples: [1, 1], timeDeltas: [0, 4000] };
    const s = summarize(profile, 'fitDataset', bundles, '/w');
    assert.deepEqual(s, { startup: { '(idle)': 4 }, rest: {}, windowEnded: false });
  });
});
