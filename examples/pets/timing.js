// With PETS_TIMING=1, train.js notes the time (epoch milliseconds, comparable with another process's
// on this machine) and its own CPU time so far (user + system ms) at each step and each batch, and
// prints them as its last line, `pets-timing {…}`, for the repository's bench (scripts/bench.ts).
// Without it, every function here does nothing.
'use strict';
const { performance } = require('node:perf_hooks');

const clock = () => performance.timeOrigin + performance.now();
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function fromEnvironment() {
  if (process.env.PETS_TIMING !== '1') {
    return { step: (_name, promise) => promise, callbacks: () => [], print: () => {} };
  }
  const timing = { processStart: performance.timeOrigin, tfReady: null, tfReadyCpu: null, epochs: [], end: null, endCpu: null };
  const current = () => timing.epochs[timing.epochs.length - 1];
  return {
    /** Notes when `promise` (e.g. TF.js being loaded) is done, as `name`. */
    step: async (name, promise) => {
      const value = await promise;
      [timing[name], timing[`${name}Cpu`]] = [clock(), cpu()];
      return value;
    },
    /** fitDataset callbacks that note when each epoch and each batch begins, and each epoch ends. */
    callbacks: () => [{
      onEpochBegin: () => { timing.epochs.push({ begin: clock(), batches: [], batchesCpu: [], end: null }); },
      onBatchBegin: () => {
        current().batches.push(clock());
        current().batchesCpu.push(cpu());
      },
      onEpochEnd: () => { current().end = clock(); },
    }],
    print: () => {
      [timing.end, timing.endCpu] = [clock(), cpu()];
      console.log(`pets-timing ${JSON.stringify(timing)}`);
    },
  };
}

module.exports = { fromEnvironment };
