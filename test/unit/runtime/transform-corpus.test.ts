// Source shapes written tight or oddly, every function traced: the instrumented code must parse and
// behave as the original (the transform's own parse check turns a broken insertion into a fault of
// ours, never a SyntaxError naming the user's file).
import assert from 'node:assert/strict';
import * as vm from 'node:vm';
import { transformSource } from '../../../src/runtime/transform';

/** Each shape defines `run()`, whose result (JSON) must be the same instrumented or not. */
const SHAPES: Record<string, string> = {
  'empty bodies': 'function a(){}function b() {}const c=()=>{};async function d(){}\nfunction run(){return [a(),b(),c(),typeof d()]}',
  'directives only': "function a(){'use strict'}function b(){'use strict';'x'}\nfunction run(){return [a(),b()]}",
  'directive then code on one line': "function a(x){'use strict' \n return x*2}\nfunction run(){return a(2)}",
  'return of a regex and of an object': 'const r=()=>/a+/.test("aa");const o=()=>({k:1});function f(){return/b/.source}\nfunction run(){return [r(),o(),f()]}',
  'returns with ASI hazards': 'function f(x){if(x)return\nreturn 2}\nfunction g(){return(\n1)}\nfunction run(){return [f(1),f(0),g()]}',
  'comments between tokens': 'function/*a*/f/*b*/(/*c*/x/*d*/)/*e*/{/*f*/return/*g*/x/*h*/}/*i*/\nfunction run(){return f(3)}',
  'nested and curried arrows': 'const k=a=>b=>c=>a+b+c;const m=(a)=>(b)=>{return a*b};\nfunction run(){return [k(1)(2)(3),m(2)(5)]}',
  'labels, switch and loops': 'function f(n){out:for(let i=0;;i++){switch(i){case 3:break out;default:continue}}return n}\nfunction run(){return f(7)}',
  'class fields and accessors': 'class A{x=()=>1;static s(){return 2}get g(){return 3}set g(v){}#p(){return 4}q(){return this.#p()}}\nfunction run(){const a=new A();return [a.x(),A.s(),a.g,a.q()]}',
  'default and destructured parameters': 'function f({a,b:[c]=[9]}={},...r){return [a,c,r.length]}\nconst g=(x=1,{y}={y:2})=>x+y;\nfunction run(){return [f(),f({a:1,b:[2]},3,4),g()]}',
  'arguments and this': 'function f(){return arguments.length}const o={v:5,m(){return this.v}};\nfunction run(){return [f(1,2,3),o.m()]}',
  'async arrow and await': 'const f=async x=>{await null;return x};\nfunction run(){return typeof f(1).then}',
  'one-line if without braces': 'function f(x){if(x)return 1;else return 2}\nfunction run(){return [f(1),f(0)]}',
  'sequence and comma returns': 'function f(){let a=0;return a++,a++,a}\nfunction run(){return f()}',
};

/** Calls written every way the call-site transform must keep as they are (each defines `run()` too). */
const CALLS: Record<string, string> = {
  'optional chains short-circuit': 'const a=null,o={b(){return{c(){return 3}}}};\nfunction run(){return [a?.b().c(),o?.b().c(),a?.b?.(),o.b?.().c?.(),(o?.b)().c()]}',
  'super calls and super methods': 'class A{constructor(x){this.x=x}m(){return this.x}}class B extends A{constructor(){super(f(2))}m(){return super.m()+1}}function f(x){return x*2}\nfunction run(){return new B().m()}',
  'tagged templates keep their strings object': 'const seen=[];function t(s){seen.push(s);return s.raw[0]}function g(){return t`a${1}b`}\nfunction run(){g();g();return [seen[0]===seen[1],t`x`]}',
  'new with and without arguments, and new of a call': 'class A{constructor(v){this.v=v??7}}function mk(){return A}\nfunction run(){return [new A().v,new A(2).v,(new A).v,new (mk())(3).v,new(mk())().v]}',
  'calls in default parameters and class fields': 'function d(){return 5}function f(a=d(),b=Math.max(a,d()+1)){return a+b}class C{x=d();static y=d()*2}\nfunction run(){return [f(),f(1),new C().x,C.y]}',
  'generators and async functions': 'function*g(){yield f(1);yield*[f(2)]}function f(x){return x}async function h(){return await Promise.resolve(f(3))}\nfunction run(){return [[...g()],typeof h().then]}',
  'spread arguments and arguments object': 'function n(){return arguments.length}const xs=[1,2,3];\nfunction run(){return [n(...xs),n(...xs,...[]),Math.max(...xs.map((x)=>x*2))]}',
  'direct and indirect eval': 'var k=1;function f(){var k=2;return [eval("k"),(0,eval)("typeof k")]}\nfunction run(){return f()}',
  'this of method calls and calls of calls': 'const o={v:4,m(){return this.v},c(){return()=>this.v}};function cur(a){return(b)=>(c)=>a+b+c}\nfunction run(){return [o.m(),o["m"](),o.c()(),cur(1)(2)(3),(0,o.m)===o.m]}',
  'statements that start with a call after a line without a semicolon': 'let r=[]\nr.push(1)\n;[2].forEach((x)=>r.push(x))\nconst q=r\nq.push(3)\nvoid\nr.push(4)\nfunction run(){return r}',
  'chained and nested calls': 'const m=(x)=>({add:(y)=>m(x+y),get v(){return x}});function relu(x){return Math.max(0,x.v)}\nfunction run(){return relu(m(1).add(2).add(m(-9).v))}',
};

function evaluate(code: string, globals: Record<string, unknown> = {}): unknown {
  const context = vm.createContext({ ...globals });
  vm.runInContext(`${code}\n;globalThis.__result = JSON.stringify(run());`, context);
  return (context as { __result: unknown }).__result;
}

describe('transformSource on odd source shapes', () => {
  for (const [name, code] of Object.entries(SHAPES)) {
    it(`${name}: the instrumented code parses and gives the same result`, () => {
      const out = transformSource(code, `/x/${name}.js`, false);
      assert.ok(out, 'something was instrumented');
      // The probe's own names are defined at the end of the file; what they record is not checked here.
      assert.equal(evaluate(out.code), evaluate(code));
    });
  }
});

describe('transformSource with every call passed through the shape helper', () => {
  for (const [name, code] of Object.entries({ ...SHAPES, ...CALLS })) {
    it(`${name}: the instrumented code parses and gives the same result, with and without a recorder`, () => {
      const out = transformSource(code, `/x/${name}.js`, false, [], { shapes: 'all' });
      assert.ok(out, 'something was instrumented');
      assert.equal(evaluate(out.code), evaluate(code));
      // A recorder that sees every value hands each back as it came.
      const seen: unknown[] = [];
      const record = (): ((i: number, v: unknown) => unknown) => (i, v) => (seen.push(i), v);
      assert.equal(evaluate(out.code, { __trainspectShape: record }), evaluate(code));
      if (out.shapes.calls.length) assert.ok(seen.length > 0, 'the recorder saw the calls');
    });
  }

  it('names each site by its callee at the callee\'s column, and leaves the links of an optional chain alone', () => {
    const code = 'const y = tf.relu(x.matMul(w).add(b));\nconst z = a?.b().c(d(1)); new tf.layers.Dense({});\nrequire("fs"); __name(f, "f");';
    const out = transformSource(code, '/x/sites.js', false, [], { shapes: 'all', callables: false })!;
    assert.deepEqual(out.shapes.calls.sort((p, q) => p[0] - q[0] || p[1] - q[1]), [
      [1, 14, 'tf.relu'], [1, 21, 'x.matMul'], [1, 31, 'x.matMul(…).add'],
      [2, 18, 'a?.b(…).c'], [2, 20, 'd'], [2, 41, 'new tf.layers.Dense'],
    ]);
  });

  it('instruments plain JavaScript only with `all`: `compiled` is for code that comes with a source map', () => {
    assert.equal(transformSource('const y = f(x);', '/x/plain.js', false, [], { shapes: 'compiled', callables: false }), undefined);
    assert.ok(transformSource('const y = f(x);', '/x/plain.js', false, [], { shapes: 'all', callables: false }));
  });
});
