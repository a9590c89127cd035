// The pipeline and images events' validators (from the documented example) and the run model's rules for them.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImagesEvent, PipelineEvent } from '../../../src/protocol/events';
import { buildRunModel, MAX_IMAGE_EVENTS } from '../../../src/protocol/run-model';
import { isTraceEvent, parseTrace } from '../../../src/protocol/trace-format';

const doc = fs.readFileSync(path.resolve(__dirname, '../../../docs/trace-format.md'), 'utf8');
const events = parseTrace(/## Example of a pipeline[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]);
const pipeline = events.find((e): e is PipelineEvent => e.type === 'pipeline')!;
const images = events.find((e): e is ImagesEvent => e.type === 'images')!;

describe('pipeline and images events', () => {
  it('refuses a thumbnail whose bytes do not match its size, a failed step past the steps, an unknown link', () => {
    const cut = { ...images, images: [{ label: 0, data: images.images[0].data.slice(4) }] };
    assert.equal(isTraceEvent(cut), false);
    assert.equal(isTraceEvent({ ...images, channels: 4 }), false);
    assert.equal(isTraceEvent({ ...pipeline, failedStep: pipeline.steps.length }), false);
    assert.equal(isTraceEvent({ ...pipeline, steps: [{ ...pipeline.steps[0], link: 'guess' }] }), false);
    assert.equal(isTraceEvent(pipeline) && isTraceEvent(images), true);
  });

  it('the run model keeps the latest pipeline event and the first MAX_IMAGE_EVENTS images events', () => {
    const later = { ...pipeline, batch: null, time: pipeline.time + 1 };
    const model = buildRunModel([events[0], pipeline, later, images, { ...images, batch: 1 }, { ...images, batch: 2 }]);
    assert.equal(model.pipeline, later);
    assert.deepEqual(model.images.map((e) => e.batch), [0, 1].slice(0, MAX_IMAGE_EVENTS));
  });
});
