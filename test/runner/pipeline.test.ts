// The pipeline recorder on real TF.js: the steps one item went through (items → map → decode → label),
// the batch that reaches the model read in place, thumbnails of image batches within their bound, and
// the step that threw.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ImagesEvent, PipelineEvent, TraceEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { MAX_THUMBS, THUMB_SIDE } from '../../src/runtime/recorders/batch-read';
import { buildOnce, trace, plainNode } from './helpers';

const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'pipeline');
const run = (script: string, env: NodeJS.ProcessEnv = {}) => trace(path.join(FIXTURES, script), { cwd: FIXTURES, env });
const pipelinesOf = (events: TraceEvent[]) => events.filter((e): e is PipelineEvent => e.type === 'pipeline');
const imagesOf = (events: TraceEvent[]) => events.filter((e): e is ImagesEvent => e.type === 'images');
const stepsOf = (p: PipelineEvent) => p.steps.map((s) => `${s.callable}:${s.link}`);
/** Thumbnail bytes of one images event: at most 16 of at most 64×64×3. */
const BOUND = MAX_THUMBS * THUMB_SIDE * THUMB_SIDE * 3;

describe('pipeline recorder (real TF.js)', function () {
  this.timeout(60_000);
  before(buildOnce);

  for (const channels of [1, 3]) {
    it(`fitDataset with a map decoding 8×8×${channels} images: steps, the first batch, thumbnails with labels`, async () => {
      const { events, exit } = await run('images.cjs', { CHANNELS: String(channels) });
      assert.equal(exit.code, 0);
      const [first, ...later] = pipelinesOf(events);
      assert.equal(first.batch, null, 'written as fitDataset begins, before the dataset made a batch');
      const last = later.at(-1)!;
      assert.deepEqual(stepsOf(last), ['getItems:source', 'map:item', 'decode:item', 'labelOf:item']);
      assert.equal(last.itemIndex, 0);
      assert.deepEqual(last.item, { kind: 'string', value: 'dots_0.img', length: 10 });
      assert.equal(last.failedStep, null);
      const decode = last.steps[2];
      assert.equal(decode.param, 'name');
      assert.ok(decode.output?.kind === 'tensor' && decode.output.shape.join() === `8,8,${channels}`);
      assert.deepEqual(last.batch, {
        api: 'fitDataset', batchSize: null,
        x: [{ shape: [4, 8, 8, channels], dtype: 'float32', backend: 'cpu', min: 0, max: 1, nan: 0 }],
        y: [{ shape: [4, 2], dtype: 'int32', backend: 'cpu', min: 0, max: 1, nan: 0 }],
      });
      const images = imagesOf(events);
      assert.deepEqual(images.map((e) => e.batch), [0, 1], 'the first two batches');
      for (const e of images) {
        assert.deepEqual([e.width, e.height, e.channels, e.scale.kind], [8, 8, channels, 'unit']);
        assert.deepEqual(e.images.map((t) => t.label), e.batch === 0 ? [0, 1, 0, 1] : [0, 1, 0, 1]);
        const bytes = e.images.reduce((n, t) => n + Buffer.from(t.data, 'base64').length, 0);
        assert.equal(bytes, 4 * 8 * 8 * channels);
        assert.ok(bytes <= BOUND);
      }
      // The first dots image of batch 1: row 0 has a dot at x = 0, 3, 6 (1 × 255, the next channel 0.75 × 255).
      const pixels = Buffer.from(images[0].images[0].data, 'base64');
      assert.deepEqual([...pixels.subarray(0, channels)], channels === 1 ? [255] : [255, 191, 128]);
      assert.equal(pixels[channels], 0);
    });
  }

  it('on the wasm backend: the batch range and the thumbnails read from the wasm heap', async () => {
    const { events, exit } = await run('images.cjs', { CHANNELS: '3', BACKEND: 'wasm' });
    assert.equal(exit.code, 0);
    const last = pipelinesOf(events).at(-1)!;
    assert.deepEqual(last.batch?.x, [{ shape: [4, 8, 8, 3], dtype: 'float32', backend: 'wasm', min: 0, max: 1, nan: 0 }]);
    const images = imagesOf(events);
    assert.equal(images.length, 2);
    assert.deepEqual([...Buffer.from(images[0].images[0].data, 'base64').subarray(0, 3)], [255, 191, 128]);
    assert.deepEqual(images[0].images.map((t) => t.label), [0, 1, 0, 1]);
  });

  it('fit on stacked tensors: x and y as passed, thumbnails downscaled within the bound, the script unchanged', async () => {
    const { events, exit, stdout } = await run('fit.cjs');
    assert.equal(exit.code, 0);
    assert.equal(stdout.toString(), plainNode(path.join(FIXTURES, 'fit.cjs')).stdout.toString());
    const [summary] = pipelinesOf(events);
    assert.deepEqual(stepsOf(summary), ['getItems:source', 'decode:item', 'labeller:item']);
    assert.deepEqual(summary.batch?.x[0], { shape: [6, 6, 6, 3], dtype: 'float32', backend: 'cpu', min: 20, max: 220, nan: 0 });
    assert.deepEqual(summary.batch?.y[0], { shape: [6], dtype: 'float32', backend: 'cpu', min: 0, max: 1, nan: 0 });
    assert.equal(summary.batch?.batchSize, 3);
    const [images] = imagesOf(events);
    assert.equal(images.scale.kind, 'byte');
    assert.deepEqual(images.images.map((t) => t.label), [1, 0, 1, 0, 1, 0]);
    assert.deepEqual([...Buffer.from(images.images[0].data, 'base64').subarray(0, 3)], [220, 220, 220]);
  });

  it('big images: at most 16 thumbnails of at most 64 px on the long side', async () => {
    const { events } = await run('big.cjs');
    const [images] = imagesOf(events);
    assert.deepEqual([images.images.length, images.width, images.height, images.channels], [16, 64, 32, 3]);
    const bytes = images.images.reduce((n, t) => n + Buffer.from(t.data, 'base64').length, 0);
    assert.equal(bytes, 16 * 64 * 32 * 3);
    assert.ok(JSON.stringify(images).length < (BOUND * 4) / 3 + 4096);
  });

  it('a step that throws: marked as the failed step, with the error that rejected the first batch', async () => {
    const { events, exit, stdout } = await run('images.cjs', { BAD: '1' });
    assert.equal(exit.code, 1);
    assert.match(stdout.toString(), /failed: cannot decode broken\.img/);
    const last = pipelinesOf(events).at(-1)!;
    assert.deepEqual(stepsOf(last), ['getItems:source', 'map:item', 'decode:item']);
    assert.equal(last.failedStep, 2, 'decode, where the error came from (map only passed it on)');
    assert.equal(last.batch, null);
    assert.deepEqual(last.batchError, { kind: 'error', className: 'Error', message: 'cannot decode broken.img' });
    assert.deepEqual(imagesOf(events), []);
  });

  it('a step that throws before training ends the script: the summary at exit names it, with its error', async () => {
    const { events, exit } = await run('early.cjs');
    assert.equal(exit.code, 1);
    const [summary, ...more] = pipelinesOf(events);
    assert.deepEqual(more, []);
    assert.deepEqual(stepsOf(summary), ['getItems:source', 'labelOf:item', 'labelOf:failed']);
    const failed = summary.steps[summary.failedStep!];
    assert.equal(failed.callable, 'labelOf');
    assert.deepEqual(failed.error, { kind: 'error', className: 'Error', message: 'no label in no-label.png' });
    assert.equal(summary.batch, null);
  });
});
