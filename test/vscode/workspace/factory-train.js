// Splits file names with a factory-made splitter (its body is in pipeline.js), twice: 40 names, then 20.
const { randomSplitter } = require('./pipeline');

const BREEDS = ['Abyssinian', 'Bengal', 'Persian', 'Siamese'];
const items = BREEDS.flatMap((breed) => Array.from({ length: 10 }, (_, i) => `${breed}_${i + 1}.png`));
const pets = { splitter: randomSplitter(0.25) };

for (const count of [40, 20]) {
  const { train, valid } = pets.splitter(items.slice(0, count));
  console.log(`${train.length} train / ${valid.length} valid`);
}
