// Closures that one factory makes share their code, and so the probe written into it: each must still be
// recorded under the traced name that bound that closure, and the script must see what plain node shows
// (the same function, no Trainspect frame on the stack inside it).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CallEvent } from '../../src/protocol/events';
import { buildOnce, callsOf, plainNode, trace, type TracedRun } from './helpers';

const FACTORY = [
  'function randomSplitter(pct) {',
  '  return (items) => {',
  '    stacks.push(new Error().stack.split("\\n").slice(1, 4).join(" | "));',
  '    const cut = Math.round(items.length * (1 - pct));',
  '    return [items.slice(0, cut), items.slice(cut)];',
  '  };',
  '}',
  'const items = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];',
  // The stack inside each call, printed at the end: as plain node has it, no frame of Trainspect's.
  'const stacks = [];',
  "process.on('exit', () => console.log(stacks.join('\\n')));",
  '',
].join('\n');

/** Per recorded call of `name`, in order: its callNumber and how many items went to validation (which closure ran). */
const validSizes = (r: TracedRun, name: string): string[] =>
  callsOf(r.events, name).map((c: CallEvent) => {
    const result = c.result as { kind: string; items?: { length?: number }[] };
    return `${c.callNumber}:${result.items?.[1]?.length}`;
  });

describe('runner: the closures a factory makes, each under the name that bound it', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    buildOnce();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-factory-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, code: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, code);
    return file;
  };
  /** Traces the script and checks that its output is plain node's, byte for byte. */
  const traceAsPlain = async (script: string, targets: string[]): Promise<TracedRun> => {
    const plain = plainNode(script);
    const r = await trace(script, { cwd: dir, targets, maxCalls: 10 });
    assert.equal(r.exit.code, 0, r.stderr.toString());
    assert.equal(r.stdout.toString(), plain.stdout.toString());
    assert.equal(r.stderr.toString(), plain.stderr.toString());
    return r;
  };

  const REPRODUCTION =
    FACTORY +
    [
      'const shared = randomSplitter(0.2);',
      'const a = { splitter: shared };',
      'const c = { splitter2: randomSplitter(0.3) };',
      'a.splitter(items);',
      'a.splitter(items);',
      'c.splitter2(items);',
      'console.log(a.splitter === shared, shared.name, shared.length);',
      '',
    ].join('\n');

  for (const targets of [['shared', 'splitter2'], ['splitter2'], []]) {
    it(`a closure bound before another of its factory's: ${targets.length ? `--trace ${targets.join(' --trace ')}` : 'everything traced'}`, async () => {
      const r = await traceAsPlain(write('reproduction.js', REPRODUCTION), targets);
      assert.deepEqual(validSizes(r, 'shared'), targets.includes('shared') || !targets.length ? ['1:2', '2:2'] : []);
      assert.deepEqual(validSizes(r, 'splitter2'), ['1:3']);
      assert.equal(callsOf(r.events).filter((c) => c.callable !== 'randomSplitter').length, targets.includes('shared') || !targets.length ? 3 : 1);
    });
  }

  it('two closures of one factory called interleaved, sync and async, with arguments whole', async () => {
    const script = write(
      'interleaved.js',
      FACTORY +
        [
          'function makeLoader(n) {',
          '  return async function () {',
          '    return arguments.length + n;',
          '  };',
          '}',
          'const train = randomSplitter(0.2);',
          'const tune = randomSplitter(0.5);',
          'const loadA = makeLoader(10);',
          'const loadB = makeLoader(20);',
          'train(items); tune(items); tune(items); train(items); tune(items);',
          '(async () => console.log(await loadB(1), await loadA(1, 2), await loadB()))();',
          '',
        ].join('\n'),
    );
    const r = await traceAsPlain(script, ['train', 'tune', 'loadA', 'loadB']);
    assert.deepEqual(validSizes(r, 'train'), ['1:2', '2:2']);
    assert.deepEqual(validSizes(r, 'tune'), ['1:5', '2:5', '3:5']);
    const results = (name: string): unknown[] => callsOf(r.events, name).map((c) => [c.args.length, c.result]);
    assert.deepEqual(results('loadA'), [[2, { kind: 'number', value: 12 }]]);
    assert.deepEqual(results('loadB'), [[1, { kind: 'number', value: 21 }], [0, { kind: 'number', value: 20 }]]);
  });

  it('a closure passed around under other names stays under the one that bound it, the same function', async () => {
    const script = write(
      'passed.js',
      FACTORY +
        [
          'const pick = (f) => f;',
          'function fit(splitFn) {',
          '  return splitFn(items);',
          '}',
          'const splitter = randomSplitter(0.2);',
          'const alias = splitter;',
          'const again = pick(splitter);', // a factory's binding too: the closure keeps its first name
          'const other = randomSplitter(0.5);',
          'fit(alias);',
          'again(items);',
          'other(items);',
          'const inside = randomSplitter(0.3);',
          'console.log(again === splitter, [inside].map((f) => f(items)[1].length)[0]);',
          '',
        ].join('\n'),
    );
    const r = await traceAsPlain(script, ['splitter', 'again', 'other']);
    assert.deepEqual(validSizes(r, 'splitter'), ['1:2', '2:2']);
    assert.deepEqual(validSizes(r, 'again'), []);
    assert.deepEqual(validSizes(r, 'other'), ['1:5']);
    // A closure no traced name bound is not recorded, though its code records for others.
    assert.equal(callsOf(r.events).length, 3);
  });

  it('curried arrows, (a) => (b) => (x) => …, each closure of each level under its own name', async () => {
    const script = write(
      'curried.js',
      [
        // Columns left out: the arrows' expression bodies are rewritten on their line (README's known exceptions).
        'const scaled = (a) => (b) => (x) => [a * b * x, new Error().stack.split("\\n").slice(1, 3).join(" | ").replace(/:(\\d+):\\d+/g, ":$1")];',
        'const byTwo = scaled(2);',
        'const double = byTwo(1);',
        'const six = { times: byTwo(3) };',
        'console.log(double(5), six.times(5), double(1), scaled(1)(1)(1));',
        '',
      ].join('\n'),
    );
    for (const targets of [['double', 'times'], []]) {
      const r = await traceAsPlain(script, targets);
      const results = (name: string): unknown[] => callsOf(r.events, name).map((c) => (c.result as { items: { value: number }[] }).items[0].value);
      assert.deepEqual(results('double'), [10, 2]);
      assert.deepEqual(results('times'), [30]);
      assert.equal(callsOf(r.events, 'byTwo').length, targets.length ? 0 : 2);
    }
  });

  it('module.exports.splitter = randomSplitter(0.2), the factory in another file', async () => {
    write('split-lib.js', FACTORY + 'module.exports = { randomSplitter, items };\n');
    const script = write(
      'exports-main.js',
      [
        "const { randomSplitter, items } = require('./split-lib');",
        'module.exports.splitter = randomSplitter(0.2);',
        'module.exports.tuner = randomSplitter(0.5);',
        'module.exports.tuner(items);',
        'console.log(module.exports.splitter(items)[1].length);',
        '',
      ].join('\n'),
    );
    const r = await traceAsPlain(script, ['splitter', 'tuner']);
    assert.deepEqual(validSizes(r, 'splitter'), ['1:2']);
    assert.deepEqual(validSizes(r, 'tuner'), ['1:5']);
  });
});
