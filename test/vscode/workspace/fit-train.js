// A tiny real training run for "Run with Introspection": model.fit over 32 samples in batches of 8
// (4 batches an epoch) for 4 epochs, on the cpu backend, to its end.
const tf = require('@tensorflow/tfjs');

async function main() {
  await tf.setBackend('cpu');
  const xs = tf.randomNormal([32, 3], 0, 1, 'float32', 1);
  const ys = tf.randomNormal([32, 1], 0, 1, 'float32', 2);
  const model = tf.sequential({ name: 'tiny', layers: [tf.layers.dense({ inputShape: [3], units: 1 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await model.fit(xs, ys, { epochs: 4, batchSize: 8, verbose: 0 });
  console.log('trained');
}

main();
