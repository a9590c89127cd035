// A small CommonJS training script: file names → seeded split → labels from the names → a tf.data
// pipeline → a tiny model. Used by the real-VS-Code tests and the end-to-end test.
const tf = require('@tensorflow/tfjs');

const BREEDS = ['Abyssinian', 'Bengal', 'Persian', 'Siamese'];
const items = BREEDS.flatMap((breed) => Array.from({ length: 10 }, (_, i) => `${breed}_${i + 1}.png`));

function splitter(names, validPct) {
  let seed = 42;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const shuffled = names.slice().sort(() => random() - 0.5);
  const cut = Math.round(names.length * validPct);
  return { train: shuffled.slice(cut), valid: shuffled.slice(0, cut) };
}

const getLabel = (name) => /^([A-Za-z]+)_\d+\.png$/.exec(name)[1];

function features(name) {
  return [name.length / 20, (name.charCodeAt(0) % 7) / 7, (name.charCodeAt(1) % 5) / 5];
}

async function main() {
  await tf.setBackend('cpu');
  const { train } = splitter(items, 0.2);
  const ds = tf.data
    .array(train)
    .map((name) => ({ xs: tf.tensor1d(features(name)), ys: tf.oneHot(BREEDS.indexOf(getLabel(name)), BREEDS.length) }))
    .batch(8);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: BREEDS.length, activation: 'softmax' })] });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  await model.fitDataset(ds, { epochs: 2, verbose: 0 });
  console.log(`trained on ${train.length} images`);
}

main();
