// For the health alerts: a regression whose loss has a log term of the targets. From the fourth batch
// on (batch size 2) the targets are negative, so tf.log gives NaN and so does the loss.
const tf = require('@tensorflow/tfjs');

function logTargetLoss(yTrue, yPred) {
  const logTerm = tf.log(yTrue).mean().mul(0.01);
  return tf.losses.meanSquaredError(yTrue, yPred).add(logTerm);
}

async function main() {
  await tf.setBackend('cpu');
  const xs = tf.tensor2d([[1], [2], [3], [4], [5], [6], [7], [8], [9], [10], [11], [12]]);
  const ys = tf.tensor2d([[2], [4], [6], [8], [10], [12], [-1], [-1], [-1], [-1], [-1], [-1]]);
  const model = tf.sequential({ name: 'logtarget', layers: [tf.layers.dense({ units: 1, inputShape: [1], kernelInitializer: 'ones' })] });
  model.compile({ optimizer: tf.train.sgd(0.001), loss: logTargetLoss });
  await model.fit(xs, ys, { epochs: 1, batchSize: 2, shuffle: false, verbose: 0 });
}

main();
