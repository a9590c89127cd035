// The data pipeline, as plain functions in the spirit of fastai's DataBlock:
// get the items, split them, label each one from its file name, decode and resize each image.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { PNG } = require('pngjs');
const { seededRandom } = require('./seeded-random');

/** The "get items" step: every PNG in a folder, as absolute paths in a stable order. */
function getImageFiles(dir) {
  return fs.readdirSync(dir)
    .filter((name) => name.toLowerCase().endsWith('.png'))
    .sort()
    .map((name) => path.join(dir, name));
}


/**
 * Like fastai's RandomSplitter: returns a splitter that takes the items and returns
 * [trainIndices, validIndices], a random `validPct` of the items going to validation.
 */
function randomSplitter(validPct = 0.2, seed = 42) {
  return (items) => {
    const random = seededRandom(seed);
    const order = items.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) { // Fisher–Yates shuffle
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const cut = Math.round(items.length * validPct);
    return [order.slice(cut), order.slice(0, cut)];
  };
}

/** The breed from a file name such as ".../great_pyrenees_3.png" (fastai's RegexLabeller). */
function labelFromFilename(file) {
  const match = /^(.+)_\d+\.png$/.exec(path.basename(file));
  if (!match) throw new Error(`Cannot read a label from the file name ${file}`);
  return match[1];
}

/** Decodes a PNG into a float32 [size, size, 3] tensor in [0, 1], resized with bilinear sampling. */
function loadImage(tf, file, size) {
  const { width, height, data } = PNG.sync.read(fs.readFileSync(file)); // data is RGBA
  const rgb = new Float32Array(width * height * 3);
  for (let p = 0, q = 0; p < data.length; p += 4) {
    rgb[q++] = data[p] / 255;
    rgb[q++] = data[p + 1] / 255;
    rgb[q++] = data[p + 2] / 255;
  }
  return tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(rgb, [height, width, 3]), [size, size]));
}

module.exports = { getImageFiles, randomSplitter, labelFromFilename, loadImage };
