// Image paths as a real pipeline has them (absolute, long), a seeded splitter that returns index arrays
// and has a defaulted parameter, and a labeller: what the end-to-end test shows in four themes.
const path = require('node:path');

const BREEDS = ['Abyssinian', 'Bengal', 'great_pyrenees', 'Siamese'];
const items = BREEDS.flatMap((breed) => Array.from({ length: 25 }, (_, i) => path.join(__dirname, 'data', 'oxford-iiit-pet', 'images', `${breed}_${i + 1}.png`)));

function splitter(names, validPct = 0.2, seed = 42) {
  let state = seed;
  const random = () => ((state = (state * 16807) % 2147483647) / 2147483647);
  const order = names.map((_, i) => i).sort(() => random() - 0.5);
  const cut = Math.round(names.length * validPct);
  return [order.slice(cut), order.slice(0, cut)];
}

const labelFromFilename = (file) => /^(.+)_\d+\.png$/.exec(path.basename(file))[1];

const [train, valid] = splitter(items);
const labels = items.map(labelFromFilename);
console.log(`${train.length} train / ${valid.length} valid, ${new Set(labels).size} breeds`);
