// The bench's post-mortem section (bench/postmortem-section.ts): a program that throws and catches
// about 10,000 errors a second — 100 µs of arithmetic, then a throw caught by its caller — for
// --iterations rounds, and prints `throw-loop {"ms": …}`, the loop's own time.
'use strict';
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ITERATIONS = option('--iterations', 20_000);
const WORK = option('--work', 5_000); // sin+cos rounds per iteration: about 100 µs on this project's machines

function step(i) {
  let acc = 0;
  for (let k = 0; k < WORK; k++) acc += Math.sin(i + k) * Math.cos(k);
  if (acc > -Infinity) throw new RangeError(`step ${i} over`);
  return acc;
}

const started = performance.now();
let caught = 0;
for (let i = 0; i < ITERATIONS; i++) {
  try {
    step(i);
  } catch {
    caught++;
  }
}
console.log(`throw-loop ${JSON.stringify({ ms: performance.now() - started, caught })}`);
