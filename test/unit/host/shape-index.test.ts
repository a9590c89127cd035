import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CallableEvent, ShapeSiteEvent, ShapeSiteKind, ShapesEvent, SiteShapes, TraceEvent } from '../../../src/protocol/events';
import { applyEvent, createRunModel, MAX_SHAPE_SITES } from '../../../src/protocol/run-model';
import { textHash } from '../../../src/host/file-hashes';
import { ShapeIndex } from '../../../src/host/shape-index';

// Hand-made events in the documented shape (docs/trace-format.md), applied as a run session does.
const FILE = '/work/project/train.js';
const LINES = [
  "const tf = require('@tensorflow/tfjs');",
  'const out = tf.relu(batch.matMul(w).add(b));',
  'const dense = tf.layers.dense({ units: 10 });',
];
const column = (line: number, text: string): number => LINES[line - 1].indexOf(text) + 1;
let nextId = 1;
function site(line: number, name: string, callee: string, kind: ShapeSiteKind = 'op', file = FILE): ShapeSiteEvent {
  return { type: 'shape-site', id: nextId++, site: { file, line, column: column(line, name) }, callee, kind, time: nextId };
}
const stats = (id: number, calls: number): SiteShapes => ({ id, calls, shapes: [{ shape: [32, 10], dtype: 'float32', count: calls }], otherShapes: 0, stats: null, layer: null });

function indexed(events: TraceEvent[], readText?: (file: string) => string | undefined) {
  const model = createRunModel();
  const index = new ShapeIndex(readText ?? null);
  for (const event of events) {
    applyEvent(model, event);
    index.take(event, model);
  }
  return { model, index };
}

describe('host: shape index', () => {
  beforeEach(() => (nextId = 1));

  // Inner calls produce first: matMul, add, then relu (the transform's first-run order).
  const chain = () => [site(2, 'matMul', 'batch.matMul'), site(2, 'add(b)', 'batch.matMul(…).add'), site(2, 'relu', 'tf.relu')];

  it('chained and nested calls on one line: each at its own column, the one under the cursor first', () => {
    const { index } = indexed(chain());
    const callees = (col: number) => index.sitesAt(FILE, 2, col).map((s) => s.entry.site.callee);
    assert.deepEqual(index.sitesOn(FILE, 2).map((s) => s.entry.site.callee), ['tf.relu', 'batch.matMul', 'batch.matMul(…).add'], 'column order');
    assert.deepEqual(callees(column(2, 'relu')), ['tf.relu', 'batch.matMul', 'batch.matMul(…).add']);
    assert.deepEqual(callees(column(2, 'relu') + 3), ['tf.relu', 'batch.matMul', 'batch.matMul(…).add'], "relu's last letter");
    assert.deepEqual(callees(column(2, 'matMul') + 2), ['batch.matMul', 'tf.relu', 'batch.matMul(…).add']);
    assert.deepEqual(callees(column(2, 'add(b)')), ['batch.matMul(…).add', 'tf.relu', 'batch.matMul']);
    assert.deepEqual(callees(column(2, 'batch')), ['tf.relu', 'batch.matMul', 'batch.matMul(…).add'], 'no name under the cursor: the line in column order');
    const add = index.sitesOn(FILE, 2)[2];
    assert.deepEqual([add.start, add.end], [column(2, 'add(b)'), column(2, 'add(b)') + 3], "the name's columns");
  });

  it('lines without sites, other files and positions past the line have none', () => {
    const { index } = indexed(chain());
    assert.deepEqual(index.sitesOn(FILE, 1), []);
    assert.deepEqual(index.sitesAt(FILE, 3, 1), []);
    assert.deepEqual(index.sitesOn('/work/project/other.js', 2), []);
    assert.equal(index.has('/work/project/other.js'), false);
    assert.deepEqual([...index.siteLines(FILE).keys()], [2]);
  });

  it('the entries are the run model\'s: a later `shapes` event shows without re-indexing', () => {
    const { model, index } = indexed(chain());
    const relu = index.sitesAt(FILE, 2, column(2, 'relu'))[0];
    assert.equal(relu.entry.shapes, undefined);
    const reluNow = () => index.sitesAt(FILE, 2, column(2, 'relu'))[0].entry.shapes;
    const event: ShapesEvent = { type: 'shapes', sites: [stats(3, 6)], time: 9 };
    applyEvent(model, event);
    index.take(event, model);
    assert.equal(reluNow()?.calls, 6);
    applyEvent(model, { type: 'shapes', sites: [stats(3, 12)], time: 10 });
    assert.equal(reluNow()?.calls, 12, 'cumulative: the latest replaces');
  });

  it('a layer constructor and a `new` are named by their last identifier', () => {
    const { index } = indexed([site(3, 'dense(', 'tf.layers.dense', 'layer')]);
    const [dense] = index.sitesOn(FILE, 3);
    assert.deepEqual([dense.start, dense.end], [column(3, 'dense('), column(3, 'dense(') + 5]);
    assert.equal(index.sitesAt(FILE, 3, column(3, 'layers'))[0], dense, 'the line is still found from the receiver');
  });

  it('a repeated site id and sites past MAX_SHAPE_SITES are not indexed (the run model keeps neither)', () => {
    const events: TraceEvent[] = [];
    for (let i = 0; i < MAX_SHAPE_SITES + 5; i++) events.push({ type: 'shape-site', id: i + 1, site: { file: FILE, line: 10 + i, column: 1 }, callee: 'f', kind: 'op', time: i });
    events.push({ ...(events[0] as ShapeSiteEvent), site: { file: FILE, line: 2, column: 1 } });
    const { index } = indexed(events);
    assert.equal(index.siteLines(FILE).size, MAX_SHAPE_SITES);
    assert.deepEqual(index.sitesOn(FILE, 2), [], 'the repeat is not a second site');
  });

  it('callables by the line they are defined on, the first event of each id', () => {
    const callable = (id: string, line: number): CallableEvent => ({ type: 'callable', id, name: id.split('@')[0], kind: 'declaration', site: { file: FILE, line, column: 10 }, traced: true, time: 1 });
    const { index } = indexed([callable('splitter@4', 4), callable('labeller@4', 4), callable('splitter@4', 9)]);
    assert.deepEqual(index.callablesOn(FILE, 4).map((c) => c.callable.name), ['splitter', 'labeller']);
    assert.deepEqual(index.callablesOn(FILE, 9), []);
  });

  it('hashes each file the first time the run names it: the script at the run event, a module at its first site', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shape-index-'));
    const script = path.join(dir, 'train.js');
    const module = path.join(dir, 'model.js');
    fs.writeFileSync(script, '\uFEFFtrain();\n');
    fs.writeFileSync(module, 'model();\n');
    const read: string[] = [];
    const { index } = indexed([
      { type: 'run', version: 1, script, args: [], cwd: dir, node: 'v20', platform: 'linux', pid: 1, startTime: '', targets: [], maxCalls: 3, time: 0 },
      { type: 'shape-site', id: 1, site: { file: module, line: 1, column: 1 }, callee: 'model', kind: 'op', time: 1 },
      { type: 'shape-site', id: 2, site: { file: module, line: 1, column: 3 }, callee: 'model', kind: 'op', time: 2 },
    ], (file) => (read.push(file), fs.readFileSync(file, 'utf8')));
    fs.writeFileSync(module, 'changed();\n');
    assert.deepEqual(read, [script, module], 'each read once');
    assert.equal(index.hashes.get(script), textHash('train();\n'), 'as an editor holds the text: without the byte-order mark');
    assert.equal(index.hashes.get(module), textHash('model();\n'), 'what the run read, not what is there now');
    assert.equal(index.hashes.get(path.join(dir, 'other.js')), undefined);
    fs.rmSync(dir, { recursive: true });
  });

  it('a run restored after a reload reads no file', () => {
    const index = new ShapeIndex(null);
    const model = createRunModel();
    const event = site(2, 'relu', 'tf.relu', 'op', __filename); // a file that is there to read
    applyEvent(model, event);
    index.take(event, model);
    assert.equal(index.hashes.get(__filename), undefined);
    assert.equal(index.sitesOn(__filename, 2).length, 1);
  });
});
