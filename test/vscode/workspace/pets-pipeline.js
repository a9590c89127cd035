// A module of data steps, as examples/pets/pipeline.js: it is only called when an entry script that
// uses it runs (run-pets.js), so a trace started here must run that script, not this file.
'use strict';

const BREEDS = ['Havanese', 'Keeshond', 'Samoyed'];

function listItems(count) {
  return BREEDS.flatMap((breed) => Array.from({ length: count }, (_, i) => `${breed}_${i + 1}.png`));
}

function randomSplitter(validPct) {
  return (items) => {
    const cut = Math.round(items.length * validPct);
    return [items.slice(cut), items.slice(0, cut)];
  };
}

function labelFromName(name) {
  return name.slice(0, name.lastIndexOf('_'));
}

module.exports = { BREEDS, listItems, randomSplitter, labelFromName };
