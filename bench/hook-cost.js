// Per-call cost of Trainspect's callable hook, measured inside one traced process.
// Run by scripts/bench.mjs as a user script under the real runtime (--require dist/runtime/preload.js),
// with targets ["labelFromFilename", "splitter"]: those two are wrapped, their twins below (same
// bodies, other names) are not. The first maxCalls calls of each traced one are recorded; the timed
// calls all come after. Prints one JSON line of results on stdout.
//   node bench/hook-cost.js [callsPerRound] [rounds]
'use strict';

// --- the traced pair (names match the targets; nothing else in this file may be named like them) ---
function labelFromFilename(file) {
  const match = /^(.+)_\d+\.png$/.exec(file.slice(file.lastIndexOf('/') + 1));
  return match ? match[1] : null;
}
const splitter = (items) => {
  const cut = Math.round(items.length * 0.2);
  return [items.slice(cut), items.slice(0, cut)];
};

// --- the untraced twins (same code, names that match no target) ---
function labelFromFilenameTwin(file) {
  const match = /^(.+)_\d+\.png$/.exec(file.slice(file.lastIndexOf('/') + 1));
  return match ? match[1] : null;
}
const splitterTwin = (items) => {
  const cut = Math.round(items.length * 0.2);
  return [items.slice(cut), items.slice(0, cut)];
};

const FILES = ['data/images/Abyssinian_12.png', 'data/images/great_pyrenees_3.png', 'data/images/pug_40.png', 'data/images/Bengal_7.png'];
const ITEMS = FILES.slice();
let sink = 0; // every result feeds this, so no call can be optimised away

// One loop per function, written out, so each call site sees one callee (no shared, polymorphic loop).
function timeLabeller(n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += labelFromFilename(FILES[i & 3]).length;
  return Number(process.hrtime.bigint() - start) / n;
}
function timeLabellerTwin(n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += labelFromFilenameTwin(FILES[i & 3]).length;
  return Number(process.hrtime.bigint() - start) / n;
}
function timeSplitter(n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += splitter(ITEMS)[1].length;
  return Number(process.hrtime.bigint() - start) / n;
}
function timeSplitterTwin(n) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += splitterTwin(ITEMS)[1].length;
  return Number(process.hrtime.bigint() - start) / n;
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

function measure(callsPerRound, rounds) {
  // Warm-up: gets the recorded first calls out of the way and lets V8 optimise every loop.
  for (const time of [timeLabeller, timeLabellerTwin, timeSplitter, timeSplitterTwin]) time(callsPerRound / 10);
  const samples = { tracedLabeller: [], twinLabeller: [], tracedSplitter: [], twinSplitter: [] };
  for (let r = 0; r < rounds; r++) { // interleaved, so drift in machine load hits both sides alike
    samples.tracedLabeller.push(timeLabeller(callsPerRound));
    samples.twinLabeller.push(timeLabellerTwin(callsPerRound));
    samples.tracedSplitter.push(timeSplitter(callsPerRound));
    samples.twinSplitter.push(timeSplitterTwin(callsPerRound));
  }
  const result = (traced, untraced) => ({
    tracedNs: median(traced), untracedNs: median(untraced), overheadNs: median(traced) - median(untraced),
    tracedSamplesNs: traced, untracedSamplesNs: untraced,
  });
  return {
    callsPerRound, rounds,
    labellerCost: result(samples.tracedLabeller, samples.twinLabeller),
    splitterCost: result(samples.tracedSplitter, samples.twinSplitter),
    sink,
  };
}

const callsPerRound = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 7);
process.stdout.write(`${JSON.stringify(measure(callsPerRound, rounds))}\n`);
