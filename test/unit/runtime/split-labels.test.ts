// Which callables the label counts keep following after a split: a labeller for the whole run, a
// callable that is never handed the split's items only until it has missed MISSES_TO_STOP times (then
// its probe goes quiet again: wrap.ts asks wants() before every call).
import * as assert from 'node:assert/strict';
import type { SplitLabelsEvent, TraceEvent } from '../../../src/protocol/events';
import { observeEmitted } from '../../../src/runtime/event-writer';
import type { SiteState } from '../../../src/runtime/registry';
import { MISSES_TO_STOP, SplitLabels } from '../../../src/runtime/split-labels';

const site = (name: string): SiteState => ({
  id: `${name}@/x.js:1:1`, name, site: { file: '/x.js', line: 1, column: 1 }, info: { name, kind: 'declaration', line: 1, column: 1 },
  traced: true, recorded: 3, completed: 3, reported: true,
});

const written: SplitLabelsEvent[] = [];
observeEmitted((event: TraceEvent) => {
  if (event.type === 'split-labels') written.push(event);
});

describe('runtime: SplitLabels (which calls are counted after a split)', () => {
  const items = ['cat_1.png', 'dog_1.png', 'cat_2.png', 'dog_2.png'];
  const label = (file: string): string => file.split('_')[0];
  const split = (): { labels: SplitLabels; splitter: SiteState } => {
    const labels = new SplitLabels();
    const splitter = site('splitter');
    labels.noteSplit(1, splitter, items, [[0, 1, 2], [3]]);
    return { labels, splitter };
  };

  it('lets go of a callable that is called with anything but the items, and keeps counting the labeller', () => {
    const { labels, splitter } = split();
    const labeller = site('labelOf');
    const decoder = site('loadImage');
    assert.equal(labels.wants(splitter), false);
    for (const file of items) labels.tally(labeller, file, label(file));
    for (let i = 1; i < MISSES_TO_STOP; i++) labels.tally(decoder, { tf: true }, { shape: [32, 32, 3] });
    assert.equal(labels.wants(decoder), true, 'still followed before its last allowed miss');
    labels.tally(decoder, { tf: true }, { shape: [32, 32, 3] });
    assert.equal(labels.wants(decoder), false, `let go after ${MISSES_TO_STOP} calls that could not be counted`);
    // A labeller that counted more calls than it missed is not let go (a file name that is no item).
    for (let i = 0; i < MISSES_TO_STOP; i++) labels.tally(labeller, items[i % items.length], label(items[i % items.length]));
    for (let i = 0; i < MISSES_TO_STOP; i++) labels.tally(labeller, '/elsewhere/fox_1.png', 'fox');
    assert.equal(labels.wants(labeller), true);
    written.length = 0;
    labels.write();
    assert.deepEqual(written.map((e) => [e.callable, e.counted, e.parts]), [['labelOf', 12, [[['cat', 6], ['dog', 3]], [['dog', 3]]]]]);
  });

  it('lets go of an async callable past its recorded calls (its calls are never counted)', () => {
    const { labels } = split();
    const fetcher = site('fetchBatch');
    for (let i = 0; i < MISSES_TO_STOP; i++) labels.notCounted(fetcher);
    assert.equal(labels.wants(fetcher), false);
  });

  it('follows every callable again after a new split', () => {
    const { labels } = split();
    const decoder = site('loadImage');
    for (let i = 0; i < MISSES_TO_STOP; i++) labels.tally(decoder, 7, null);
    assert.equal(labels.wants(decoder), false);
    labels.noteSplit(2, site('splitter'), items, [[0, 1], [2, 3]]);
    assert.equal(labels.wants(decoder), true);
  });
});
