// The bound on one event: whatever the previews hold, the line written is at most MAX_EVENT_BYTES,
// still a valid event, and still says what each value was.
import assert from 'node:assert/strict';
import type { CallEvent } from '../../../src/protocol/events';
import { DEFAULT_PREVIEW_LIMITS, type Preview } from '../../../src/protocol/preview';
import { decodeEvent } from '../../../src/protocol/trace-format';
import { encodeWithin, MAX_EVENT_BYTES } from '../../../src/runtime/event-size';
import { previewValue } from '../../../src/runtime/preview';

const UNBOUNDED = { ...DEFAULT_PREVIEW_LIMITS, maxItems: 1e7, maxNodes: 1e9, maxStringLength: 1e9, maxDepth: 50 };
const site = { file: '/x.js', line: 1, column: 1 };
const call = (args: Preview[], result?: Preview): CallEvent => ({
  type: 'call', seq: 1, callableId: 'f@/x.js:1:1', callable: 'f', site, callNumber: 1, args, ...(result ? { result } : {}),
  async: false, durationMs: 1, stack: [{ function: 'g'.repeat(2_000_000), file: '/x.js', line: 1, column: 1, user: true }], time: 1,
});
const fits = (line: string | undefined): string => {
  assert.ok(line !== undefined);
  assert.ok(Buffer.byteLength(line) <= MAX_EVENT_BYTES, `${Buffer.byteLength(line)} bytes`);
  return line;
};

describe('runtime: one event under its byte bound', function () {
  this.timeout(30_000);
  it('leaves an event that fits exactly as it is', () => {
    const event = call([previewValue([1, 2, 3], DEFAULT_PREVIEW_LIMITS)]);
    event.stack[0].function = 'g';
    assert.equal(encodeWithin(event), `${JSON.stringify(event)}\n`);
  });

  it('empties the largest previews first, keeping their kind, class and size', () => {
    const big = previewValue(Array.from({ length: 200_000 }, (_, i) => ({ i, name: `n${i}` })), UNBOUNDED);
    const small = previewValue('kept', UNBOUNDED);
    const event = call([big, small], previewValue(new Map([[1, 'x'.repeat(3_000_000)]]), UNBOUNDED));
    const decoded = decodeEvent(fits(encodeWithin(event)).trimEnd()) as CallEvent;
    assert.deepEqual(decoded.args[1], { kind: 'string', value: 'kept', length: 4 });
    const arr = decoded.args[0];
    assert.ok(arr.kind === 'array' && arr.length === 200_000 && arr.truncated && arr.className === 'Array');
    assert.ok(decoded.result?.kind === 'map' && decoded.result.size === 1);
    assert.ok(decoded.stack[0].function!.length <= 1000, 'a long function name in the stack is cut');
  });

  it('multi-byte text counts in bytes, not characters', () => {
    const event = call([previewValue('€'.repeat(600_000), UNBOUNDED)]);
    const decoded = decodeEvent(fits(encodeWithin(event)).trimEnd()) as CallEvent;
    const s = decoded.args[0];
    assert.ok(s.kind === 'string' && s.length === 600_000 && s.truncated && s.tail?.startsWith('€'));
  });

  it('keeps the first of very many arguments and says how many there were', () => {
    const args = Array.from({ length: 100_000 }, (_, i) => previewValue(`argument ${i}`, DEFAULT_PREVIEW_LIMITS));
    const decoded = decodeEvent(fits(encodeWithin(call(args))).trimEnd()) as CallEvent;
    assert.equal(decoded.argCount, 100_000);
    assert.ok(decoded.args.length > 1000 && decoded.args.length < 100_000);
    assert.deepEqual(decoded.args[0], { kind: 'string', value: 'argument 0', length: 10 });
  });
});
