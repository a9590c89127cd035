// Previews in a real traced child process: no user code runs while they are built, TF.js tensors are
// known by TF.js's own classes and never read through TF.js, and every event stays within its bound.
import assert from 'node:assert/strict';
import type { CallEvent } from '../../../src/protocol/events';
import type { Preview } from '../../../src/protocol/preview';
import { describePreview } from '../../../src/protocol/preview';
import { MAX_EVENT_BYTES } from '../../../src/runtime/event-size';
import { buildRuntime, ofType, runTraced } from './run-traced';

const args0 = (calls: CallEvent[]): Preview[] => calls.map((c) => c.args[0]);
const entry = (p: Preview, key: string): Preview => {
  assert.ok(p.kind === 'object', JSON.stringify(p));
  const found = p.entries.find((e) => e.key === key);
  assert.ok(found, `no entry ${key} in ${JSON.stringify(p)}`);
  return found.value;
};

describe('previews in a traced child process', function () {
  this.timeout(120_000);
  before(() => buildRuntime());

  it('run no getter, trap or method of the values, and leave an error\'s stack to a later prepareStackTrace', async () => {
    const plain = await runTraced('no-user-code.cjs', { runtime: false });
    const traced = await runTraced('no-user-code.cjs', { targets: ['inspect'], maxCalls: 100 });
    assert.equal(traced.code, 0, traced.stderr);
    assert.equal(traced.stdout, plain.stdout);
    assert.equal(traced.stdout, 'custom stack of formatted later (true)\nran: nothing\n');
    const [instance, methods, accessorArray, error, lazy, proxy, proxyFn, onProxy, inArray, sparse, empty, far, symbols, onlySymbols, text, longPath] =
      args0(ofType(traced.events, 'call'));

    assert.deepEqual(entry(instance, 'own'), { kind: 'getter', hasSetter: false });
    assert.equal(describePreview(instance), 'a Pet object with 2 keys');
    assert.ok(methods.kind === 'object' && methods.keyCount === 3 && methods.symbolKeyCount === 2);
    assert.deepEqual(methods.entries.map((e) => [e.key, e.value.kind]), [
      ['toString', 'function'], ['valueOf', 'function'], ['toJSON', 'function'],
      ['Symbol(Symbol.toPrimitive)', 'function'], ['Symbol(nodejs.util.inspect.custom)', 'function'],
    ]);
    assert.ok(accessorArray.kind === 'array');
    assert.deepEqual(accessorArray.items, [{ kind: 'number', value: 1 }, { kind: 'getter', hasSetter: false }, { kind: 'number', value: 3 }]);
    assert.equal(describePreview(accessorArray), 'an Array of 3 items: number, getter');
    assert.deepEqual(error, { kind: 'error', className: 'TrickyError', message: '' });
    assert.deepEqual(lazy, { kind: 'error', className: 'RangeError', message: 'formatted later' });

    for (const p of [proxy, proxyFn]) assert.deepEqual(p, { kind: 'proxy' });
    assert.ok(onProxy.kind === 'object' && onProxy.className === 'Object' && onProxy.keyCount === 0);
    assert.ok(inArray.kind === 'array' && inArray.items.every((i) => i.kind === 'proxy') && inArray.elements.types[0] === 'Proxy');

    assert.ok(sparse.kind === 'array' && sparse.holes === 2);
    assert.deepEqual(sparse.items, [{ kind: 'number', value: 1 }, { kind: 'hole', count: 2 }, { kind: 'number', value: 4 }]);
    assert.equal(describePreview(sparse), 'a sparse Array of length 4: 2 numbers and 2 empty slots');
    assert.equal(describePreview(empty), 'a sparse Array of length 5: 5 empty slots');
    assert.ok(far.kind === 'array' && far.length === 1_000_001 && far.truncated);
    assert.equal(describePreview(far), 'a sparse Array of length 1,000,001: 1,000 empty slots (in the first 1,000 slots)');
    assert.equal(describePreview(symbols), 'an Object with 1 key and 1 symbol key');
    assert.ok(symbols.kind === 'object');
    assert.deepEqual(symbols.entries, [{ key: 'plain', value: { kind: 'number', value: 1 } }, { key: 'Symbol(id)', symbol: true, value: { kind: 'number', value: 7 } }]);
    assert.equal(describePreview(onlySymbols), 'an Object with 0 keys and 2 symbol keys');

    // Control characters and markup are kept as the text they are.
    const written = 'bell\u0007 esc\u001b[31m red <script>alert(1)</script> & "quotes"\n';
    assert.deepEqual(text, { kind: 'string', value: written, length: written.length });
    // A long path is cut in the middle: the file name at its end is kept.
    assert.ok(longPath.kind === 'string' && longPath.truncated && longPath.tail !== undefined, JSON.stringify(longPath));
    assert.ok(longPath.value.startsWith('/home/me/project/deep/'));
    assert.ok(longPath.tail.endsWith('/Abyssinian_1.png'));
    assert.equal(longPath.value.length + longPath.tail.length, 200);
    assert.equal(longPath.length, 17 + 500 + 16);
  });

  it('leave the stack of an uncaught error the script handles to the script\'s own prepareStackTrace', async () => {
    const plain = await runTraced('handled-uncaught.cjs', { runtime: false });
    const traced = await runTraced('handled-uncaught.cjs', { targets: [] });
    assert.equal(plain.stdout, 'handled: late\n');
    assert.equal(traced.stdout, plain.stdout);
    assert.equal(traced.code, plain.code);
    const [uncaught] = ofType(traced.events, 'uncaught');
    assert.deepEqual(uncaught.error, { kind: 'error', className: 'Error', message: 'late' });
  });

  it('know real TF.js tensors by TF.js\'s own class and engine, read cpu values in place, and never call TF.js to read them', async () => {
    const plain = await runTraced('tensors.cjs', { runtime: false });
    const traced = await runTraced('tensors.cjs', { targets: ['inspect'], maxCalls: 100 });
    assert.equal(traced.code, 0, traced.stderr);
    assert.equal(traced.stdout, plain.stdout);
    assert.equal(traced.stdout, 'reads: none\n');
    const [matrix, variable, words, big, reshaped, disposed, duck, dressed, complex, onWasm] = args0(ofType(traced.events, 'call'));
    assert.deepEqual(complex, { kind: 'tensor', className: 'Tensor', shape: [2], dtype: 'complex64', size: 2, backend: 'cpu' });

    assert.ok(matrix.kind === 'tensor', JSON.stringify(matrix));
    assert.deepEqual([matrix.className, matrix.shape, matrix.dtype, matrix.size, matrix.backend, matrix.values], ['Tensor', [2, 2], 'float32', 4, 'cpu', [1, 2, 3, 'NaN']]);
    assert.ok(matrix.stats && Math.abs((matrix.stats.std as number) - Math.sqrt(2 / 3)) < 1e-12, JSON.stringify(matrix.stats));
    assert.deepEqual({ ...matrix.stats, std: 0 }, { min: 1, max: 3, mean: 2, std: 0, nanCount: 1, infCount: 0, zeroCount: 0 });
    assert.ok(variable.kind === 'tensor' && variable.className === 'Variable');
    assert.deepEqual(variable.values, [0.5, -1.5, 2.5]);
    assert.ok(words.kind === 'tensor' && words.dtype === 'string' && words.stats === undefined);
    assert.deepEqual(words.values?.slice(0, 2), ['cat', 'dog']);
    assert.equal(String(words.values?.[2]).length, 200, 'a long string element is cut to the string limit');
    assert.ok(big.kind === 'tensor' && big.size === 1_001_000 && big.truncated && big.stats === undefined);
    assert.deepEqual(big.values, [0, 0, 0, 0, 0, 0, 0, 0]);
    assert.ok(reshaped.kind === 'tensor');
    assert.deepEqual([reshaped.shape, reshaped.values], [[2, 3], [1, 2, 3, 4, 5, 6]]);
    assert.deepEqual(disposed, { kind: 'tensor', className: 'Tensor', shape: [2], dtype: 'float32', size: 2, disposed: true });
    // Looking like a tensor is not enough; being built on Tensor.prototype without the engine's record
    // is a tensor whose data nobody holds.
    assert.equal(duck.kind, 'object');
    assert.deepEqual(dressed, { kind: 'tensor', className: 'Tensor', shape: [3], dtype: 'float32', size: 3 });
    assert.deepEqual(onWasm, { kind: 'tensor', className: 'Tensor', shape: [3], dtype: 'float32', size: 3, backend: 'wasm' });
    assert.equal(describePreview(onWasm), 'a Tensor float32 [3] on wasm (values not read)');
  });

  it('record a call with a 100 MB string, a million keys, a million-character key and 50,000 arguments, each event under 1 MiB', async () => {
    const huge = { maxStringLength: 1e9, maxItems: 1e7, maxNodes: 1e9, maxTypeSample: 1e7 };
    for (const previewLimits of [undefined, huge]) {
      const traced = await runTraced('huge-values.cjs', { targets: ['take'], maxCalls: 10, extraConfig: previewLimits ? { previewLimits } : {} });
      assert.equal(traced.code, 0, traced.stderr);
      assert.equal(traced.stdout, '1 1 1 50000\n');
      for (const line of traced.lines) assert.ok(Buffer.byteLength(line) + 1 <= MAX_EVENT_BYTES, `an event of ${Buffer.byteLength(line)} bytes`);
      const calls = ofType(traced.events, 'call');
      assert.equal(calls.length, 4, 'every call is recorded');
      const [str, wide, longKey, many] = calls;
      assert.ok(str.args[0].kind === 'string' && str.args[0].length === 100_000_000);
      assert.ok(str.args[0].value.startsWith('x') && str.args[0].tail?.endsWith('y'));
      assert.ok(wide.args[0].kind === 'object' && wide.args[0].keyCount === 1_000_000);
      assert.equal(describePreview(wide.args[0]), 'an Object with 1,000,000 keys');
      assert.ok(longKey.args[0].kind === 'object' && longKey.args[0].keyCount === 1);
      assert.equal(many.argCount ?? many.args.length, 50_000);
      assert.ok(many.args.length > 0 && many.args[0].kind === 'string', JSON.stringify(many.args[0]));
      if (!previewLimits) assert.ok(longKey.args[0].entries[0].key.length <= 200);
    }
  });

  it('stop recording calls at the trace budget with one trace-full notice, the script running on', async () => {
    const maxTraceBytes = 256 * 1024;
    const plain = await runTraced('budget.cjs', { runtime: false });
    const traced = await runTraced('budget.cjs', { targets: ['record'], maxCalls: 1000, extraConfig: { maxTraceBytes } });
    assert.equal(traced.code, 0, traced.stderr);
    assert.equal(traced.stdout, plain.stdout);
    const bytes = traced.lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    assert.ok(bytes <= maxTraceBytes, `${bytes} bytes of events`);
    const calls = ofType(traced.events, 'call');
    assert.ok(calls.length > 10 && calls.length < 400, `${calls.length} calls recorded`);
    assert.deepEqual(calls.map((c) => c.callNumber), calls.map((_, i) => i + 1), 'the first calls, none skipped');
    const notices = ofType(traced.events, 'notice').filter((n) => n.code === 'trace-full');
    assert.equal(notices.length, 1);
    assert.match(notices[0].message, /size limit \(0\.25 MiB\).*--max-trace-bytes.*trainspect\.trace\.maxBytes/);
    assert.ok(traced.events.indexOf(notices[0]) > traced.events.indexOf(calls.at(-1)!));
    // With the default budget, all 400 fit.
    const roomy = await runTraced('budget.cjs', { targets: ['record'], maxCalls: 1000 });
    assert.equal(ofType(roomy.events, 'call').length, 400);
    assert.equal(ofType(roomy.events, 'notice').length, 0);
  });
});
