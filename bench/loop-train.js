// A custom training loop for bench/custom-loop-steps.ts: an MLP 784-128-64-10 stepped with
// model.trainOnBatch on generated data (seeded, batch 32, cpu backend), no fit call. Prints the mean
// ms per step after the first 10 (`loop-ms-per-step 12.3`).
//   node bench/loop-train.js [--steps 200]
'use strict';
const tf = require('@tensorflow/tfjs');
const { performance } = require('node:perf_hooks');

const at = process.argv.indexOf('--steps');
const STEPS = at >= 0 ? Number(process.argv[at + 1]) : 200;
const WARM_UP = 10;

async function main() {
  const init = (seed) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential({ name: 'loop' });
  model.add(tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu', kernelInitializer: init(1) }));
  model.add(tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(3) }));
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.randomUniform([32, 784], 0, 1, 'float32', 1);
  const ys = tf.oneHot(tf.randomUniform([32], 0, 10, 'int32', 2), 10).toFloat();
  let from = 0;
  for (let step = 0; step < STEPS; step++) {
    if (step === WARM_UP) from = performance.now();
    await model.trainOnBatch(xs, ys);
  }
  console.log(`loop-ms-per-step ${((performance.now() - from) / (STEPS - WARM_UP)).toFixed(4)}`);
}
main();
