// explainError on real TF.js failures (cpu backend): each fixture call in test/fixtures/explain-error/
// failures.cjs throws a real error, whose frames and locals are read at the throw the way the post-mortem
// recorder reads them (frames-at-throw.ts), and the cause must say exactly what went wrong, where.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { PostmortemFrame } from '../../../src/protocol/events';
import { explainError } from '../../../src/runtime/explain-error';
import { parseFrameLine } from '../../../src/runtime/stack';
import { framesAtThrow } from './frames-at-throw';

const FIXTURE = path.resolve(__dirname, '../../fixtures/explain-error/failures.cjs');
const failures = require(FIXTURE) as Record<string, () => unknown>;

/** Each shape or dtype failure of the fixture, and its cause's sentence. */
const EXPLAINED: [string, string][] = [
  ['matMulInner', 'matMul at failures.cjs:13:32 got a float32 [32,784] and a float32 [10,128]: inner dimensions 784 and 10 differ'],
  ['matMulMethodTransposed', 'matMul at failures.cjs:14:57 got a float32 [3,4] and a float32 [5,3] (transposed): inner dimensions 4 and 3 differ'],
  ['matMulVector', 'matMul at failures.cjs:15:33 got a float32 [3] and a float32 [3,2]: both need rank 2 or more, a has rank 1'],
  ['matMulBatch', 'matMul at failures.cjs:16:32 got a float32 [4,2,3] and a float32 [5,3,2]: their batch axes cannot broadcast, as axis -3 has 4 and 5 (neither is 1)'],
  ['addBroadcast', 'add at failures.cjs:17:33 got a float32 [32,10] and a float32 [32,5]: they cannot broadcast, as axis -1 has 10 and 5 (neither is 1)'],
  ['subBroadcast', 'sub at failures.cjs:18:47 got a float32 [2,3] and an int32 [4]: they cannot broadcast, as axis -1 has 3 and 4 (neither is 1)'],
  ['lossWeights', 'mul in meanSquaredError at failures.cjs:19:39 got a float32 [8,3] and a float32 [5]: they cannot broadcast, as axis -1 has 3 and 5 (neither is 1)'],
  ['concatShape', 'concat at failures.cjs:20:32 got a float32 [2,3] and a float32 [2,4]: tensors[1] has 4 at axis 1 where tensors[0] has 3; only axis 0, the one they join along, may differ'],
  ['concatRank', 'concat at failures.cjs:21:31 got a float32 [2,3], a float32 [2,3] and a float32 [2,3,1]: tensors[2] has rank 3 where tensors[0] has rank 2'],
  ['stackShapes', 'stack at failures.cjs:22:32 got a float32 [2] and a float32 [3]: their shapes must be the same'],
  ['reshapeSize', 'reshape at failures.cjs:23:32 got a float32 [4,5] (20 values) and the shape [3,7] (21 values): the sizes must be equal'],
  ['reshapeImplicit', 'reshape at failures.cjs:24:50 got a float32 [4,5] (20 values) and the shape [-1,3]: 20 values do not divide by 3'],
  ['conv2dRank', 'conv2d at failures.cjs:25:31 got a float32 [28,28] as its input: it must have rank 4, not 2'],
  ['gatherIndices', 'gather at failures.cjs:26:34 got a float32 [2] as \'indices\': it must be int32'],
  ['addString', 'add at failures.cjs:27:30 got a string [1] as \'a\': it must be numeric'],
  ['assignDtype', 'assign at failures.cjs:28:56 got an int32 [2] for a float32 variable: the dtypes must match'],
  ['assignShape', 'assign at failures.cjs:29:56 got a float32 [3] for a variable of shape [2]: the shapes must match'],
  ['lossShapes', 'meanSquaredError at failures.cjs:30:38 got labels float32 [8,3] and predictions float32 [8,2]: their shapes must be the same'],
  ['customLossInFit', 'softmaxCrossEntropy at failures.cjs:33:60 got onehotLabels float32 [8,3] and logits float32 [8,2]: their shapes must be the same'],
  ['layerRank', 'layer head at failures.cjs:36:71 got a float32 [5]: it takes at least 2 dimensions'],
  ['layerAxis', 'layer hidden at failures.cjs:37:44 got a float32 [2,5]: it takes 8 at axis -1, not 5'],
  ['conv2dLayer', 'layer conv at failures.cjs:38:91 got a float32 [28,28,1]: it takes 4 dimensions'],
  ['predictShape', 'predict at failures.cjs:39:47 got a float32 [2,5] as inputs: the model\'s input hidden_input has shape [null,8]'],
  ['fitTargetShape', 'fit at failures.cjs:40:49 got a float32 [8,2] as targets: the model\'s output hidden has shape [*,3]'],
  ['fitTargetRank', 'fit at failures.cjs:41:48 got a float32 [8,3,2] as targets: the model\'s output hidden has 2 dimensions'],
  ['fitInputShape', 'fit at failures.cjs:42:48 got a float32 [8,5] as inputs: the model\'s input hidden_input has shape [*,4]'],
  ['fitSamples', 'fit at failures.cjs:43:45 got a float32 [8,4] as inputs and a float32 [6,3] as targets: they must have the same number of samples, not 8 and 6'],
  ['dotInner', 'dot at failures.cjs:44:29 got a float32 [2,3] and a float32 [4,2]: inner dimensions 3 and 4 differ'],
  ['conv2dChannels', 'conv2d at failures.cjs:45:35 got a float32 [1,28,28,3] input and a float32 [3,3,1,8] filter: the input has 3 channels, the filter takes 1'],
  ['modelBuilding', 'layer conv at failures.cjs:46:34 got a symbolic float32 [null,4]: it takes 4 dimensions'],
];

/** Errors with no cause: not about shapes or dtypes, or TF.js's words thrown by the user's own code. */
const UNEXPLAINED = ['disposed', 'userError', 'typeError', 'oneHotDepth', 'unknownLoss'];

/**
 * The fixture's frame of the error's own stack: where the cause must say it happened. (Not its first
 * "user" frame: under tsx, source maps are on, and TF.js's own map names its sources outside
 * node_modules, e.g. /…/tfjs-layers/src/errors.ts.)
 */
function fixtureFrameOfStack(error: Error): { file: string | null; line: number | null; column: number | null } {
  const frame = (error.stack ?? '').split('\n').map((line) => parseFrameLine(line)).find((f) => f?.file === FIXTURE);
  assert.ok(frame, error.stack);
  return { file: frame.file, line: frame.line, column: frame.column };
}

describe('explainError on real TF.js shape and dtype errors', function () {
  this.timeout(60_000);
  const thrown = new Map<string, { error: Error; frames: PostmortemFrame[] }>();
  let stackTraceLimit: number;

  before(async () => {
    stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 60; // fit's checks run 30 frames below the user's call
    await tf.setBackend('cpu');
    for (const name of [...EXPLAINED.map(([n]) => n), ...UNEXPLAINED]) thrown.set(name, await framesAtThrow(failures[name]));
  });
  after(() => {
    Error.stackTraceLimit = stackTraceLimit;
  });

  for (const [name, sentence] of EXPLAINED) {
    it(`${name}: ${sentence}`, () => {
      const { error, frames } = thrown.get(name)!;
      const cause = explainError(error, frames);
      assert.ok(cause, `no cause for ${error.message}`);
      assert.equal(cause.sentence, sentence, error.message);
      assert.deepEqual(cause.site, fixtureFrameOfStack(error));
      for (const operand of cause.operands) assert.ok(cause.sentence.includes(`${operand.dtype} [${operand.shape.join(',')}]`), JSON.stringify(operand));
    });
  }

  it('names the operands by the op\'s own arguments, with the shapes and dtypes the user passed', () => {
    const of = (name: string) => {
      const { error, frames } = thrown.get(name)!;
      return explainError(error, frames);
    };
    assert.deepEqual(of('matMulInner')?.operands, [{ name: 'a', shape: [32, 784], dtype: 'float32' }, { name: 'b', shape: [10, 128], dtype: 'float32' }]);
    assert.equal(of('matMulInner')?.operation, 'matMul');
    assert.deepEqual(of('subBroadcast')?.operands.map((o) => o.dtype), ['float32', 'int32']); // as passed, not as cast for the kernel
    assert.deepEqual(of('concatRank')?.operands.map((o) => o.name), ['tensors[0]', 'tensors[1]', 'tensors[2]']);
    assert.deepEqual(of('lossShapes')?.operands.map((o) => o.name), ['labels', 'predictions']);
    assert.equal(of('layerAxis')?.operation, 'hidden');
    assert.deepEqual(of('fitSamples')?.operands.map((o) => o.name), ['inputs', 'targets']);
  });

  for (const name of UNEXPLAINED) {
    it(`${name}: no cause`, () => {
      const { error, frames } = thrown.get(name)!;
      assert.equal(explainError(error, frames), null, error.message);
    });
  }

  it('gives no cause when the frames hold no tensors (no snapshot: scopes not read), for every kind of error', () => {
    for (const [name] of EXPLAINED) {
      const { error, frames } = thrown.get(name)!;
      assert.equal(explainError(error, frames.map((f) => ({ ...f, scopes: null }))), null, name);
    }
  });

  it('gives no cause for TF.js\'s words thrown with no TF.js function on the stack, for every kind of error', () => {
    for (const [name] of EXPLAINED) {
      const { error, frames } = thrown.get(name)!;
      const site = frames.findIndex((f) => f.user);
      assert.equal(explainError(error, frames.slice(site)), null, name);
    }
  });

  it('leaves the site out when no frame is the user\'s', () => {
    const { error, frames } = thrown.get('matMulInner')!;
    const cause = explainError(error, frames.map((f) => ({ ...f, user: false })));
    assert.equal(cause?.site, null);
    assert.equal(cause?.sentence, 'matMul got a float32 [32,784] and a float32 [10,128]: inner dimensions 784 and 10 differ');
  });

  describe('on the wasm backend (its own kernels, the same ops)', () => {
    const ON_WASM = ['matMulInner', 'matMulVector', 'matMulBatch', 'lossWeights', 'concatShape', 'reshapeSize', 'conv2dRank', 'conv2dChannels', 'layerAxis'];
    const onWasm = new Map<string, { error: Error; frames: PostmortemFrame[] }>();
    before(async () => {
      // Registered here, not at import: a registered wasm backend outranks cpu, and every other test
      // file that makes a tensor without choosing a backend would get an uninitialised wasm.
      await import('@tensorflow/tfjs-backend-wasm');
      await tf.setBackend('wasm');
      try {
        for (const name of ON_WASM) onWasm.set(name, await framesAtThrow(failures[name]));
      } finally {
        await tf.setBackend('cpu');
        tf.removeBackend('wasm');
      }
    });

    for (const name of ON_WASM) {
      it(name, () => {
        const { error, frames } = onWasm.get(name)!;
        assert.equal(explainError(error, frames)?.sentence, EXPLAINED.find(([n]) => n === name)![1], error.message);
      });
    }
  });
});
