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

function evaluate(code: string): unknown {
  const context = vm.createContext({});
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
