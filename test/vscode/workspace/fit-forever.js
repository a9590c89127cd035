// Trains a tiny model for a million epochs (4 batches each): a run that only Stop ends.
const tf = require('@tensorflow/tfjs');

async function main() {
  await tf.setBackend('cpu');
  const xs = tf.randomNormal([32, 3], 0, 1, 'float32', 1);
  const ys = tf.randomNormal([32, 1], 0, 1, 'float32', 2);
  const model = tf.sequential({ name: 'endless', layers: [tf.layers.dense({ inputShape: [3], units: 1 })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  await model.fit(xs, ys, { epochs: 1_000_000, batchSize: 8, verbose: 0 });
}

main();
