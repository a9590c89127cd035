import * as assert from 'node:assert/strict';
import type { CallEvent, ExitEvent } from '../../../src/protocol/events';
import { EventFormatter } from '../../../src/cli/format';

const formatter = (color = false) => new EventFormatter({ cwd: '/p', color, prefix: '[t] ', showOutput: false, showUncaught: true, maxStackFrames: 3 });
const exit = (fields: Partial<ExitEvent>): ExitEvent => ({ type: 'exit', code: 0, signal: null, stoppedBy: null, durationMs: 1234, time: 1, ...fields });

describe('CLI printer', () => {
  it('says how the run ended in the shared wording, in red when it failed', () => {
    assert.equal(formatter().format(exit({ code: null, signal: 'SIGKILL' })), '[t] killed by SIGKILL after 1.2 s\n');
    assert.equal(formatter().format(exit({ code: null, signal: 'SIGTERM', stoppedBy: 'limit' })), '[t] stopped at the call limit (signal SIGTERM) after 1.2 s\n');
    assert.equal(formatter().format(exit({ code: 2 })), '[t] exited with code 2 after 1.2 s\n');
    assert.match(formatter(true).format(exit({ code: null, signal: 'SIGSEGV' })), /\u001b\[31mkilled by SIGSEGV/);
    assert.match(formatter(true).format(exit({ code: 0 })), /\u001b\[1mexited with code 0/);
  });
});

describe('CLI printer: a call in the words the panel uses', () => {
  const call = (fields: Partial<CallEvent>): CallEvent => ({
    type: 'call', seq: 1, callableId: 'c', callable: 'splitter', site: { file: '/p/a.js', line: 3, column: 1 }, callNumber: 1,
    args: [{ kind: 'number', value: 1 }], async: false, durationMs: 1, stack: [], time: 1, ...fields,
  });

  it('names arguments by their parameters, says which the call left out, and what a split means', () => {
    const text = formatter().format(call({
      params: [{ name: 'items' }, { name: 'validPct', default: '0.2' }, { name: 'seed' }],
      result: { kind: 'number', value: 2 },
      split: { items: 300, sizes: [240, 60], overlap: 0, missing: 0, outOfRange: 0 },
    }));
    assert.match(text, /\[t\] {3}items {4}/);
    assert.match(text, /\[t\] {3}validPct not passed: the default  = 0\.2\n/);
    assert.match(text, /\[t\] {3}seed {5}not passed  undefined\n/);
    assert.match(text, /\[t\] {3}Splits its 300 items into \[0\] 240 \(80%\) \[1\] 60 \(20%\) — no overlap, none left out\n/);
    assert.doesNotMatch(text, /arg 0/);
  });

  it('keeps "arg i" without parameters, counts arguments not captured, and says what is wrong with a split', () => {
    const text = formatter().format(call({
      argCount: 50_000, result: { kind: 'number', value: 2 },
      split: { items: 10, sizes: [8, 3], overlap: 1, missing: 0, outOfRange: 2 },
    }));
    assert.match(text, /\[t\] {3}arg 0 {4}/);
    assert.match(text, /… 49,999 more arguments not captured/);
    assert.match(text, /Splits its 10 items into \[0\] 8 \(80%\) \[1\] 3 \(30%\) — 1 item in more than one part, 2 indices out of range/);
  });
});

describe('CLI printer: label counts per part of a split', () => {
  it('names the labeller, how many calls it counted, and each part\'s labels, most first, escaped', () => {
    const text = formatter().format({
      type: 'split-labels', splitSeq: 1, callableId: 'l', callable: 'labelOf', items: 30, counted: 30,
      parts: [[['cat', 8], ['dog', 8], ['fox\u001b[2J', 8]], []], otherLabels: 2, time: 5,
    });
    assert.equal(text, [
      "[t] labelOf labelled the split's items (30 calls counted):",
      '[t]   [0]      cat 8, dog 8, fox\\x1b[2J 8',
      '[t]   [1]      none',
      '[t]   … 2 calls with labels beyond the first 100',
      '',
    ].join('\n'));
  });
});

describe('CLI printer: text from a trace is escaped', () => {
  const ESC = '\u001b';
  const hostile = `${ESC}]0;pwned${String.fromCharCode(7)}${ESC}[2J\r\n\t\u009b31m\u202e`;
  const assertClean = (text: string) => {
    // Only the line ends the printer adds itself remain; no other control character reaches the terminal.
    assert.doesNotMatch(text.replace(/\n/g, ''), /[\u0000-\u001f\u007f-\u009f\u202e]/, JSON.stringify(text));
  };

  it('spells out control characters in names, keys, class names, messages and paths', () => {
    const f = formatter();
    const printed = [
      f.format({ type: 'run', version: 1, script: `/p/x${hostile}.js`, args: [hostile], cwd: '/p', node: 'v20', platform: 'linux', pid: 1, startTime: '', targets: [hostile], maxCalls: 1, time: 0 }),
      f.format({
        type: 'call', seq: 1, callableId: 'c', callable: `split${hostile}`, site: { file: `/p/a${hostile}.js`, line: 1, column: 1 }, callNumber: 1,
        args: [
          { kind: 'object', className: `Pet${hostile}`, keyCount: 1, entries: [{ key: `k${hostile}`, value: { kind: 'string', value: hostile, length: hostile.length } }] },
          { kind: 'function', className: 'Function', name: hostile },
          { kind: 'map', className: 'Map', size: 1, keyTypes: { types: [hostile] }, valueTypes: { types: ['number'] }, entries: [{ key: { kind: 'symbol', description: hostile }, value: { kind: 'number', value: 1 } }] },
        ],
        error: { kind: 'error', className: `E${hostile}`, message: hostile }, async: false, durationMs: 1,
        stack: [{ function: `fn${hostile}`, file: `file:///p/b${encodeURIComponent(hostile)}.js`, line: 2, column: 3, user: true }], time: 1,
      }),
      f.format({ type: 'uncaught', origin: 'uncaughtException', error: { kind: 'error', className: 'Error', message: hostile }, time: 2 }),
      f.format({ type: 'notice', level: 'warning', code: 'target-not-found', message: `no ${hostile}`, time: 3 }),
      f.format({ type: 'phase', phase: 'training', api: hostile, time: 4 }),
      f.format({ type: 'exit', code: null, signal: hostile, stoppedBy: null, durationMs: 5, time: 5 }),
    ];
    for (const text of printed) assertClean(text);
    const call = printed[1];
    assert.match(call, /split\\x1b\]0;pwned\\x07\\x1b\[2J\\r\\n\\t\\x9b31m\\u202e\(…\)/);
    assert.match(call, /Pet\\x1b/);
    assert.match(call, /fn\\x1b.*b\\x1b/); // the file URL, turned into a path, escaped too
  });

  it('keeps colours it adds itself', () => {
    const text = formatter(true).format({ type: 'notice', level: 'error', code: 'spawn-failed', message: `x${ESC}[31m`, time: 1 });
    assert.equal(text, `[t] ${ESC}[31merror:${ESC}[39m x\\x1b[31m\n`);
  });

  it('shows a file URL that is not a path as written, escaped, instead of failing', () => {
    const text = formatter().format({ type: 'run', version: 1, script: `file://host${ESC}/x.js`, args: [], cwd: '/p', node: null, platform: 'linux', pid: null, startTime: '', targets: [], maxCalls: 1, time: 0 });
    assert.match(text, /file:\/\/host\\x1b\/x\.js/);
  });
});
