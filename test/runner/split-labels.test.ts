// Label counts per part of a split: every labeller call is counted, past the recorded ones too, and the
// script's own output is what plain node prints.
import * as assert from 'node:assert/strict';
import type { SplitLabelsEvent } from '../../src/protocol/events';
import { isTraceEvent } from '../../src/protocol/trace-format';
import { buildOnce, callsOf, plainNode, trace } from './helpers';

describe('runner: label counts per part of a split', function () {
  this.timeout(60_000);
  before(() => buildOnce());

  const labelsOf = (events: readonly unknown[]): SplitLabelsEvent[] =>
    events.filter((e): e is SplitLabelsEvent => (e as { type?: string }).type === 'split-labels');

  it('counts every label the labeller gave the split\'s items, per part, though only its first call was recorded', async () => {
    const r = await trace('split-labels.js', { targets: ['splitter', 'labelOf'], maxCalls: 1, keepRunning: true });
    assert.equal(r.stdout.toString(), plainNode('split-labels.js').stdout.toString());
    assert.equal(callsOf(r.events, 'labelOf').length, 1);
    const [split] = callsOf(r.events, 'splitter');
    const labels = labelsOf(r.events);
    // Written at the limit (after the one recorded call), then at the end: the last one replaces it.
    assert.equal(labels[0].counted, 1, JSON.stringify(labels));
    const event = labels[labels.length - 1];
    assert.ok(isTraceEvent(event));
    assert.equal(event.splitSeq, split.seq);
    assert.equal(event.callable, 'labelOf');
    assert.equal(event.counted, 30);
    assert.equal(event.items, 30);
    // Items 24..29 (fox, cat, dog, fox, cat, dog) are the validation part; the rest are 8 of each.
    assert.deepEqual(event.parts, [[['cat', 8], ['dog', 8], ['fox', 8]], [['cat', 2], ['dog', 2], ['fox', 2]]]);
  });

  it('writes the counts before the run is stopped at its call limit', async () => {
    const r = await trace('split-labels.js', { targets: ['splitter', 'labelOf'], maxCalls: 1 });
    const limit = r.events.findIndex((e) => e.type === 'limit');
    const labels = r.events.findIndex((e) => e.type === 'split-labels');
    assert.ok(limit > 0, 'the run stopped at its limit');
    assert.ok(labels >= 0 && labels < limit, `split-labels at ${labels}, limit at ${limit}`);
  });

  it('writes nothing when no labeller was traced', async () => {
    const r = await trace('split-labels.js', { targets: ['splitter'], keepRunning: true });
    assert.deepEqual(labelsOf(r.events), []);
  });
});
