// The trace's bounds as a user meets them: through the real host (its 16 MiB line reader and the trace
// file) and the CLI's --max-trace-bytes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTrace } from '../../src/protocol/trace-format';
import { EXIT_CODES } from '../../src/cli/format';
import { MAX_EVENT_BYTES } from '../../src/runtime/event-size';
import { buildOnce, callsOf, CLI, noticesOf, trace } from './helpers';

const RUNTIME_FIXTURES = path.resolve(__dirname, '../fixtures/runtime');
const HOST_EVENTS = new Set(['output', 'exit']);

describe('trace size: every event bounded, the whole trace bounded', function () {
  this.timeout(120_000);
  let tmp: string;
  before(() => {
    buildOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainspect-size-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('records a call with a 100 MB string and 50,000 arguments through the host, each line of the file under 1 MiB', async () => {
    const traceFile = path.join(tmp, 'huge.jsonl');
    const r = await trace(path.join(RUNTIME_FIXTURES, 'huge-values.cjs'), { targets: ['take'], maxCalls: 10, traceFile, previewLimits: { maxStringLength: 1e9, maxItems: 1e7 } });
    assert.equal(r.exit.code, 0);
    assert.equal(r.stdout.toString(), '1 1 1 50000\n');
    assert.deepEqual(noticesOf(r.events).map((n) => n.code), []);
    assert.equal(callsOf(r.events, 'take').length, 4);
    const lines = fs.readFileSync(traceFile, 'utf8').split('\n').filter(Boolean);
    for (const line of lines) assert.ok(Buffer.byteLength(line) + 1 <= MAX_EVENT_BYTES, `a line of ${Buffer.byteLength(line)} bytes`);
    assert.equal(parseTrace(lines.join('\n')).length, r.events.length);
  });

  it('trainspect run --max-trace-bytes bounds the trace, says when calls stop being recorded, and lets the script finish', () => {
    const out = path.join(tmp, 'budget.jsonl');
    const r = spawnSync(process.execPath, [CLI, 'run', path.join(RUNTIME_FIXTURES, 'budget.cjs'), '--trace', 'record', '-n', '1000', '--max-trace-bytes', '256KiB', '--out', out], { env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(r.stdout.toString(), 'total 4000\n');
    assert.match(r.stderr.toString(), /trace reached its size limit \(0\.25 MiB\)/);
    const lines = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const events = parseTrace(lines.join('\n'));
    const runtimeBytes = lines.filter((_, i) => !HOST_EVENTS.has(events[i].type) && !(events[i].type === 'notice' && events[i].code !== 'trace-full'))
      .reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    assert.ok(runtimeBytes <= 256 * 1024, `${runtimeBytes} bytes`);
    const calls = events.filter((e) => e.type === 'call');
    assert.ok(calls.length > 10 && calls.length < 400);
    assert.equal(events.filter((e) => e.type === 'notice' && e.code === 'trace-full').length, 1);
    assert.equal(events.at(-1)?.type, 'exit');
  });

  it('stops per-batch training events at the budget with their own notice, while every epoch and the end of the run are kept', () => {
    const out = path.join(tmp, 'batches.jsonl');
    const script = path.resolve(__dirname, '../fixtures/training/many-batches.cjs');
    const r = spawnSync(process.execPath, [CLI, 'run', script, '--max-trace-bytes', '256KiB', '--out', out], { env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 0, r.stderr.toString());
    assert.equal(r.stdout.toString(), 'batches 1600 epochs 4\n');
    const events = parseTrace(fs.readFileSync(out, 'utf8'));
    const batches = events.filter((e) => e.type === 'batch');
    assert.ok(batches.length > 100 && batches.length < 1600, `${batches.length} batch events`);
    assert.deepEqual(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch), [0, 1, 2, 3]);
    // Calls have their own notice (the batches filled past the calls' share): one of each, at most.
    const full = noticesOf(events).filter((n) => n.code === 'trace-full' && n.message.includes('per-batch'));
    assert.equal(full.length, 1);
    assert.ok(noticesOf(events).filter((n) => n.code === 'trace-full').length <= 2);
    // The first per-batch event left out is the one after the last written: the same batch's memory, or the next batch.
    const perBatch = events.filter((e) => e.type === 'batch' || e.type === 'memory') as { type: string; epoch: number; batch: number }[];
    const lastWritten = perBatch[perBatch.length - 1];
    const firstLeftOut = lastWritten.type === 'batch' ? lastWritten : lastWritten.batch === 399 ? { epoch: lastWritten.epoch + 1, batch: 0 } : { epoch: lastWritten.epoch, batch: lastWritten.batch + 1 };
    assert.match(full[0].message, new RegExp(`size limit \\(0\\.25 MiB\\), so per-batch events from epoch ${firstLeftOut.epoch + 1}, batch ${firstLeftOut.batch + 1} on are not recorded \\(epochs still are\\)`));
    assert.equal(events[events.length - 1].type, 'exit');
    const runtimeBytes = fs.readFileSync(out, 'utf8').split('\n').filter((line, i) => line && !HOST_EVENTS.has(events[i]?.type)).reduce((n, line) => n + Buffer.byteLength(line) + 1, 0);
    assert.ok(runtimeBytes <= 256 * 1024, `${runtimeBytes} bytes`);
  });

  it('refuses a --max-trace-bytes below 256 KiB or not a size, as a usage error', () => {
    for (const bad of ['1000', 'lots', '-5']) {
      const r = spawnSync(process.execPath, [CLI, 'run', path.join(RUNTIME_FIXTURES, 'budget.cjs'), '--max-trace-bytes', bad], { env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(r.status, EXIT_CODES.usage, `${bad}: ${r.stderr}`);
      assert.match(r.stderr.toString(), /at least 256KiB/);
    }
  });
});
