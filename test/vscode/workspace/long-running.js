// Labels one file name every 100 ms, forever: a run that ends only when Trainspect stops it.
const getLabel = (name) => name.split('_')[0];

let i = 0;
setInterval(() => {
  i += 1;
  getLabel(`Bombay_${i}.png`);
}, 100);
