// Node's print-out of an uncaught error (the excerpt of the line, its caret, the stack) under Trainspect,
// byte for byte against plain node, for a throw on each kind of line the instrumentation touches, in
// CommonJS and in an ES module. Where the traced callable's own code shares the line with the throw, the
// line is rewritten (README's known exceptions); these cases trace another callable of the file instead.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildOnce, callsOf, plainNode, trace } from './helpers';

interface Case {
  name: string;
  code: string;
  /** The callable traced; it is called before the throw unless `called` is false. */
  target: string;
  called?: false;
}

/** The traced callable is on the line of the throw or next to it, where Trainspect leaves the line as it is. */
const TRACED_ON_THE_LINE: Case[] = [
  { name: 'on the first body line of a multi-line function', target: 'split', code: 'function split(x) {\n  const n = x.missing.y;\n  return n;\n}\nsplit({});\n' },
  { name: 'inside a parenthesized multi-line return', target: 'split', code: 'function split(x) {\n  return (\n    x.missing.y\n  );\n}\nsplit({});\n' },
  { name: 'on the closing-brace line of a function that returns', target: 'split', code: 'const split = function (x) {\n  return x;\n}; split(1).missing.y;\n' },
  { name: 'on the closing-brace line of a function that falls off its end', target: 'split', code: 'const split = function (x) {\n  x.n = 1;\n}; split({}).missing.y;\n' },
  { name: 'on the closing-brace line of an async function', target: 'split', code: 'const split = async function (x) {\n  await x;\n}; split(1); null.y;\n' },
  { name: 'on the head line of a callback whose body starts with a comment', target: 'ds.map', code: 'const ds = { map: (f) => f(1) };\nds.map((x) => {\n  // one\n  return x;\n}); null.y;\n' },
  { name: 'on the line after a factory\'s binding', target: 'splitter', called: false, code: 'function randomSplitter(p) {\n  return (xs) => xs;\n}\nconst cfg = {\n  splitter: randomSplitter(0.2),\n  bad: null.x,\n};\n' },
  { name: 'in the parameters of a function expression a factory returns', target: 'splitter', called: false, code: 'function randomSplitter(p) {\n  return function ({ items }) {\n    // the part to keep\n    return items.slice(p);\n  };\n}\nconst splitter = randomSplitter(1);\nsplitter(null);\n' },
  { name: 'on file line 1', target: 'split', called: false, code: 'const a = [1].map((v) => v.missing.y);\n\nfunction split(x) {\n  return x;\n}\nsplit(a);\n' },
];

/** A throw on a line Trainspect rewrites when its callable is traced, with another callable traced. */
const OTHER_TRACED: Case[] = [
  { name: 'on the body line of a one-line function', target: 'other', code: 'function split(x) { const n = x.missing.y; return n; }\nfunction other(x) {\n  return x;\n}\nsplit(other({}));\n' },
  { name: 'on a return line', target: 'other', code: 'const other = (x) => x;\nfunction split(x) {\n  return x.missing.y;\n}\nsplit(other({}));\n' },
  { name: 'on a factory\'s binding', target: 'other', code: 'function randomSplitter(p) {\n  return (xs) => xs;\n}\nfunction other(x) {\n  return x;\n}\nconst cfg = { splitter: randomSplitter(other(0.2)), bad: null.x };\n' },
  { name: 'in an arrow\'s expression body', target: 'other', code: 'function other(x) {\n  return x;\n}\nconst split = (x) => x.missing.y;\nsplit(other({}));\n' },
];

describe('runner: Node\'s print-out of an uncaught error, as plain node has it', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    buildOnce();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-excerpt-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const check = async (c: Case, ext: string): Promise<void> => {
    const script = path.join(dir, `${c.name.replace(/\W+/g, '-')}.${ext}`);
    fs.writeFileSync(script, c.code);
    const plain = plainNode(script);
    const r = await trace(script, { cwd: dir, targets: [c.target] });
    if (c.called !== false) assert.ok(callsOf(r.events, c.target).length > 0, `${c.target} was recorded`);
    assert.equal(r.exit.code, plain.status);
    assert.equal(r.stderr.toString(), plain.stderr.toString());
  };

  for (const ext of ['js', 'mjs']) {
    for (const c of TRACED_ON_THE_LINE) it(`${ext}: a throw ${c.name}, with the callable there traced`, () => check(c, ext));
    for (const c of OTHER_TRACED) it(`${ext}: a throw ${c.name}, that callable not traced`, () => check(c, ext));
  }
});
