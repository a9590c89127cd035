// The bench's reading of the `pets-timing` line (examples/pets/train.js with PETS_TIMING=1).
import * as assert from 'node:assert/strict';
import { parsePetsTiming, runFigures, trainingFigures, type PetsTiming } from '../../../bench/pets-timing';

// Two epochs of three batches; times in ms after an arbitrary epoch start.
const T0 = 1_800_000_000_000;
const timing: PetsTiming = {
  processStart: T0 + 40,
  tfReady: T0 + 300,
  tfReadyCpu: 250,
  epochs: [
    { begin: T0 + 350, batches: [T0 + 360, T0 + 500, T0 + 600], batchesCpu: [290, 420, 515], end: T0 + 700 },
    { begin: T0 + 700, batches: [T0 + 710, T0 + 790, T0 + 880], batchesCpu: [600, 675, 760], end: T0 + 960 },
  ],
  end: T0 + 1000,
  endCpu: 830,
};
const line = (t: unknown) => `epoch 1/2  loss 1.7\nFinal validation accuracy: 0.767\npets-timing ${JSON.stringify(t)}\n`;

describe('bench: the pets-timing line', () => {
  it('reads the line and splits the run into start-up phases and a steady state', () => {
    const figures = runFigures(parsePetsTiming(line(timing)), T0, T0 + 1030);
    assert.deepEqual(figures, {
      startupMs: 360, // spawn → first batch of epoch 1
      launchMs: 40,
      loadMs: 260,
      prepareMs: 60,
      msPerBatch: 85, // epoch 2 only: (880 − 710) / 2 intervals
      steadyIntervals: 2,
      loadCpuMs: 250,
      prepareCpuMs: 40,
      cpuMsPerBatch: 80, // (760 − 600) / 2
      tailMs: 30,
    });
  });

  it('averages the steady state over the batch intervals of every epoch after the first', () => {
    const three = { ...timing, epochs: [...timing.epochs, { begin: T0 + 960, batches: [T0 + 965, T0 + 1065, T0 + 1165, T0 + 1265], batchesCpu: [840, 930, 1020, 1110], end: T0 + 1300 }], end: T0 + 1310, endCpu: 1130 };
    const figures = runFigures(parsePetsTiming(line(three)), T0, T0 + 1320);
    assert.equal(figures.steadyIntervals, 5);
    assert.equal(figures.msPerBatch, (170 + 300) / 5);
    assert.equal(figures.cpuMsPerBatch, (160 + 270) / 5);
  });

  it('gives the training section ms per batch over whole epochs after the first, the time between epochs included', () => {
    const three = { ...timing, epochs: [...timing.epochs, { begin: T0 + 960, batches: [T0 + 1000, T0 + 1065], batchesCpu: [850, 930], end: T0 + 1100 }], end: T0 + 1110, endCpu: 950 };
    // Epoch 2's first batch (710) to epoch 3's first (1000): epoch 2's 3 batches and its end.
    assert.deepEqual(trainingFigures(parsePetsTiming(line(three))), { msPerBatch: 290 / 3, cpuMsPerBatch: 250 / 3, batches: 3 });
    assert.throws(() => trainingFigures(parsePetsTiming(line(timing))), /at least 3 epochs, got 2/);
  });

  it('takes the last pets-timing line, wherever it stands', () => {
    const earlier = { ...timing, end: T0 + 999 };
    assert.equal(parsePetsTiming(`pets-timing ${JSON.stringify(earlier)}\n${line(timing)}epoch text after\n`).end, T0 + 1000);
  });

  it('says what is wrong with a missing, broken or impossible line', () => {
    assert.throws(() => parsePetsTiming('Final validation accuracy: 0.767\n'), /no "pets-timing" line.*PETS_TIMING=1/);
    assert.throws(() => parsePetsTiming('pets-timing {"processStart": 1,\n'), /not JSON/);
    assert.throws(() => parsePetsTiming(line({ ...timing, tfReady: 'soon' })), /must be numbers/);
    assert.throws(() => parsePetsTiming(line({ ...timing, epochs: [] })), /no epochs/);
    assert.throws(() => parsePetsTiming(line({ ...timing, epochs: [{ ...timing.epochs[0], end: null }] })), /epoch 1 has a missing reading/);
    assert.throws(() => parsePetsTiming(line({ ...timing, epochs: [timing.epochs[1], timing.epochs[0]] })), /not in order/);
    assert.throws(() => parsePetsTiming(line({ ...timing, endCpu: 700 })), /not in order/);
    assert.throws(() => parsePetsTiming(line({ ...timing, epochs: [{ ...timing.epochs[0], batchesCpu: [290] }, timing.epochs[1]] })), /3 batch times but 1 CPU times/);
  });

  it('needs a second epoch for the steady state', () => {
    const one = { ...timing, epochs: [timing.epochs[0]], end: T0 + 710, endCpu: 520 };
    assert.throws(() => runFigures(parsePetsTiming(line(one)), T0, T0 + 720), /at least 2 epochs/);
  });
});
