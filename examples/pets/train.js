// Trains a small CNN to tell six pet breeds apart, fastai "Pets" style, with TensorFlow.js.
//   node make-data.js   (once: writes data/images/*.png)
//   node train.js [--epochs 6]
//   PETS_TIMING=1 node train.js   (one more line at the end: the run's clock readings, for scripts/bench.ts)
'use strict';
const path = require('node:path');
const { performance } = require('node:perf_hooks');
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

// With PETS_TIMING=1, the run notes the time (epoch milliseconds, comparable with another process's
// on this machine) and its own CPU time so far (user + system ms) at each step, and prints them last.
const clock = () => performance.timeOrigin + performance.now();
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const timing = process.env.PETS_TIMING === '1' ? { processStart: performance.timeOrigin, tfReady: null, tfReadyCpu: null, epochs: [], end: null, endCpu: null } : null;

/** With PETS_TIMING=1: callbacks that note when each epoch and each batch begins, and each epoch ends. */
function timingCallbacks() {
  if (!timing) return {};
  return {
    onEpochBegin: () => { timing.epochs.push({ begin: clock(), batches: [], batchesCpu: [], end: null }); },
    onBatchBegin: () => {
      const epoch = timing.epochs[timing.epochs.length - 1];
      epoch.batches.push(clock());
      epoch.batchesCpu.push(cpu());
    },
  };
}

async function main() {
  const { tf, backend } = await loadTensorFlow();
  if (timing) [timing.tfReady, timing.tfReadyCpu] = [clock(), cpu()];
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
    callbacks: {
      ...timingCallbacks(),
      onEpochEnd: (epoch, logs) => {
        if (timing) timing.epochs[epoch].end = clock();
        console.log(
          `epoch ${epoch + 1}/${EPOCHS}  loss ${logs.loss.toFixed(3)}  acc ${logs.acc.toFixed(3)}  ` +
          `valid loss ${logs.val_loss.toFixed(3)}  valid acc ${logs.val_acc.toFixed(3)}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      },
    },
  });
  const [, accuracy] = await model.evaluateDataset(validDs);
  console.log(`Final validation accuracy: ${(await accuracy.data())[0].toFixed(3)} after ${EPOCHS} epochs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (timing) {
    [timing.end, timing.endCpu] = [clock(), cpu()];
    console.log(`pets-timing ${JSON.stringify(timing)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
