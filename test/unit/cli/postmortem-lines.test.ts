import * as assert from 'node:assert/strict';
import { EventFormatter } from '../../../src/cli/format';
import type { TraceEvent } from '../../../src/protocol/events';
import { CWD, failingRun, HOSTILE, postmortem } from '../postmortem-trace';

const printed = (events: TraceEvent[], color = false): string => {
  const formatter = new EventFormatter({ cwd: CWD, color, prefix: '[t] ', showOutput: false, showUncaught: false, maxStackFrames: 3 });
  return events.map((e) => formatter.format(e)).join('');
};
const postmortemPart = (text: string): string[] => {
  const lines = text.split('\n');
  return lines.slice(lines.findIndex((l) => l.includes('post-mortem:')), lines.findIndex((l) => l.includes('exited with code')));
};

describe('CLI printer: the post-mortem', () => {
  it('prints it at exit, after the error: cause, user frames with tensors first, library frames counted, the context', () => {
    assert.deepEqual(postmortemPart(printed(failingRun())), [
      `[t] post-mortem: Unhandled rejection: Error: Error in matMul: inner shapes (2) and (3) of Tensors with shapes 4,2 and 3,5 must match. ${HOSTILE}`,
      '[t]   cause    matMul at train.js:6 got a [4,2] and a [3,5] float32: inner dimensions 2 and 3 differ',
      '[t]            operands a [4,2] float32, b [3,5] float32',
      '[t]            at train.js:6:21',
      '[t]   … 3 library frames',
      '[t]   at badLoss (train.js:6:21)',
      '[t]     yPred    Tensor float32 [4,2] x∈[-1.5, 3.25] μ=0.77 σ=1.32',
      '[t]     weights  Variable float32 [3,5] x∈[NaN, Infinity] μ=NaN σ=NaN NaN! Inf!',
      `[t]     ${HOSTILE} "${HOSTILE}"`,
      '[t]     settings {units: 5, label: "cat"}',
      '[t]     tf       {…}',
      '[t]   … 2 library frames',
      '[t]   async main (train.js:14:15)',
      '[t]   … 2 more frames not recorded',
      '[t]   training sequential_1 fit #1, epoch 1/3 batch 2/3  loss 0.8123  acc 0.5',
      '[t]   memory   42 tensors, 11,264 B',
      '[t]   last calls badLoss #2 at train.js:4, badLoss #3 at train.js:4, badLoss #4 at train.js:4',
      '[t]   snapshot variables read in 12.5 ms, as the error was thrown',
    ]);
  });

  it('prints nothing of it for a run that did not fail, and colours only when asked', () => {
    const clean = failingRun().filter((e) => e.type !== 'postmortem');
    assert.doesNotMatch(printed(clean), /post-mortem/);
    assert.doesNotMatch(printed(failingRun()), /\u001b/);
    assert.match(printed(failingRun(), true), /\u001b\[31m\u001b\[1mpost-mortem:\u001b\[22m Unhandled rejection/);
  });

  it('bounds the variables of a frame and says how many more there are', () => {
    const many = structuredClone(postmortem);
    const local = many.frames[3].scopes![0];
    local.variables = Array.from({ length: 9 }, (_, i) => ({ name: `v${i}`, value: { kind: 'number', value: i } }));
    local.omitted = 5;
    const lines = postmortemPart(printed([...failingRun().filter((e) => e.type !== 'postmortem' && e.type !== 'exit'), many, ...failingRun().slice(-1)]));
    const frame = lines.slice(lines.indexOf('[t]   at badLoss (train.js:6:21)') + 1, lines.indexOf('[t]   … 2 library frames'));
    assert.deepEqual(frame, ['[t]     v0       0', '[t]     v1       1', '[t]     v2       2', '[t]     v3       3', '[t]     v4       4', '[t]     v5       5', '[t]     … 9 more variables']);
  });

  it('prints a recursion\'s repeated frames once with a count, and at most 10 of the user\'s frames', () => {
    const recursion = structuredClone(postmortem);
    const deep = { ...recursion.frames[3], scopes: null, line: 9, column: 3 };
    recursion.frames = [recursion.frames[3], ...Array.from({ length: 4 }, () => ({ ...deep })), recursion.frames[4], ...Array.from({ length: 12 }, (_, i) => ({ ...deep, line: 20 + i }))];
    const lines = postmortemPart(printed([recursion, failingRun().at(-1)!])).filter((l) => /^\[t\] {3}(at|async|…) /.test(l));
    assert.deepEqual(lines, [
      '[t]   at badLoss (train.js:6:21)',
      '[t]   at badLoss (train.js:9:3) ×4',
      '[t]   … 1 library frame',
      ...Array.from({ length: 8 }, (_, i) => `[t]   at badLoss (train.js:${20 + i}:3)`),
      '[t]   … 4 more frames (4 of yours) not printed',
      '[t]   … 2 more frames not recorded',
    ]);
  });

  it('says process.exit as it was called', () => {
    const exit = { ...postmortem, origin: 'exit' as const, error: { kind: 'number' as const, value: 2 }, cause: null };
    assert.equal(postmortemPart(printed([exit, failingRun().at(-1)!]))[0], '[t] post-mortem: Exited: process.exit(2)');
  });

  it('spells out control characters in the error, a variable\'s name and value and a frame\'s function', () => {
    const hostile = structuredClone(postmortem);
    if (hostile.error.kind === 'error') hostile.error.message = 'bad\u001b[2J\r\nline';
    hostile.frames[3].function = 'loss\u001b]0;pwned\u0007';
    hostile.frames[3].scopes![0].variables = [{ name: 'x\u009b31m', value: { kind: 'string', value: '\u202eevil', length: 5 } }];
    const text = printed([hostile, failingRun().at(-1)!]);
    assert.doesNotMatch(text.replace(/\n/g, ''), /[\u0000-\u001f\u007f-\u009f\u202e]/, JSON.stringify(text));
    assert.match(text, /bad\\x1b\[2J\\r\\nline/);
    assert.match(text, /at loss\\x1b\]0;pwned\\x07 \(train\.js:6:21\)/);
  });
});
