// The tensor description js-debug shows, evaluated as js-debug evaluates it: through the V8 inspector,
// on real TF.js tensors, with `this` the value and side effects forbidden (a tensor's toString() is
// refused there, which is what the description avoids).
import * as assert from 'node:assert/strict';
import * as inspector from 'node:inspector';
import * as tf from '@tensorflow/tfjs';
import { debugDescriptions } from '../../../src/host/debug-descriptions';

const DEFAULT = '<<default preview>>'; // what js-debug passes, and keeps when the generator returns it

describe('debugDescriptions', () => {
  const session = new inspector.Session();
  const post = <T>(method: string, params: object): Promise<T> =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  type Result = { result: { type: string; value?: unknown; className?: string } };

  /** Runs `body` on `{ value }` in this process's own inspector, side effects forbidden (as js-debug describes an object's properties). */
  async function callOn(value: unknown, body: string): Promise<Result['result']> {
    (globalThis as Record<string, unknown>).__describeMe = { value };
    const { result } = await post<{ result: { objectId?: string } }>('Runtime.evaluate', { expression: 'globalThis.__describeMe' });
    const call = await post<Result>('Runtime.callFunctionOn', { functionDeclaration: `function () { ${body} }`, objectId: result.objectId, throwOnSideEffect: true, returnByValue: true });
    return call.result;
  }
  const describe = async (value: unknown): Promise<unknown> =>
    (await callOn(value, `return (${debugDescriptions().customDescriptionGenerator}).call(this.value, ${JSON.stringify(DEFAULT)});`)).value;

  before(() => session.connect());
  after(() => {
    session.disconnect();
    delete (globalThis as Record<string, unknown>).__describeMe;
  });

  it('describes a tensor by dtype and shape, without reading its data', async () => {
    const t = tf.zeros([2, 3]);
    assert.equal(await describe(t), 'Tensor float32 [2,3]');
    assert.equal(await describe(tf.scalar(3, 'int32')), 'Tensor int32 []');
    assert.equal(await describe(tf.tensor1d([true, false], 'bool')), 'Tensor bool [2]');
    // What js-debug would otherwise show: the tensor's toString(), which reads its data and is refused here.
    const refused = await callOn(t, 'return String(this.value);');
    assert.equal(refused.className, 'EvalError', JSON.stringify(refused));
    t.dispose();
    assert.equal(await describe(t), 'Tensor float32 [2,3] (disposed)');
  });

  it('names a variable', async () => {
    const v = tf.variable(tf.ones([4, 1]), true, 'dense/kernel');
    assert.equal(await describe(v), 'Variable float32 [4,1] dense/kernel');
    v.dispose();
  });

  it('leaves every other value as js-debug would show it', async () => {
    const getterShape = Object.defineProperty({ dtype: 'float32', size: 1, dataId: {} }, 'shape', { get: () => [1] });
    for (const value of [{ shape: [2], dtype: 'float32' }, getterShape, [1, 2], new Map(), 'text', 7, null]) {
      assert.equal(await describe(value), DEFAULT, JSON.stringify(value));
    }
  });
});
