// A dense model for the bench's training section (scripts/bench.ts): an MLP 784-128-64-10 trained
// with model.fit on generated data (seeded, MNIST-sized), on the wasm backend (DENSE_BACKEND=cpu for
// the other one). Its batches are far more numerous and shorter than the pets example's, and its
// weights larger (109,386 parameters), so the training recorder's per-batch and per-epoch work weighs
// more here. With PETS_TIMING=1 it prints the same `pets-timing {…}` line as examples/pets/train.js.
//   node bench/dense.js [--epochs 3] [--samples 4096] [--batch-size 64]
'use strict';
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const timing = require('../examples/pets/timing').fromEnvironment();

const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const EPOCHS = option('--epochs', 3);
const SAMPLES = option('--samples', 4096);
const BATCH_SIZE = option('--batch-size', 64);
const CLASSES = 10;

/** Inputs in [0, 1) and labels from a fixed random linear map, so that there is something to learn. */
function generatedData() {
  return tf.tidy(() => {
    const xs = tf.randomUniform([SAMPLES, 784], 0, 1, 'float32', 1);
    const map = tf.randomNormal([784, CLASSES], 0, 1, 'float32', 2);
    const ys = tf.oneHot(xs.matMul(map).argMax(1), CLASSES).toFloat();
    return { xs, ys };
  });
}

function buildModel() {
  const init = (seed) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({ name: 'dense' });
  model.add(tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu', kernelInitializer: init(1) }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tf.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: init(3) }));
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function main() {
  const backend = process.env.DENSE_BACKEND || 'wasm';
  await timing.step('tfReady', (async () => {
    if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend ${backend} did not start`);
    await tf.ready();
  })());
  const { xs, ys } = generatedData();
  const model = buildModel();
  const started = Date.now();
  const history = await model.fit(xs, ys, { epochs: EPOCHS, batchSize: BATCH_SIZE, shuffle: true, verbose: 0, callbacks: timing.callbacks() });
  const accuracy = history.history.acc.at(-1);
  console.log(`Final training accuracy: ${Number(accuracy).toFixed(3)} after ${EPOCHS} epochs of ${Math.ceil(SAMPLES / BATCH_SIZE)} batches in ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s; backend ${tf.getBackend()}`);
  timing.print();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
