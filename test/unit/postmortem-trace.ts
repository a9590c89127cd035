// A post-mortem trace written by hand in the documented format (docs/trace-format.md): a custom loss
// multiplies tensors whose shapes do not fit, inside model.fit, after two batches; TF.js's frames around
// the user's, an async caller, a hostile variable name and value, a tensor holding NaN and Infinity.
import type { CallEvent, PostmortemEvent, PostmortemFrame, TraceEvent } from '../../src/protocol/events';
import type { Preview, TensorPreview } from '../../src/protocol/preview';

export const HOSTILE = '<img src=x onerror=alert(1)>';
export const CWD = '/work/project';
export const TRAIN = `${CWD}/train.js`;
const TFJS = `${CWD}/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js`;

const stats = (min: number | 'NaN', max: number | 'Infinity', mean: number | 'NaN', std: number | 'NaN', nanCount = 0, infCount = 0) =>
  ({ min, max, mean, std, nanCount, infCount, zeroCount: 0 });
export const yPred: TensorPreview = { kind: 'tensor', className: 'Tensor', shape: [4, 2], dtype: 'float32', size: 8, backend: 'cpu', values: [0.12, -1.5, 3.25, 0, 0.5, 1, 2, 0.75], stats: stats(-1.5, 3.25, 0.77, 1.32) };
export const weights: TensorPreview = { kind: 'tensor', className: 'Variable', shape: [3, 5], dtype: 'float32', size: 15, backend: 'cpu', values: [1, 'NaN', 1, 1, 'Infinity', 1, 1, 1], truncated: true, stats: stats('NaN', 'Infinity', 'NaN', 'NaN', 1, 1) };
const str = (value: string): Preview => ({ kind: 'string', value, length: value.length });
const num = (value: number): Preview => ({ kind: 'number', value });

const library = (fn: string | null, line: number, scopes: PostmortemFrame['scopes'] = null): PostmortemFrame =>
  ({ function: fn, file: TFJS, line, column: 9, user: false, async: false, scopes });

export const frames: PostmortemFrame[] = [
  library('assert', 454, [{ kind: 'local', name: 'assert', variables: [{ name: 'expr', value: { kind: 'boolean', value: false } }], omitted: 0 }]),
  library('batchMatMul', 3858, [{ kind: 'local', name: 'batchMatMul', variables: [{ name: 'a', value: yPred }, { name: 'b', value: weights }], omitted: 40 }]),
  library('matMul_', 10043),
  {
    function: 'badLoss', file: TRAIN, line: 6, column: 21, user: true, async: false,
    scopes: [
      {
        kind: 'local', name: 'badLoss', omitted: 0, variables: [
          { name: 'yPred', value: yPred },
          { name: 'weights', value: weights },
          { name: HOSTILE, value: str(HOSTILE) },
          { name: 'settings', value: { kind: 'object', className: 'Object', keyCount: 2, entries: [{ key: 'units', value: num(5) }, { key: 'label', value: str('cat') }] } },
        ],
      },
      { kind: 'closure', name: null, omitted: 0, variables: [{ name: 'tf', value: { kind: 'object', className: 'Object', keyCount: 900, entries: [], truncated: true } }, { name: 'badLoss', value: { kind: 'function', className: 'Function', name: 'badLoss' } }] },
    ],
  },
  library('totalLossFunction', 24616),
  library(null, 4562),
  { function: 'main', file: TRAIN, line: 14, column: 15, user: true, async: true, scopes: null },
];

export const postmortem: PostmortemEvent = {
  type: 'postmortem', origin: 'unhandledRejection',
  error: { kind: 'error', className: 'Error', message: `Error in matMul: inner shapes (2) and (3) of Tensors with shapes 4,2 and 3,5 must match. ${HOSTILE}`, stack: 'Error: Error in matMul…' },
  frames, framesOmitted: 2,
  cause: {
    operation: 'MatMul',
    sentence: 'matMul at train.js:6 got a [4,2] and a [3,5] float32: inner dimensions 2 and 3 differ',
    operands: [{ name: 'a', shape: [4, 2], dtype: 'float32' }, { name: 'b', shape: [3, 5], dtype: 'float32' }],
    site: { file: TRAIN, line: 6, column: 21 },
  },
  snapshot: 'complete', note: null, snapshotMs: 12.5, time: 900,
};

const call = (seq: number, callNumber: number, time: number): CallEvent => ({
  type: 'call', seq, callableId: 'train.js#badLoss', callable: 'badLoss', site: { file: TRAIN, line: 4, column: 1 }, callNumber,
  args: [yPred], async: false, durationMs: 0.5, stack: [], time,
});

/** A run that trains two batches of a 3-epoch fit, then fails in the loss of the third. */
export function failingRun(): TraceEvent[] {
  return [
    { type: 'run', version: 1, script: TRAIN, args: [], cwd: CWD, node: 'v20.0.0', platform: 'linux', pid: 7, startTime: '2026-12-02T14:00:00.000Z', targets: [], maxCalls: 3, time: 0 },
    { type: 'callable', id: 'train.js#badLoss', name: 'badLoss', kind: 'declaration', site: { file: TRAIN, line: 4, column: 1 }, traced: true, time: 1 },
    {
      type: 'model', modelId: 1, model: 'sequential_1', fitCall: 1, api: 'fit', epochs: 3, initialEpoch: 0, batchSize: 4, samples: 12, steps: null,
      metrics: ['loss', 'acc'], layers: [], totalParams: 10, trainableParams: 10, time: 100,
    },
    call(1, 1, 110),
    { type: 'batch', modelId: 1, fitCall: 1, epoch: 0, batch: 0, size: 4, logs: { loss: 0.9, acc: 0.25 }, durationMs: 3, time: 200 },
    { type: 'memory', modelId: 1, fitCall: 1, epoch: 0, batch: 0, numTensors: 40, numDataBuffers: 38, numBytes: 10_240, time: 201 },
    call(2, 2, 210),
    { type: 'batch', modelId: 1, fitCall: 1, epoch: 0, batch: 1, size: 4, logs: { loss: 0.8123, acc: 0.5 }, durationMs: 3, time: 300 },
    { type: 'memory', modelId: 1, fitCall: 1, epoch: 0, batch: 1, numTensors: 42, numDataBuffers: 40, numBytes: 11_264, time: 301 },
    call(3, 3, 310),
    call(4, 4, 410),
    postmortem,
    { type: 'exit', code: 1, signal: null, stoppedBy: null, durationMs: 1000, time: 1000 },
  ];
}
