// The callee read from the text at a site's position (callee-text.ts, for the sites seen from TF.js's
// engine) names each call as the transform's shape sites do from the parsed program (shape-calls.ts):
// both run on the same snippets, and every call's name must agree.
import assert from 'node:assert/strict';
import * as acorn from 'acorn';
import { calleeAt, calleeSite } from '../../../src/runtime/callee-text';
import { lineStarts } from '../../../src/runtime/line-index';
import { shapeCalls } from '../../../src/runtime/shape-calls';
import type { AnyNode } from '../../../src/runtime/callables';

const SNIPPETS = [
  'tf.relu(x.matMul(w).add(b));',
  'const y = xs.slice([0, 0], [4, 2]).matMul(w).sum(-1);',
  'const z = model\n  .predict(x)\n  .argMax(1);',
  'a?.b(1).c?.(2);',
  'this.dense.apply(x);',
  'tensors[0].reshape([2, 2]);',
  'f(g(h(1)));',
  '(a + b).square();',
  'tf.tidy(() => tf.add(a, tf.mul(b, c)));',
  'class K { #p() { return this.#p().q(); } }',
  "m['fit'].then(done);",
  'const v = tf.losses.meanSquaredError(y, tf.sigmoid(logits));',
  'x[key].toFloat();',
  `const ${'long'.repeat(30)} = ${'a.'.repeat(50)}b();`,
];

describe('callee text from the source at a site', () => {
  for (const code of SNIPPETS) {
    it(`names each call of ${JSON.stringify(code.slice(0, 60))} as the transform does`, () => {
      const program = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as AnyNode;
      const calls = shapeCalls(program, code);
      assert.ok(calls.length > 0);
      for (const call of calls) assert.equal(calleeAt(code, call.position), call.callee, `at ${call.position}`);
    });
  }

  it('moves a `new` that V8 places at the keyword to its class name, where the transform places it', () => {
    const code = 'const d = new tf.layers .Dense({ units: 2 }); new Scale();';
    const program = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as AnyNode;
    const expected = shapeCalls(program, code).map((c) => ({ callee: c.callee, offset: c.position }));
    const news = [...code.matchAll(/\bnew\b/g)].map((m) => calleeSite(code, m.index!));
    assert.deepEqual(news, expected);
    assert.deepEqual(calleeSite(code, code.indexOf('tf')), { callee: 'tf', offset: code.indexOf('tf') });
  });

  it('gives nothing where no name starts (a computed callee), and line starts for 1-based positions', () => {
    assert.equal(calleeAt('x + (1)', 4), undefined);
    assert.equal(calleeAt("m['fit'](x)", 2), undefined, 'a computed callee has no name to start from');
    const text = 'a\nbc\n\nd';
    assert.deepEqual(lineStarts(text), [0, 2, 5, 6]);
    assert.equal(calleeAt(text, lineStarts(text)[1] + 1), 'c');
  });
});
