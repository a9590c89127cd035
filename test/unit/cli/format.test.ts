import * as assert from 'node:assert/strict';
import type { ExitEvent } from '../../../src/protocol/events';
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
