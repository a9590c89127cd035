// Picks the fastest TensorFlow.js that installs here: tfjs-node if it loads, otherwise tfjs with the
// wasm backend plus this example's own Conv2D gradients (see conv2d-gradient.js).
'use strict';

async function loadTensorFlow() {
  try {
    const tf = require('@tensorflow/tfjs-node');
    return { tf, backend: 'tensorflow (tfjs-node)' };
  } catch {
    // tfjs-node is optional: its install needs libtensorflow from the internet.
  }
  const tf = require('@tensorflow/tfjs');
  require('@tensorflow/tfjs-backend-wasm');
  require('./conv2d-gradient').useFastConv2dGradient(tf);
  // Loading the wasm package already made it the default; ready() waits until it has initialised.
  const backend = process.env.PETS_BACKEND || 'wasm';
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend ${backend} did not start`);
  await tf.ready();
  return { tf, backend: tf.getBackend() };
}

module.exports = { loadTensorFlow };
