import * as assert from 'node:assert/strict';
import type { CallEvent, ModelEvent, ShapeSiteEvent, SiteShapes, TraceEvent } from '../../../src/protocol/events';
import { applyEvent, createRunModel, type CallableModel } from '../../../src/protocol/run-model';
import { escapeMarkdown, shapeHintText, shapeHoverMarkdown } from '../../../src/host/shape-hover-text';
import { ShapeIndex, type IndexedSite } from '../../../src/host/shape-index';

const FILE = '/p/train.js';
function run(events: TraceEvent[]) {
  const model = createRunModel();
  const index = new ShapeIndex(null);
  for (const e of events) {
    applyEvent(model, e);
    index.take(e, model);
  }
  return { model, index };
}
const site = (id: number, column: number, callee: string, kind: ShapeSiteEvent['kind'] = 'op'): ShapeSiteEvent => ({ type: 'shape-site', id, site: { file: FILE, line: 5, column }, callee, kind, time: id });
const shapes = (sites: SiteShapes[]): TraceEvent => ({ type: 'shapes', sites, time: 99 });
const relu: SiteShapes = {
  id: 2, calls: 119, otherShapes: 0, layer: null,
  shapes: [{ shape: [16, 10], dtype: 'float32', count: 1 }, { shape: [32, 10], dtype: 'float32', count: 118 }],
  stats: { min: -0.5, max: 3.14159, mean: 0.41234, std: 0.0001234, nanCount: 0, infCount: 0, zeroCount: 3 },
};
const hover = (sites: readonly IndexedSite[], more: Partial<Parameters<typeof shapeHoverMarkdown>[0]> = {}) =>
  shapeHoverMarkdown({ sites, callables: [], training: new Map(), ...more });

describe('host: shape hover text', () => {
  it('a tensor site: its commonest shape and dtype first, the stats line, then how often it ran with every shape', () => {
    const { index } = run([site(1, 13, 'x.matMul'), site(2, 5, 'tf.relu'), shapes([relu])]);
    const text = hover(index.sitesAt(FILE, 5, 6).slice(0, 1));
    assert.equal(text, [
      '**tf\\.relu** → `[32,10]` float32',
      'range \\-0\\.5 to 3\\.142 · mean 0\\.4123 · std 1\\.234e\\-4 · no NaN/Inf',
      'ran 119 times: `[16,10]` ×1, `[32,10]` ×118',
    ].join('\n\n'));
  });

  it('every site of the line, the one under the cursor first; a site not reported yet says when it will be', () => {
    const { index } = run([site(1, 13, 'x.matMul'), site(2, 5, 'tf.relu'), shapes([relu])]);
    const text = hover(index.sitesAt(FILE, 5, 14)) ?? '';
    const sections = text.split('\n\n---\n\n');
    assert.equal(sections.length, 2);
    assert.match(sections[0], /^\*\*x\\\.matMul\*\*: its shapes are written at the end of each epoch and when the run ends$/);
    assert.match(sections[1], /^\*\*tf\\\.relu\*\* → `\[32,10\]`/);
  });

  it('NaN and Infinity stand out; several dtypes and the runs of other shapes are said', () => {
    const { index } = run([site(1, 1, 'tf.log'), shapes([{
      id: 1, calls: 40, otherShapes: 3, layer: null,
      shapes: [{ shape: [], dtype: 'float32', count: 30 }, { shape: [], dtype: 'int32', count: 7 }],
      stats: { min: 'NaN', max: 'Infinity', mean: 'NaN', std: 'NaN', nanCount: 2, infCount: 1, zeroCount: 0 },
    }])]);
    const text = hover(index.sitesOn(FILE, 5)) ?? '';
    assert.match(text, /range NaN to Infinity · mean NaN · std NaN · \*\*2 NaN, 1 ±Infinity\*\*/);
    assert.match(text, /ran 40 times: `\[\]` float32 ×30, `\[\]` int32 ×7, 3 of other shapes/);
    assert.equal(shapeHintText(index.sitesOn(FILE, 5)), '⟨scalar float32 +2 shapes⟩');
  });

  it("a layer: the site's shapes and parameters once built, else the training's layer row of that name", () => {
    const layer = (built: boolean): SiteShapes => ({
      id: 1, calls: 1, shapes: [], otherShapes: 0, stats: null,
      layer: { name: 'dense_Dense1', className: 'Dense', inputShape: built ? [null, 4] : null, outputShape: built ? [null, 10] : null, params: built ? 50 : null },
    });
    const built = run([site(1, 5, 'tf.layers.dense', 'layer'), shapes([layer(true)])]);
    assert.equal(hover(built.index.sitesOn(FILE, 5)), '**tf\\.layers\\.dense** → layer dense\\_Dense1 (Dense)\n\ninput `[null,4]` · output `[null,10]` · 50 parameters');
    assert.equal(shapeHintText(built.index.sitesOn(FILE, 5)), '⟨Dense ?×10 50 params⟩');

    const model: ModelEvent = {
      type: 'model', modelId: 1, model: 'm', fitCall: 1, api: 'fit', epochs: 1, initialEpoch: 0, batchSize: 32, samples: 64, steps: null, metrics: ['loss'],
      layers: [{ name: 'dense_Dense1', className: 'Dense', outputShape: [null, 10], params: 50, trainable: true }], totalParams: 50, trainableParams: 50, time: 3,
    };
    const joined = run([site(1, 5, 'tf.layers.dense', 'layer'), shapes([layer(false)]), model]);
    assert.equal(hover(joined.index.sitesOn(FILE, 5), { training: joined.model.training }), '**tf\\.layers\\.dense** → layer dense\\_Dense1 (Dense)\n\noutput `[null,10]` · 50 parameters');
    assert.match(hover(joined.index.sitesOn(FILE, 5)) ?? '', /not built yet: no shapes or parameters$/, 'no training row of that name');
  });

  it("a traced callable: its last recorded call's arguments by parameter and what it returned, as previews", () => {
    const call: CallEvent = {
      type: 'call', seq: 1, callableId: 'splitter@3', callable: 'splitter', site: { file: FILE, line: 3, column: 10 }, callNumber: 1,
      args: [{ kind: 'array', className: 'Array', length: 2, elements: { types: ['string'] }, items: [{ kind: 'string', value: 'a.png', length: 5 }, { kind: 'string', value: '<b>**x**</b>', length: 12 }] }],
      params: [{ name: 'items' }], result: { kind: 'number', value: 2 }, async: false, durationMs: 1, stack: [], time: 2,
    };
    const { model } = run([{ type: 'callable', id: 'splitter@3', name: 'splitter', kind: 'declaration', site: { file: FILE, line: 3, column: 10 }, traced: true, time: 1 }, call, { ...call, seq: 2, callNumber: 2 }]);
    const callable = model.callables.get('splitter@3') as CallableModel;
    assert.equal(hover([], { callables: [callable] }), [
      '**splitter**, its last recorded call (#2):',
      'items — an Array of 2 strings: \\(2\\) \\["a\\.png", "\\<b\\>\\*\\*x\\*\\*\\</b\\>"\\]',
      'returned — a number: 2',
    ].join('\n\n'));
  });

  it('a note goes first; nothing to say is no hover', () => {
    const { index } = run([site(2, 5, 'tf.relu'), shapes([relu])]);
    assert.match(hover(index.sitesOn(FILE, 5), { note: 'From an older version of the file.' }) ?? '', /^\*From an older version of the file\\\.\*\n\n\*\*tf/);
    assert.equal(hover([]), undefined);
  });

  it('the hint is the last site of the line to run first: the outermost call', () => {
    const { index } = run([site(1, 13, 'x.matMul'), site(2, 5, 'tf.relu'), shapes([relu, { ...relu, id: 1, shapes: [{ shape: [32, 64], dtype: 'float32', count: 119 }] }])]);
    assert.equal(shapeHintText(index.sitesOn(FILE, 5)), '⟨32×10 float32 +1 shape⟩');
    assert.equal(shapeHintText([]), undefined);
  });

  it('escapes what Markdown or HTML would read, and line breaks', () => {
    assert.equal(escapeMarkdown('<img src=x onerror=alert(1)> [a](b) `c` *d*\n_e_'), '\\<img src=x onerror=alert\\(1\\)\\> \\[a\\]\\(b\\) \\`c\\` \\*d\\* \\_e\\_');
  });
});
