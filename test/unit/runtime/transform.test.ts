// The source transform in-process: line-preserving, directive/shebang-safe, sees through tsx's __name.
import assert from 'node:assert/strict';
import { transformSource } from '../../../src/runtime/transform';

describe('transformSource', () => {
  it('keeps every original line at its line number and reports sites at original positions', () => {
    const code = "#!/usr/bin/env node\n'use strict';\nfunction splitter(items) {\n  if (!items) throw new Error('none');\n  return items;\n}\nconst getLabel = (p) => p;\n";
    const out = transformSource(code, '/x/a.js', false)!;
    const lines = out.code.split('\n');
    assert.equal(lines[0], '#!/usr/bin/env node');
    assert.equal(lines[1], "'use strict';;__trainspect_i();");
    // The traced function records its own calls: a probe after its `{`, each return handed through.
    assert.match(lines[2], /^function splitter\(items\) \{const __trainspect_t=.*\?__trainspect_p\.n:__trainspect_p\.e\(0,items\)\/\*trainspect [0-9a-f]+ 0\*\/;$/);
    assert.equal(lines[3], "  if (!items) throw new Error('none');");
    // The returned value keeps its columns: the blank before it becomes the `(`.
    assert.equal(lines[4], '  return(items)instanceof __trainspect_t,__trainspect_t.v;');
    // Its end cannot be reached (it returns): nothing records falling off it, the `}` line stays.
    assert.equal(lines[5], '}');
    assert.match(lines[6], /^const getLabel = \(p\) =>\{const __trainspect_t=.*\.e\(1,p\)\/\*trainspect [0-9a-f]+ 1\*\/;return\( p\)instanceof __trainspect_t,__trainspect_t\.v\};$/);
    assert.deepEqual(out.table.sites.map((s) => [s.name, s.kind, s.line, s.column]), [['splitter', 'declaration', 3, 10], ['getLabel', 'variable', 7, 7]]);
    assert.deepEqual(out.table.probes, [0, 1]);
    assert.match(out.code, /\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,/);
  });

  it('sees through __name(fn, "x") and skips esbuild helpers and __export getters', () => {
    const code = 'var __name=(target,value)=>target;var __export=(t,all)=>{};__export(m,{splitter:()=>splitter});\nconst getLabel=__name(p=>p,"getLabel");\n';
    const out = transformSource(code, '/x/a.js', false)!;
    assert.deepEqual(out.table.sites.map((s) => s.name), ['getLabel']);
    assert.match(out.code, /__name\(p=>\{const __trainspect_t=/);
  });

  it('wraps a property made by a plain function call, and leaves data made by method calls alone', () => {
    const code = 'const p = { splitter: randomSplitter(0.2), train: list.slice(0, cut), xs: tf.stack(images), cfg: require("./c") };\n';
    const out = transformSource(code, '/x/a.js', false)!;
    assert.deepEqual(out.table.sites.map((s) => s.name), ['splitter']);
    assert.match(out.code, /splitter: __trainspect_w\(0,randomSplitter\(0\.2\)\), train: list\.slice\(0, cut\), xs: tf\.stack\(images\), cfg: require\("\.\/c"\)/);
    assert.equal(transformSource('const p = { train: list.slice(0, cut) };\n', '/x/a.js', false), undefined);
  });

  it('runs an async body in try/catch, and passes arguments whole to a function that reads them', () => {
    const out = transformSource('async function load(x) { return x; }\nfunction count() { return arguments.length; }\n', '/x/a.js', false)!;
    const lines = out.code.split('\n');
    assert.match(lines[0], /\.y\(0,x\)\/\*trainspect [0-9a-f]+ 0\*\/;try\{ return\(x\)instanceof __trainspect_t,__trainspect_t\.v;\}catch\(__trainspect_e\)\{__trainspect_t\.f\(__trainspect_e\);throw __trainspect_e\} \};__trainspect_i\(\);$/);
    assert.match(lines[1], /\.E\(1,arguments\)/);
  });

  it('leaves a callable no target names as it is, and wraps a generator where it is bound', () => {
    const code = 'function other(x) { return x; }\nfunction* gen() { yield 1; }\nconst make = () => (x) => x;\n';
    const out = transformSource(code, '/x/a.js', false, ['gen'])!;
    const lines = out.code.split('\n');
    assert.equal(lines[0], ';gen=__trainspect_w(1,gen);function other(x) { return x; };__trainspect_i();');
    assert.equal(lines[1], 'function* gen() { yield 1; }');
    // What a function returns may be a factory's product, traced where it is bound: it gets a probe,
    // which passes the closure itself, kept by the factory's call in a variable of its own.
    assert.match(lines[2], /^const make = \(\) =>\{var __trainspect_c0;return\( \(x\) =>\{const __trainspect_t=.*\.c\(0,__trainspect_c0,x\)/);
    assert.match(lines[2], /\)instanceof\(__trainspect_p\|\|__trainspect_i\(\)\)\.n,__trainspect_c0=__trainspect_p\.n\.v\};$/);
    assert.deepEqual(out.table.probes, [-1]);
  });

  it('keeps each closure a factory hands back, and leaves a factory\'s binding that no target names as it is', () => {
    const code = [
      'function randomSplitter(pct) {',
      '  return (items) => {',
      '    return items.slice(0, pct);',
      '  };',
      '}',
      'function named() {',
      '  return function (x) {',
      '    return x;',
      '  };',
      '}',
      'const cfg = { splitter: randomSplitter(0.2) };',
      'module.exports.other = named();',
      '',
    ].join('\n');
    const lines = transformSource(code, '/x/a.js', false, ['other'])!.code.split('\n');
    // An arrow takes `instanceof` in parentheses: the `(` takes the place of the blank after `return`.
    assert.match(lines[1], /^  return\(\(items\) => \{const __trainspect_t=.*\.c\(0,__trainspect_c0,items\)/);
    assert.equal(lines[3], '  })instanceof(__trainspect_p||__trainspect_i()).n,__trainspect_c0=__trainspect_p.n.v;');
    assert.equal(lines[4], ';var __trainspect_c0;};__trainspect_i();');
    // A function expression takes it as it is: nothing goes before it on its `return` line.
    assert.match(lines[6], /^  return function \(x\) \{const __trainspect_t=/);
    assert.equal(lines[8], '  }instanceof(__trainspect_p||__trainspect_i()).n,__trainspect_c1=__trainspect_p.n.v;');
    assert.equal(lines[10], 'const cfg = { splitter: randomSplitter(0.2) };');
    assert.equal(lines[11], 'module.exports.other = __trainspect_w(2,named());');
  });

  it('finds class members, getters and setters, one callable per name declared twice, and module.exports = function name', () => {
    const code = [
      'class Learner { fit(x) { return x; } static make() { return 1; } get size() { return 2; } set size(v) {} }',
      'const o = { get label() { return 1; } };',
      'function twice() { return 1; }',
      'function twice() { return 2; }',
      'module.exports = function splitter(items) { return items; };',
    ].join('\n');
    const out = transformSource(code, '/x/a.js', false)!;
    assert.deepEqual(out.table.sites.map((s) => `${s.name}:${s.kind}@${s.line}`), ['Learner.fit:method@1', 'Learner.make:method@1', 'Learner.size:method@1', 'Learner.size:method@1', 'label:property@2', 'twice:declaration@4', 'splitter:assignment@5']);
    assert.equal(transformSource(code, '/x/a.js', false, ['fit'])!.table.probes.length, 1); // Learner.fit only
  });

  it('registers the file after its first statement when code stands on its first line, so that no code there moves', () => {
    const out = transformSource("const fs = require('fs'); // files\nfunction splitter(x) { return x; }\n", '/x/a.js', false)!;
    assert.equal(out.code.split('\n')[0], "const fs = require('fs');;__trainspect_i(); // files");
    const commented = transformSource('// a comment\nfunction splitter(x) { return x; }\n', '/x/a.js', false)!;
    assert.equal(commented.code.split('\n')[0], ';__trainspect_i();// a comment');
  });

  it('registers the file on a blank or comment line between its leading declarations, leaving line 1 as it is', () => {
    const code = "const fs = require('fs');\nconst path = require('path');\n\nfunction splitter(x) { return x; }\n";
    const lines = transformSource(code, '/x/a.js', false)!.code.split('\n');
    assert.deepEqual(lines.slice(0, 3), ["const fs = require('fs');", "const path = require('path');", ';__trainspect_i();']);
    // A top-level call comes first: the file registers after it (its probes would register it first).
    const call = transformSource("main();\n\nfunction splitter(x) { return x; }\n", '/x/a.js', false)!;
    assert.equal(call.code.split('\n')[0], 'main();;__trainspect_i();');
    // The `});` line of a multi-line declaration holds nothing that can throw.
    const multi = transformSource('const cfg = o.f({\n  a: 1,\n});\nfunction splitter(x) { return x; }\n', '/x/a.js', false)!;
    assert.equal(multi.code.split('\n')[2], '});;__trainspect_i();');
  });

  it('puts a body\'s entry and end on lines where nothing can be thrown when it has them, and none after a last return', () => {
    const code = 'function splitter(x) {\n  // split\n  x.n = 1;\n\n}; go();\nfunction labeller(x) {\n  x.n = 1;\n}; go();\n';
    const lines = transformSource(code, '/x/a.js', false)!.code.split('\n');
    assert.match(lines[0], /function splitter\(x\) \{$/);
    assert.match(lines[1], /^const __trainspect_t=.*\/\*trainspect [0-9a-f]+ 0\*\/;  \/\/ split$/);
    assert.equal(lines[2], '  x.n = 1;');
    assert.equal(lines[3], ';__trainspect_t.r(void 0)');
    assert.equal(lines[4], '}; go();');
    // No free line before the `}` that code follows: right after the last statement, which moves nothing.
    assert.equal(lines[6], '  x.n = 1;;__trainspect_t.r(void 0)');
    assert.equal(lines[7], '}; go();');
    const free = transformSource('function splitter(x) {\n  if (x) return 1; else throw x;\n}\nfunction labeller(x) {\n  go(x);\n}\n', '/x/a.js', false)!.code.split('\n');
    assert.equal(free[2], '};__trainspect_i();'); // nothing of the body's; the file registers on this free line
    assert.equal(free[5], ';__trainspect_t.r(void 0)}');
  });

  it('hands a parenthesized return value through with its parentheses, so the lines inside stay as they are', () => {
    const code = 'function splitter(x) {\n  return (\n    x.a\n  );\n}\n';
    const lines = transformSource(code, '/x/a.js', false)!.code.split('\n');
    assert.deepEqual(lines.slice(1, 4), ['  return((', '    x.a', '  ))instanceof __trainspect_t,__trainspect_t.v;']);
  });

  it('returns undefined without callables and throws on a syntax error', () => {
    assert.equal(transformSource('console.log(1);\n', '/x/a.js', false), undefined);
    assert.throws(() => transformSource('const x = ;', '/x/a.js', false), SyntaxError);
  });
});
