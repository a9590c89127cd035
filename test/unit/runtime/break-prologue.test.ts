// The break-mode checks in-process: every function gets one, where the debugger should stop, without
// moving a line, breaking a directive or an arrow's object body, or the sites the transform reports.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as acorn from 'acorn';
import { encode } from '@jridgewell/sourcemap-codec';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { BREAK_CHECK, withBreakPrologues } from '../../../src/runtime/break-prologue';
import { incomingMap, transformSource } from '../../../src/runtime/transform';

const CHECK = `if(globalThis.${BREAK_CHECK}?.())debugger;`;
const mapOf = (code: string): TraceMap => new TraceMap(incomingMap(code)!.map);

describe('withBreakPrologues', () => {
  it('puts the check before the first statement after the directives, in every kind of function', () => {
    const code = [
      'function a(x) {',
      "  'use strict';",
      '  return x;',
      '}',
      'const b = (y) => ({ y });',
      'const c = { m() {}, get g() { return 1; } };',
      'class D { constructor() { super.x; } }',
    ].join('\n');
    const out = withBreakPrologues(code, '/x/a.js', false);
    const lines = out.split('\n');
    assert.equal(lines[1], "  'use strict';");
    assert.equal(lines[2], `  ${CHECK}return x;`);
    assert.equal(lines[4], `const b = (y) => {${CHECK}return ({ y })};`);
    assert.equal(lines[5], `const c = { m() {${CHECK}}, get g() { ${CHECK}return 1; } };`);
    assert.equal(lines[6], `class D { constructor() { ${CHECK}super.x; } }`);
    assert.equal(lines.length, code.split('\n').length + 2, 'only the source map comment is added');
    acorn.parse(out, { ecmaVersion: 'latest', sourceType: 'script' }); // still valid JavaScript
    // The strict directive still applies: the check went after it, not before it.
    assert.equal(new Function(`${out}\nreturn a;`)()(1), 1);
  });

  it('maps each check onto the statement it precedes, and the rest of the code as before', () => {
    const code = 'function f(items) {\n  const n = items.length; return n;\n}\n';
    const out = withBreakPrologues(code, '/x/f.js', false);
    const map = mapOf(out);
    const line2 = out.split('\n')[1];
    const at = (text: string) => originalPositionFor(map, { line: 2, column: line2.indexOf(text) });
    assert.deepEqual([at('debugger').line, at('debugger').column], [2, 2]);
    assert.deepEqual([at('const').line, at('const').column], [2, 2]);
    assert.deepEqual([at('return n').line, at('return n').column], [2, 26]);
  });

  it('shifts a compiler map (tsx-like, one line of code) so the check lands on the TypeScript line', () => {
    // Generated: one line holds both statements; the map sends `a++` to line 2 and `return` to line 3.
    const generated = 'function f(a){a++;return a}';
    const map = { version: 3, sources: ['/x/f.ts'], names: [], mappings: encode([[[0, 0, 0, 0], [14, 0, 1, 2], [18, 0, 2, 2]]]), file: 'f.js' };
    const code = `${generated}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
    const out = withBreakPrologues(code, '/x/f.ts', false);
    assert.equal(out.split('\n')[0], `function f(a){${CHECK}a++;return a}`);
    const shifted = mapOf(out);
    const column = out.indexOf('debugger');
    assert.equal(originalPositionFor(shifted, { line: 1, column }).line, 2);
    assert.equal(originalPositionFor(shifted, { line: 1, column: out.indexOf('return') }).line, 3);
  });

  it('leaves code without functions, or that does not parse, as it is', () => {
    assert.equal(withBreakPrologues('console.log(1);\n', '/x/a.js', false), 'console.log(1);\n');
    assert.equal(withBreakPrologues('const x = ;', '/x/a.js', false), 'const x = ;');
  });

  it('keeps the sites the transform reports at their original positions', () => {
    for (const fixture of ['shapes.cjs', 'factories.cjs']) {
      const file = path.join(__dirname, '../../fixtures/runtime', fixture);
      const code = fs.readFileSync(file, 'utf8');
      const plain = transformSource(code, file, false)!;
      const checked = transformSource(withBreakPrologues(code, file, false), file, false)!;
      // `shifts` are where text went into the code given (here with the prologues): no site's position.
      const sitesOf = ({ shifts: _shifts, ...table }: typeof plain.table) => table;
      assert.deepEqual(sitesOf(checked.table), sitesOf(plain.table), fixture);
    }
  });
});
