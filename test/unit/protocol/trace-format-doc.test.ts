import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTrace } from '../../../src/protocol/trace-format';

describe('docs/trace-format.md', () => {
  it('holds an example that the trace reader accepts, one event of each documented kind', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/trace-format.md'), 'utf8');
    const example = /## Example[\s\S]*?```json\n([\s\S]*?)```/.exec(doc);
    assert.ok(example, 'no ```json example under "## Example"');
    const events = parseTrace(example[1]);
    assert.deepEqual(events.map((e) => e.type), ['run', 'callable', 'call', 'phase', 'split-labels', 'limit', 'notice', 'exit']);
  });

  it('holds a training example that the trace reader accepts, one event of each training kind', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/trace-format.md'), 'utf8');
    const example = /## Example of training[\s\S]*?```json\n([\s\S]*?)```/.exec(doc);
    assert.ok(example, 'no ```json example under "## Example of training"');
    const events = parseTrace(example[1]);
    assert.deepEqual(events.map((e) => e.type), ['run', 'phase', 'model', 'batch', 'memory', 'epoch', 'weights', 'exit']);
  });

  it('holds a custom-loop example that the trace reader accepts: steps of both loops, a leak alert with their loopId', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/trace-format.md'), 'utf8');
    const example = /## Example of a custom loop[\s\S]*?```json\n([\s\S]*?)```/.exec(doc);
    assert.ok(example, 'no ```json example under "## Example of a custom loop"');
    const events = parseTrace(example[1]);
    assert.deepEqual(events.map((e) => (e.type === 'step' ? `${e.type} ${e.loop}` : e.type)), ['run', 'phase', 'step trainOnBatch', 'step trainOnBatch', 'step trainOnBatch', 'health', 'exit', 'step minimize']);
    const leak = events.find((e) => e.type === 'health');
    assert.equal(leak?.type === 'health' ? leak.loopId : undefined, 1);
  });

  it('holds a pipeline example that the trace reader accepts', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/trace-format.md'), 'utf8');
    const example = /## Example of a pipeline[\s\S]*?```json\n([\s\S]*?)```/.exec(doc);
    assert.ok(example, 'no ```json example under "## Example of a pipeline"');
    const events = parseTrace(example[1]);
    assert.deepEqual(events.map((e) => e.type), ['run', 'phase', 'pipeline', 'images', 'exit']);
  });

  it('holds a health example that the trace reader accepts, one alert of each kind', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/trace-format.md'), 'utf8');
    const example = /## Example of health alerts[\s\S]*?```json\n([\s\S]*?)```/.exec(doc);
    assert.ok(example, 'no ```json example under "## Example of health alerts"');
    const events = parseTrace(example[1]);
    assert.deepEqual(events.map((e) => (e.type === 'health' ? e.kind : e.type)), ['run', 'non-finite-loss', 'non-finite-kernel', 'leak', 'exit']);
  });

  it('holds a post-mortem example that the trace reader accepts: the loss\'s tensors, the kernel\'s operands and the cause', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/trace-format.md'), 'utf8');
    const example = /## Example of a post-mortem[\s\S]*?```json\n([\s\S]*?)```/.exec(doc);
    assert.ok(example, 'no ```json example under "## Example of a post-mortem"');
    const events = parseTrace(example[1]);
    assert.deepEqual(events.map((e) => e.type), ['run', 'postmortem', 'exit']);
    const postmortem = events[1];
    assert.ok(postmortem.type === 'postmortem');
    const loss = postmortem.frames.find((f) => f.function === 'badLoss');
    const weights = loss?.scopes?.[0].variables.find((v) => v.name === 'weights')?.value;
    assert.deepEqual(weights?.kind === 'tensor' ? weights.shape : undefined, [3, 5]);
    assert.equal(postmortem.cause?.operation, 'matMul');
    assert.ok(postmortem.frames.every((f) => f.function !== 'badLoss' || (f.user && !f.async)));
  });

  it('holds a shapes example that the trace reader accepts: chained calls on one line, a partial batch, a layer, a later site', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/trace-format.md'), 'utf8');
    const example = /## Example of shapes[\s\S]*?```json\n([\s\S]*?)```/.exec(doc);
    assert.ok(example, 'no ```json example under "## Example of shapes"');
    const events = parseTrace(example[1]);
    assert.deepEqual(events.map((e) => e.type), ['run', 'shape-site', 'shape-site', 'shape-site', 'shapes', 'shape-site', 'shapes', 'exit']);
    const sites = events.flatMap((e) => (e.type === 'shape-site' ? [e] : []));
    const stats = events.flatMap((e) => (e.type === 'shapes' ? e.sites : []));
    // Every stats entry names a site written before it.
    for (const s of stats) assert.ok(sites.some((site) => site.id === s.id), `site ${s.id}`);
    const add = stats.find((s) => s.id === sites.find((site) => site.callee === 'batch.matMul(…).add')?.id);
    assert.deepEqual(add?.shapes.map((x) => [x.shape, x.count]), [[[32, 10], 5], [[16, 10], 1]]);
    assert.deepEqual(stats.find((s) => s.layer)?.layer?.outputShape, [null, 10]);
  });
});
