// Checks conv2d-gradient.js against TF.js's stock Conv2D gradient on small random cases:
// the stock gradients are computed on the cpu backend, ours on cpu and on wasm.
//   node check-conv2d-gradient.js      (exits 1 if any relative error is above 1e-5)
'use strict';
const tf = require('@tensorflow/tfjs');
require('@tensorflow/tfjs-backend-wasm');
const { useFastConv2dGradient } = require('./conv2d-gradient');

const CASES = [
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [3, 10, 7, 2], filter: [3, 2, 2, 5], strides: [2, 1], pad: 'same' },
  { x: [1, 11, 11, 4], filter: [5, 5, 4, 2], strides: 2, pad: 'valid' },
  { x: [2, 8, 8, 1], filter: [1, 1, 1, 3], strides: 1, pad: 'same' },
];

/** Gradients of a scalar function of conv2d with respect to input and filter (seed must not be 0: 0 means unseeded). */
function gradients(c, seed) {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', seed);
    const w = tf.randomNormal(c.filter, 0, 1, 'float32', seed + 1);
    const loss = (a, b) => tf.conv2d(a, b, c.strides, c.pad).square().sum();
    return tf.grads(loss)([x, w]).map((t) => t.arraySync());
  });
}

function relativeError(a, b) {
  const fa = [a].flat(Infinity);
  const fb = [b].flat(Infinity);
  let diff = 0;
  let norm = 0;
  fa.forEach((v, i) => { diff += (v - fb[i]) ** 2; norm += fb[i] ** 2; });
  return Math.sqrt(diff / norm);
}

async function main() {
  await tf.setBackend('cpu');
  const stock = CASES.map((c, i) => gradients(c, 10 * i + 1));
  useFastConv2dGradient(tf);
  let worst = 0;
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    CASES.forEach((c, i) => {
      const [dx, dw] = gradients(c, 10 * i + 1);
      const errX = relativeError(dx, stock[i][0]);
      const errW = relativeError(dw, stock[i][1]);
      worst = Math.max(worst, errX, errW);
      console.log(`${backend.padEnd(4)} x ${JSON.stringify(c.x)} filter ${JSON.stringify(c.filter)} strides ${JSON.stringify(c.strides)} ${c.pad}: ` +
        `relative error dFilter ${errW.toExponential(1)}, dInput ${errX.toExponential(1)}`);
    });
  }
  console.log(worst <= 1e-5 ? `OK: worst relative error ${worst.toExponential(1)}` : `FAILED: worst relative error ${worst.toExponential(1)}`);
  process.exitCode = worst <= 1e-5 ? 0 : 1;
}

main();
