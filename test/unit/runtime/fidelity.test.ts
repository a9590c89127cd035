// The user's program exactly as under plain node, in real child processes: the stacks a script sees
// inside recorded calls, Node's print-out of an error thrown in one, deep recursion and a spread of
// 100,000 arguments through traced functions, process.execArgv and a fork()ed child — compared byte
// for byte with the same script run without Trainspect.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildRuntime, FIXTURES, ofType, runTraced } from './run-traced';

const TARGETS = ['splitter', 'depth', 'count', 'Learner.fit', 'size', 'twice', 'label'];

describe('the user\'s program as under plain node', function () {
  this.timeout(60_000);
  before(() => buildRuntime());

  for (const fixture of ['fidelity.cjs', 'fidelity.mjs', 'fidelity.ts']) {
    it(`${fixture}: stacks, the uncaught error, recursion, a 100,000-argument spread and execArgv byte for byte as plain node has them`, async () => {
      const plain = await runTraced(fixture, { runtime: false });
      const traced = await runTraced(fixture, { targets: TARGETS, maxCalls: 3 });
      assert.equal(traced.code, plain.code);
      assert.equal(traced.code, 1);
      // TypeScript too: tsx compiles a CommonJS .ts file itself, and no frame of ours is below its top level.
      assert.equal(traced.stdout, plain.stdout);
      // Node's print-out of the error thrown inside a recorded call: excerpt, caret, frames. In the
      // TypeScript fixture it is thrown on a line Trainspect rewrote (the source map gives it back).
      assert.equal(traced.stderr, plain.stderr);
      assert.doesNotMatch(traced.stdout + traced.stderr, /__trainspect|dist[\\/]runtime[\\/]/);
      // Node's flags as plain node (tsx's --import for TypeScript) has them, in the script and its fork.
      const flags = (out: string): string[] => out.split('\n').filter((l) => /^(?:child )?execArgv /.test(l));
      assert.deepEqual(flags(traced.stdout), flags(plain.stdout));
      assert.equal(flags(traced.stdout).length, 2);
      assert.doesNotMatch(flags(traced.stdout).join('\n'), /preload|esm-register|function$/);
      if (!fixture.endsWith('.ts')) assert.match(traced.stdout, /^child execArgv \[\] undefined$/m);
      assert.match(traced.stdout, /^5000$/m);
      assert.match(traced.stdout, /^100000$/m);

      const calls = ofType(traced.events, 'call');
      const of = (name: string): typeof calls => calls.filter((c) => c.callable === name).sort((a, b) => a.callNumber - b.callNumber);
      // A spread of 100,000 arguments: counted, and only the first few previewed.
      const [count] = of('count');
      assert.equal(count.argCount, 100_000);
      assert.equal(count.args.length, 10);
      assert.deepEqual(count.result, { kind: 'number', value: 100_000 });
      // Deep recursion: the first maxCalls calls, the outermost first, each with its own result.
      assert.deepEqual(of('depth').map((c) => [c.args[0], c.result]), [5000, 4999, 4998].map((n) => [{ kind: 'number', value: n }, { kind: 'number', value: n }]));
      // The caller's stack starts at the caller: the traced function itself is not in it.
      assert.equal(of('depth')[1].stack[0].function, 'depth');
      assert.equal(of('depth')[0].stack[0].file, path.join(FIXTURES, fixture));
      // A class method, a getter, and the splitter a factory in another file made.
      assert.deepEqual(of('Learner.fit').map((c) => c.args), [[{ kind: 'number', value: 1 }]]);
      assert.deepEqual(of('Learner.size').map((c) => c.result), [{ kind: 'number', value: 3 }]);
      const callables = ofType(traced.events, 'callable');
      const factorySite = callables.find((c) => c.name === 'splitter' && c.kind === 'property')!;
      const made = calls.filter((c) => c.callableId === factorySite.id).sort((a, b) => a.callNumber - b.callNumber);
      assert.equal(made.length, fixture.endsWith('.ts') ? 2 : 3);
      assert.deepEqual(made[1].error, { kind: 'unreadable', message: 'thrown, and caught by the script (the value is not captured)' });
      const fatal = fixture.endsWith('.ts') ? of('label')[0] : made[2];
      assert.ok(fatal.error?.kind === 'error' && fatal.error.className === 'TypeError', JSON.stringify(fatal.error));
      assert.ok(callables.some((c) => c.name === 'Learner.make' && c.kind === 'method' && !c.traced));
      if (fixture.endsWith('.cjs')) {
        // Declared twice: one callable (the second, which the engine keeps), each call recorded once.
        assert.deepEqual(callables.filter((c) => c.name === 'twice').map((c) => c.site.line), [35]);
        assert.deepEqual(of('twice').map((c) => c.result), [{ kind: 'string', value: 'second', length: 6 }]);
      }
    });
  }

  it('instruments directives, destructured arrow parameters, bare and multi-line returns, derived classes and async throws without changing what the script does', async () => {
    const plain = await runTraced('edges.cjs', { runtime: false });
    const traced = await runTraced('edges.cjs', { targets: [] });
    assert.equal(traced.code, 0, traced.stderr);
    assert.equal(traced.stdout, plain.stdout);
    assert.equal(traced.stderr, plain.stderr);
    const calls = ofType(traced.events, 'call');
    const of = (name: string): typeof calls => calls.filter((c) => c.callable === name).sort((a, b) => a.callNumber - b.callNumber);
    assert.deepEqual(of('bare').map((c) => c.result), [{ kind: 'undefined' }, { kind: 'number', value: 1 }]);
    assert.deepEqual(of('noReturn').map((c) => c.result), [{ kind: 'undefined' }]);
    // An arrow's destructured parameter is what it bound; its rest parameters are arguments too.
    const [pick] = of('pick');
    assert.ok(pick.args[0].kind === 'object' && pick.args[0].entries.map((e) => e.key).join() === 'xs,ys', JSON.stringify(pick.args[0]));
    assert.equal(pick.args.length, 4);
    const later = of('later');
    assert.deepEqual(later.map((c) => [c.async, c.result?.kind ?? c.error?.kind]), [[true, 'string'], [true, 'error']]);
    assert.deepEqual(ofType(traced.events, 'callable').filter((c) => c.kind === 'method').map((c) => c.name), ['Derived.twice', 'Derived.twice', 'Derived.of']);
    for (const name of ['emptyOne', 'emptyStrict', 'emptyArrow']) assert.deepEqual(of(name).map((c) => c.result), [{ kind: 'undefined' }], name);
    assert.deepEqual(of('emptyAsync').map((c) => [c.async, c.result?.kind]), [[true, 'undefined']]);
  });

  it('traces a method by its own name too, and module.exports = function splitter as splitter', async () => {
    const traced = await runTraced('members.cjs', { targets: ['fit', 'splitter'] });
    assert.equal(traced.code, 0, traced.stderr);
    const calls = ofType(traced.events, 'call');
    assert.deepEqual(calls.map((c) => `${c.callable}:${c.args.length}`).sort(), ['Learner.fit:1', 'Static.fit:0', 'splitter:1']);
    const plain = await runTraced('members.cjs', { runtime: false });
    assert.equal(traced.stdout, plain.stdout);
  });
});
