import * as assert from 'node:assert/strict';
import type { TraceEvent, UncaughtEvent } from '../../../src/protocol/events';
import { syntaxErrorNotice, tfjsMissingNotice, unseenTargets } from '../../../src/host/run-notices';

const callable = (id: string, name: string, line: number): TraceEvent => ({ type: 'callable', id, name, kind: 'declaration', site: { file: '/p/a.js', line, column: 1 }, traced: true, time: 1 });
const called = (id: string, name: string): TraceEvent => ({ type: 'call', seq: 1, callableId: id, callable: name, site: { file: '/p/a.js', line: 1, column: 1 }, callNumber: 1, args: [], async: false, durationMs: 0, stack: [], time: 2 });
const uncaught = (className: string, message: string, stack?: string): UncaughtEvent => ({ type: 'uncaught', origin: 'uncaughtException', error: { kind: 'error', className, message, ...(stack ? { stack } : {}) }, time: 1 });

describe('end-of-run notices', () => {
  it('says which targets were never loaded or never called', () => {
    const events = [callable('1', 'splitter', 3), callable('2', 'getLabel', 9), called('2', 'getLabel')];
    const notices = unseenTargets(['splitter', 'getLabel', 'nope', 'getLabel@10'], events).map((u) => u.notice);
    assert.deepEqual(notices.map((n) => n.code), ['target-not-called', 'target-not-found', 'target-not-found']);
    assert.match(notices[0].message, /"splitter" \(\/p\/a\.js:3\) was loaded but never called/);
    assert.match(notices[1].message, /Callables seen: splitter, getLabel/);
    assert.match(notices[2].message, /Found at other lines: getLabel@9/);
    assert.deepEqual(unseenTargets([], events), []);
  });

  it('says when training begins which targets have not been seen yet, and that the run goes on', () => {
    const events = [callable('1', 'splitter', 3), callable('2', 'getLabel', 9), called('2', 'getLabel')];
    const unseen = unseenTargets(['splitter', 'getLabel', 'getLable'], events, { api: 'fit' });
    assert.deepEqual(unseen.map((u) => [u.target, u.code]), [['splitter', 'target-not-called'], ['getLable', 'target-not-found']]);
    assert.match(unseen[0].notice.message, /^Training has begun \(fit\) and "splitter" \(\/p\/a\.js:3\) has not been called yet.* The run goes on/);
    assert.match(unseen[1].notice.message, /^Training has begun \(fit\) and no callable "getLable" has been loaded\. Callables seen: splitter, getLabel\. The run goes on/);
    assert.ok(unseen.every((u) => u.notice.level === 'warning' && u.notice.code === u.code));
  });

  it('explains a missing TensorFlow.js from the uncaught error or from stderr', () => {
    const fromError = tfjsMissingNotice([uncaught('Error', "Cannot find module '@tensorflow/tfjs'\nRequire stack:\n- /p/a.js")], '', '/p');
    assert.equal(fromError?.code, 'tfjs-missing');
    assert.match(fromError!.message, /npm install @tensorflow\/tfjs$/);
    const fromStderr = tfjsMissingNotice([], "Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@tensorflow/tfjs-node' imported from /p/a.mjs", '/p');
    assert.match(fromStderr!.message, /tfjs-node \(or use @tensorflow\/tfjs\)/);
    assert.equal(tfjsMissingNotice([uncaught('Error', "Cannot find module 'lodash'")], '', '/p'), undefined);
  });

  it('tells a syntax error in the code from a SyntaxError thrown by running code', () => {
    const load = uncaught('SyntaxError', "Unexpected token '}'", "SyntaxError: Unexpected token '}'\n    at wrapSafe (node:internal/modules/cjs/loader:1378:20)\n    at Module._compile (/t/dist/runtime/preload.js:10:5)");
    const json = uncaught('SyntaxError', 'Unexpected token } in JSON', 'SyntaxError: Unexpected token\n    at JSON.parse (<anonymous>)\n    at main (/p/a.js:3:8)');
    assert.equal(syntaxErrorNotice([load], '', '/t/dist/runtime')?.code, 'syntax-error');
    assert.equal(syntaxErrorNotice([json], '', '/t/dist/runtime'), undefined);
    const printed = "/p/a.js:3\n  return }\n         ^\n\nSyntaxError: Unexpected token '}'\n    at wrapSafe (node:internal/modules/cjs/loader:1378:20)\n";
    assert.match(syntaxErrorNotice([], printed, '/t/dist/runtime')!.message, /in \/p\/a\.js:3 \(Unexpected token '}'\)/);
  });
});
