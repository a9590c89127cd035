// For the debugger tests: normalize's parameter and locals are TF.js tensors.
const tf = require('@tensorflow/tfjs');

function normalize(batch) {
  const mean = batch.mean(0);
  const centred = batch.sub(mean);
  const spread = centred.square().mean(0).sqrt();
  return centred.div(spread.add(1e-6));
}

const normalized = normalize(tf.tensor2d([[1, 2, 3], [4, 5, 6]]));
console.log(normalized.shape.join('x'));
