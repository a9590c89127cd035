// A traced generator records its calls through a Proxy; the Proxy is not on the stack while the
// generator's body runs, so what the script sees of it is as under plain node.
import * as assert from 'node:assert/strict';
import { buildOnce, callsOf, plainNode, trace } from './helpers';

describe('runner: a traced generator', function () {
  this.timeout(60_000);
  before(() => buildOnce());

  it("records its calls, and its body's stacks, name, length, identity and `new` are byte for byte as plain node has them", async () => {
    const plain = plainNode('generators.js');
    const r = await trace('generators.js', { targets: ['batches'] });
    assert.equal(r.exit.code, 0, r.stderr.toString());
    assert.equal(r.stdout.toString(), plain.stdout.toString());
    assert.equal(r.stderr.toString(), plain.stderr.toString());
    assert.match(plain.stdout.toString(), /^ {4}at batches\.next \(<anonymous>\)$/m);
    assert.match(plain.stdout.toString(), /^\["batches",2,true,"function",true\]$/m);
    assert.deepEqual(callsOf(r.events, 'batches').map((c) => c.args.length), [2, 2]);
  });
});
