// The entry script that uses pets-pipeline.js, DataBlock style: node run-pets.js [--epochs N]
'use strict';
const tf = require('@tensorflow/tfjs');
const { BREEDS, listItems, randomSplitter, labelFromName } = require('./pets-pipeline');

const epochsArg = process.argv.indexOf('--epochs');
const EPOCHS = epochsArg >= 0 ? Number(process.argv[epochsArg + 1]) : 3;

const pets = {
  getItems: listItems,
  splitter: randomSplitter(0.25),
  getLabel: labelFromName,
};
const tfms = { scale: (x) => x / 20, shift: (x) => x - 0.5 };

async function main() {
  await tf.setBackend('cpu');
  console.log(`epochs ${EPOCHS}`);
  const items = pets.getItems(4);
  const [train] = pets.splitter(items);
  const ds = tf.data
    .array(train)
    .map((name) => ({ xs: tf.tensor1d([tfms.shift(tfms.scale(name.length))]), ys: tf.oneHot(BREEDS.indexOf(pets.getLabel(name)), BREEDS.length) }))
    .batch(3);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: BREEDS.length, activation: 'softmax' })] });
  model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  await model.fitDataset(ds, { epochs: EPOCHS, verbose: 0 });
}

main();
