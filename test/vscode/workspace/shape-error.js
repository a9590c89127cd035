// For the post-mortem: a fit whose loss throws a shape error (a matMul of the [2,3] predictions by a
// [2,2] matrix), so the run ends in an unhandled rejection thrown from the loss's line.
const tf = require('@tensorflow/tfjs');

function wrongLoss(yTrue, yPred) {
  return tf.losses.meanSquaredError(yTrue, tf.matMul(yPred, tf.ones([2, 2])));
}

async function main() {
  await tf.setBackend('cpu');
  const xs = tf.ones([4, 3]);
  const ys = tf.ones([4, 3]);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [3] })] });
  model.compile({ optimizer: 'sgd', loss: wrongLoss });
  await model.fit(xs, ys, { epochs: 1, batchSize: 2, verbose: 0 });
}

main();
