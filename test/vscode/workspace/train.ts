// The same pipeline as train.js in TypeScript (run through tsx by Trainspect, not compiled by the user).
import * as tf from '@tensorflow/tfjs';

interface Split {
  train: string[];
  valid: string[];
}

const BREEDS: string[] = ['Birman', 'Ragdoll', 'Sphynx'];
const items: string[] = BREEDS.flatMap((breed) => Array.from({ length: 6 }, (_, i) => `${breed}_${i + 1}.png`));

function splitter(names: string[], validPct: number): Split {
  const cut = Math.round(names.length * validPct);
  return { train: names.slice(cut), valid: names.slice(0, cut) };
}

const getLabel = (name: string): string => name.split('_')[0];

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const { train } = splitter(items, 0.25);
  const ds = tf.data
    .array(train)
    .map((name: string) => ({ xs: tf.tensor1d([name.length / 20]), ys: tf.oneHot(BREEDS.indexOf(getLabel(name)), BREEDS.length) }))
    .batch(4);
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: BREEDS.length, activation: 'softmax' })] });
  model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  await model.fitDataset(ds, { epochs: 1, verbose: 0 });
  console.log(`trained on ${train.length} images`);
}

void main();
