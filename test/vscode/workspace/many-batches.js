// A real training run with many batches, for opening a stored run: model.fit over 6,000 samples (or the
// first argument's count) in batches of 1 for one epoch: 6,000 batches, twelve times the 500 a panel's
// catch-up keeps and three of Open's chunks (100,000 for the stored-run benchmark, docs/benchmarks.md),
// on the cpu backend.
const tf = require('@tensorflow/tfjs');

const SAMPLES = Number(process.argv[2] ?? 6000);

async function main() {
  await tf.setBackend('cpu');
  const xs = tf.randomNormal([SAMPLES, 2], 0, 1, 'float32', 1);
  const ys = tf.randomNormal([SAMPLES, 1], 0, 1, 'float32', 2);
  const model = tf.sequential({ name: 'tiny', layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await model.fit(xs, ys, { epochs: 1, batchSize: 1, verbose: 0 });
  console.log('trained');
}

main();
