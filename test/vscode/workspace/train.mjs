// The same pipeline as train.js, as an ES module with top-level await.
import * as tf from '@tensorflow/tfjs';

const BREEDS = ['Beagle', 'Boxer', 'Pug'];
const items = BREEDS.flatMap((breed) => Array.from({ length: 8 }, (_, i) => `${breed}_${i + 1}.png`));

export function splitter(names, validPct) {
  const cut = Math.round(names.length * validPct);
  return { train: names.filter((_, i) => i % 5 !== 0 || i / 5 >= cut), valid: names.filter((_, i) => i % 5 === 0 && i / 5 < cut) };
}

export const getLabel = (name) => name.slice(0, name.lastIndexOf('_'));

await tf.setBackend('cpu');
const { train } = splitter(items, 0.2);
const ds = tf.data.array(train).map((name) => ({ xs: tf.tensor1d([name.length / 20, BREEDS.indexOf(getLabel(name)) / 3]), ys: tf.oneHot(BREEDS.indexOf(getLabel(name)), BREEDS.length) })).batch(4);
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: BREEDS.length, activation: 'softmax' })] });
model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
await model.fitDataset(ds, { epochs: 1, verbose: 0 });
console.log(`trained on ${train.length} images`);
