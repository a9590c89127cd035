import * as assert from 'node:assert/strict';
import { loadsWasmBackend } from '../../../src/runtime/recorders/wasm-ahead';

describe('runtime: a user file that loads the wasm backend, from its code', () => {
  it('is seen in require, import from, a bare import and a dynamic import', () => {
    assert.equal(loadsWasmBackend("const tf = require('@tensorflow/tfjs');\nrequire('@tensorflow/tfjs-backend-wasm');"), true);
    assert.equal(loadsWasmBackend('require( "@tensorflow/tfjs-backend-wasm" )'), true);
    assert.equal(loadsWasmBackend("import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';"), true);
    assert.equal(loadsWasmBackend("import '@tensorflow/tfjs-backend-wasm';"), true);
    assert.equal(loadsWasmBackend('await import(`@tensorflow/tfjs-backend-wasm`);'), true);
    // tsx's CommonJS for `import '@tensorflow/tfjs-backend-wasm'`
    assert.equal(loadsWasmBackend('var import_tfjs_backend_wasm = require("@tensorflow/tfjs-backend-wasm");'), true);
  });

  it('is not seen in a line comment, a block comment line, another package or a mere mention', () => {
    assert.equal(loadsWasmBackend("// require('@tensorflow/tfjs-backend-wasm');\nconst tf = require('@tensorflow/tfjs');"), false);
    assert.equal(loadsWasmBackend("const tf = require('@tensorflow/tfjs'); // or require('@tensorflow/tfjs-backend-wasm')"), false);
    assert.equal(loadsWasmBackend("/*\n * import '@tensorflow/tfjs-backend-wasm';\n */"), false);
    assert.equal(loadsWasmBackend("require('@tensorflow/tfjs-backend-wasm-extra')"), false);
    assert.equal(loadsWasmBackend("require('@tensorflow/tfjs-backend-webgl')"), false);
    assert.equal(loadsWasmBackend("console.log('see @tensorflow/tfjs-backend-wasm');"), false);
    assert.equal(loadsWasmBackend(''), false);
  });

  it('is seen when a later line loads it after a commented one', () => {
    assert.equal(loadsWasmBackend("// require('@tensorflow/tfjs-backend-wasm')\nrequire('@tensorflow/tfjs-backend-wasm')"), true);
  });
});
