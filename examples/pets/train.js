// Trains a small CNN to tell six pet breeds apart, fastai "Pets" style, with TensorFlow.js.
//   node make-data.js   (once: writes data/images/*.png)
//   node train.js [--epochs 6]      (PETS_TIMING=1: a last line of timings for the bench, timing.js)
'use strict';
const path = require('node:path');
const { loadTensorFlow } = require('./backend');
const { getImageFiles, randomSplitter, labelFromFilename, loadImage } = require('./pipeline');

const IMAGE_DIR = path.join(__dirname, 'data', 'images');
const IMAGE_SIZE = 32;
const BATCH_SIZE = 32;
const epochsArg = process.argv.indexOf('--epochs');
const EPOCHS = epochsArg >= 0 ? Number(process.argv[epochsArg + 1]) : 6;

// Like fastai's DataBlock: how to get the items, split them and label them.
const pets = {
  getItems: getImageFiles,
  splitter: randomSplitter(0.2, 42),
  getLabel: labelFromFilename,
};

function buildModel(tf, numClasses) {
  const init = (seed) => tf.initializers.glorotUniform({ seed });
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [IMAGE_SIZE, IMAGE_SIZE, 3], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: init(3) }));
  model.compile({ optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

async function main() {
  const { tf, backend } = await timing.step('tfReady', loadTensorFlow());
  const items = pets.getItems(IMAGE_DIR);
  if (items.length === 0) throw new Error(`No images in ${IMAGE_DIR}: run "node make-data.js" first`);
  const [trainIdx, validIdx] = pets.splitter(items);
  const labels = items.map((file) => pets.getLabel(file));
  const vocab = [...new Set(labels)].sort();
  console.log(`${items.length} images, ${vocab.length} breeds (${vocab.join(', ')}); ` +
    `${trainIdx.length} train / ${validIdx.length} valid; backend ${backend}`);

  // A tf.data pipeline: (file, label index) → decoded, resized image and one-hot label, in batches.
  const toDataset = (indices, shuffle) => {
    const records = tf.data.array(indices.map((i) => ({ file: items[i], label: vocab.indexOf(labels[i]) })));
    return (shuffle ? records.shuffle(indices.length, 'pets') : records)
      .map(({ file, label }) => ({ xs: loadImage(tf, file, IMAGE_SIZE), ys: tf.oneHot(tf.tensor1d([label], 'int32'), vocab.length).squeeze() }))
      .batch(BATCH_SIZE);
  };
  const trainDs = toDataset(trainIdx, true);
  const validDs = toDataset(validIdx, false);

  const model = buildModel(tf, vocab.length);
  const started = Date.now();
  await model.fitDataset(trainDs, {
    epochs: EPOCHS,
    validationData: validDs,
    verbose: 0,
    callbacks: [...timing.callbacks(), {
      onEpochEnd: (epoch, logs) => console.log(
        `epoch ${epoch + 1}/${EPOCHS}  loss ${logs.loss.toFixed(3)}  acc ${logs.acc.toFixed(3)}  ` +
        `valid loss ${logs.val_loss.toFixed(3)}  valid acc ${logs.val_acc.toFixed(3)}  (${((Date.now() - started) / 1000).toFixed(1)} s)`),
    }],
  });
  const [, accuracy] = await model.evaluateDataset(validDs);
  console.log(`Final validation accuracy: ${(await accuracy.data())[0].toFixed(3)} after ${EPOCHS} epochs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  timing.print();
}

const timing = require('./timing').fromEnvironment(); // does nothing unless PETS_TIMING=1

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
