// The parameters of a called function, read from its source: names, defaults, rest, patterns.
import * as assert from 'node:assert/strict';
import { paramsOf } from '../../../src/runtime/params';

describe('runtime: paramsOf (the parameters a function declares)', () => {
  it('reads names and defaults of declarations, expressions and arrows', () => {
    function randomSplitter(validPct = 0.2, seed = 42) { return [validPct, seed]; }
    assert.deepEqual(paramsOf(randomSplitter), [{ name: 'validPct', default: '0.2' }, { name: 'seed', default: '42' }]);
    assert.deepEqual(paramsOf((items: unknown) => items), [{ name: 'items' }]);
    // eslint-disable-next-line no-new-func
    assert.deepEqual(paramsOf(new Function('x', 'y = "a, b"', 'return x')), [{ name: 'x' }, { name: 'y', default: '"a, b"' }]);
    assert.deepEqual(paramsOf(() => 1), []);
  });

  it('reads a bare arrow parameter, rest parameters and destructuring patterns as written', () => {
    const bare = eval('(file => file)') as Function;
    assert.deepEqual(paramsOf(bare), [{ name: 'file' }]);
    const fn = eval('(function ({ file, label } = {}, [a, b], ...rest) {})') as Function;
    assert.deepEqual(paramsOf(fn), [{ name: '{ file, label }', default: '{}' }, { name: '[a, b]' }, { name: 'rest', rest: true }]);
  });

  it('shows a compiler\'s numbers as JavaScript prints them (tsx writes 0.2 as .2) and our wrapper calls unwrapped', () => {
    const compiled = eval('(function(names,validPct=.25,neg=-.5){})') as Function;
    assert.deepEqual(paramsOf(compiled), [{ name: 'names' }, { name: 'validPct', default: '0.25' }, { name: 'neg', default: '-0.5' }]);
    const wrapped = eval('(function(cb=__trainspect_w(3,(x)=>x)){})') as Function;
    assert.deepEqual(paramsOf(wrapped), [{ name: 'cb', default: '(x)=>x' }]);
  });

  it('reads methods, async and generator methods, and class constructors', () => {
    const o = { split(items: unknown, pct = 0.1) { return [items, pct]; }, async load(file: string) { return file; }, *gen(n: number) { yield n; } };
    assert.deepEqual(paramsOf(o.split), [{ name: 'items' }, { name: 'pct', default: '0.1' }]);
    assert.deepEqual(paramsOf(o.load), [{ name: 'file' }]);
    assert.deepEqual(paramsOf(o.gen), [{ name: 'n' }]);
    class Labeller { constructor(readonly vocab: string[], readonly fallback = 'unknown') {} }
    assert.deepEqual(paramsOf(Labeller), [{ name: 'vocab' }, { name: 'fallback', default: '"unknown"' }]);
    class Base {}
    assert.deepEqual(paramsOf(Base), []);
    class Derived extends Base {}
    assert.equal(paramsOf(Derived), undefined, 'a derived class without a constructor takes its parent\'s parameters: unknown here');
  });

  it('says nothing for functions without readable source (native, bound) and is not fooled by a replaced toString', () => {
    assert.equal(paramsOf(Math.max), undefined);
    assert.equal(paramsOf(function f(a: number) { return a; }.bind(null)), undefined);
    const liar = (items: unknown) => items;
    liar.toString = () => 'function (a, b, c) {}';
    const saved = Function.prototype.toString;
    Function.prototype.toString = () => 'function (x, y) {}';
    try {
      assert.deepEqual(paramsOf(liar), [{ name: 'items' }]);
    } finally {
      Function.prototype.toString = saved;
    }
  });

  it('cuts a long default to 80 characters and reads each function once', () => {
    const long = eval(`(function (x = "${'a'.repeat(200)}") {})`) as Function;
    const [p] = paramsOf(long)!;
    assert.equal(p.default!.length, 80);
    assert.ok(p.default!.endsWith('…'));
    assert.equal(paramsOf(long), paramsOf(long), 'the same array: read once');
  });
});
