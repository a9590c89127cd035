// The source transform in-process: line-preserving, directive/shebang-safe, sees through tsx's __name.
import assert from 'node:assert/strict';
import { transformSource } from '../../../src/runtime/transform';

describe('transformSource', () => {
  it('keeps every original line at its line number and reports sites at original positions', () => {
    const code = "#!/usr/bin/env node\n'use strict';\nfunction splitter(items) {\n  return items;\n}\nconst getLabel = (p) => p;\n";
    const out = transformSource(code, '/x/a.js', false)!;
    const lines = out.code.split('\n');
    assert.equal(lines[0], '#!/usr/bin/env node');
    assert.match(lines[1], /^'use strict';;__trainspect_w\(-1\);;splitter=__trainspect_w\(0,splitter\);$/);
    assert.equal(lines[3], '  return items;');
    assert.equal(lines[5], 'const getLabel = __trainspect_w(1,(p) => p);');
    assert.deepEqual(out.table.sites.map((s) => [s.name, s.kind, s.line, s.column, s.inferName ?? false]), [['splitter', 'declaration', 3, 10, false], ['getLabel', 'variable', 6, 7, true]]);
    assert.match(out.code, /\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,/);
  });

  it('sees through __name(fn, "x") and skips esbuild helpers and __export getters', () => {
    const code = 'var __name=(target,value)=>target;var __export=(t,all)=>{};__export(m,{splitter:()=>splitter});\nconst getLabel=__name(p=>p,"getLabel");\n';
    const out = transformSource(code, '/x/a.js', false)!;
    assert.deepEqual(out.table.sites.map((s) => s.name), ['getLabel']);
    assert.match(out.code, /__name\(__trainspect_w\(0,p=>p\),"getLabel"\)/);
  });

  it('wraps a property made by a plain function call, and leaves data made by method calls alone', () => {
    const code = 'const p = { splitter: randomSplitter(0.2), train: list.slice(0, cut), xs: tf.stack(images), cfg: require("./c") };\n';
    const out = transformSource(code, '/x/a.js', false)!;
    assert.deepEqual(out.table.sites.map((s) => s.name), ['splitter']);
    assert.match(out.code, /splitter: __trainspect_w\(0,randomSplitter\(0\.2\)\), train: list\.slice\(0, cut\), xs: tf\.stack\(images\), cfg: require\("\.\/c"\)/);
    assert.equal(transformSource('const p = { train: list.slice(0, cut) };\n', '/x/a.js', false), undefined);
  });

  it('returns undefined without callables and throws on a syntax error', () => {
    assert.equal(transformSource('console.log(1);\n', '/x/a.js', false), undefined);
    assert.throws(() => transformSource('const x = ;', '/x/a.js', false), SyntaxError);
  });
});
