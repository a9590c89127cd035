// The run model's tensor shapes by call site: each site's `shape-site` event, kept once, the first
// MAX_SHAPE_SITES of them, and its latest cumulative stats from the `shapes` events.
import assert from 'node:assert/strict';
import type { ShapeSiteEvent, ShapesEvent, SiteShapes, TraceEvent } from '../../../src/protocol/events';
import { buildRunModel, MAX_SHAPE_SITES } from '../../../src/protocol/run-model';

const site = (id: number, column = id): ShapeSiteEvent => ({
  type: 'shape-site', id, site: { file: '/w/train.js', line: 10, column }, callee: 'tf.relu', kind: 'op', time: id,
});
const stats = (id: number, full: number, partial = 0): SiteShapes => ({
  id, calls: full + partial, otherShapes: 0, stats: null, layer: null,
  shapes: [{ shape: [32, 10], dtype: 'float32', count: full }, ...(partial ? [{ shape: [16, 10], dtype: 'float32', count: partial }] : [])],
});
const shapes = (time: number, ...sites: SiteShapes[]): ShapesEvent => ({ type: 'shapes', sites, time });

describe('run model: tensor shapes by call site', () => {
  it('keeps each site once, in the order they first ran, with its latest stats', () => {
    const model = buildRunModel([
      site(2, 29), site(1, 18), shapes(1, stats(2, 5), stats(1, 5)), site(2, 99), shapes(2, stats(1, 5, 1)),
    ] as TraceEvent[]);
    assert.deepEqual([...model.shapes.sites.keys()], [2, 1]);
    assert.equal(model.shapes.sites.get(2)!.site.site.column, 29, 'a repeated shape-site event changes nothing');
    // Cumulative: the later event replaces the earlier stats of the sites it names, and leaves the others.
    assert.deepEqual(model.shapes.sites.get(1)!.shapes, stats(1, 5, 1));
    assert.deepEqual(model.shapes.sites.get(2)!.shapes, stats(2, 5));
    assert.equal(model.shapes.droppedSites, 0);
  });

  it('a site has no stats until a shapes event names it, and stats of a site it does not keep are ignored', () => {
    const model = buildRunModel([site(1), shapes(1, stats(7, 3))] as TraceEvent[]);
    assert.equal(model.shapes.sites.get(1)!.shapes, undefined);
    assert.equal(model.shapes.sites.has(7), false);
  });

  it('keeps the first MAX_SHAPE_SITES sites and counts the others', () => {
    const events: TraceEvent[] = [];
    for (let id = 1; id <= MAX_SHAPE_SITES + 3; id++) events.push(site(id));
    events.push(shapes(1, stats(MAX_SHAPE_SITES, 1), stats(MAX_SHAPE_SITES + 1, 1)));
    const model = buildRunModel(events);
    assert.equal(model.shapes.sites.size, MAX_SHAPE_SITES);
    assert.equal(model.shapes.droppedSites, 3);
    assert.deepEqual(model.shapes.sites.get(MAX_SHAPE_SITES)!.shapes, stats(MAX_SHAPE_SITES, 1));
    assert.equal(model.shapes.sites.has(MAX_SHAPE_SITES + 1), false);
  });
});
