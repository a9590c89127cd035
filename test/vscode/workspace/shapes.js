// shapes.ts in plain JavaScript: by default its file runs as written and its ops' tensors are seen
// from TF.js's engine; three sites on one line (relu, slice, matMul), two batches of 32 and 8 rows.
const tf = require('@tensorflow/tfjs');

async function main() {
  await tf.setBackend('cpu');
  const xs = tf.randomNormal([40, 4]);
  const w = tf.randomNormal([4, 10]);
  for (let start = 0; start < 40; start += 32) {
    const out = tf.relu(xs.slice([start, 0], [Math.min(32, 40 - start), 4]).matMul(w));
    out.dispose();
  }
}

void main();
