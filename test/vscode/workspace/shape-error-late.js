// shape-error.js's failing fit, three seconds after TF.js is ready: time for a test to hide the panel
// before the run fails.
const tf = require('@tensorflow/tfjs');

function wrongLoss(yTrue, yPred) {
  return tf.losses.meanSquaredError(yTrue, tf.matMul(yPred, tf.ones([2, 2])));
}

async function main() {
  await tf.setBackend('cpu');
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const xs = tf.ones([4, 3]);
  const ys = tf.ones([4, 3]);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [3] })] });
  model.compile({ optimizer: 'sgd', loss: wrongLoss });
  await model.fit(xs, ys, { epochs: 1, batchSize: 2, verbose: 0 });
}

main();
