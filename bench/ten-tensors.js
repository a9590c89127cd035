// The bench's post-mortem section (bench/postmortem-section.ts): a function with ten tensor locals
// throws; the time of the throw is printed first (`ten-tensors {"throwAt": epoch ms}`), so that the
// bench can tell how long after it the post-mortem was written.
'use strict';
const fs = require('node:fs');
const tf = require('@tensorflow/tfjs');

function checkBatch() {
  const [a, b, c, d, e] = [1, 2, 3, 4, 5].map((n) => tf.randomNormal([32, 64 * n], 0, 1, 'float32', n));
  const [f, g, h, i, j] = [6, 7, 8, 9, 10].map((n) => tf.ones([n, 128]));
  const shapes = [a, b, c, d, e, f, g, h, i, j].map((t) => t.shape[1]);
  fs.writeSync(1, `ten-tensors ${JSON.stringify({ throwAt: performance.timeOrigin + performance.now() })}\n`);
  throw new Error(`widths ${shapes.join(',')} do not line up`);
}

checkBatch();
