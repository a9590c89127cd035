// Tensors while paused in the real VS Code's JavaScript debugger (js-debug), in a session Break in
// Callable started on a real TF.js script: the Variables view, watch and hover read them by dtype and
// shape (DAP `variables` and `evaluate`, as VS Code asks them), and the inline values provider names
// the tensors assigned up to the stopped line, which js-debug then describes the same way.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { breakAndWait, nextStoppedFrame, sessionEnded } from './debug-session';
import { lineOf, workspaceFile } from './helpers';

interface DapVariable { name: string; value: string }

/** Every variable of the top frame's non-global scopes, by name (the first scope that has it wins, as VS Code looks up). */
async function frameVariables(session: vscode.DebugSession, frameId: number): Promise<Map<string, string>> {
  const { scopes } = await session.customRequest('scopes', { frameId });
  const out = new Map<string, string>();
  for (const scope of scopes as { name: string; variablesReference: number; expensive: boolean }[]) {
    if (scope.expensive || /^global/i.test(scope.name)) continue;
    const { variables } = await session.customRequest('variables', { variablesReference: scope.variablesReference });
    for (const v of variables as DapVariable[]) if (!out.has(v.name)) out.set(v.name, v.value);
  }
  return out;
}

async function topFrameId(frame: vscode.DebugStackFrame): Promise<{ id: number; line: number }> {
  const trace = await frame.session.customRequest('stackTrace', { threadId: frame.threadId, startFrame: 0, levels: 1 });
  return trace.stackFrames[0] as { id: number; line: number };
}

const evaluate = async (session: vscode.DebugSession, frameId: number, expression: string, context: string): Promise<string> =>
  (await session.customRequest('evaluate', { expression, frameId, context })).result as string;

suite('Tensors in the debugger', () => {
  const script = workspaceFile('debug-tensors.js');
  let breakpoint: vscode.SourceBreakpoint | undefined;

  teardown(async () => {
    if (breakpoint) vscode.debug.removeBreakpoints([breakpoint]);
    breakpoint = undefined;
    await vscode.debug.stopDebugging();
  });

  test('the Variables view, watch and hover read a tensor as "Tensor float32 [2,3]"', async () => {
    const { session, frame } = await breakAndWait({ uri: script, name: 'normalize' });
    const top = await topFrameId(frame);
    assert.equal(top.line, await lineOf(script, 'const mean = batch.mean(0);'));
    assert.equal((await frameVariables(frame.session, top.id)).get('batch'), 'Tensor float32 [2,3]');
    for (const context of ['watch', 'hover', 'repl']) {
      assert.equal(await evaluate(frame.session, top.id, 'batch', context), 'Tensor float32 [2,3]', context);
    }
    assert.equal(await evaluate(frame.session, top.id, 'batch.mean(0)', 'watch'), 'Tensor float32 [3]');
    // Anything else reads as js-debug shows it without Trainspect.
    assert.equal(await evaluate(frame.session, top.id, '[batch.shape, 1]', 'watch'), '(2) [Array(2), 1]');

    const ended = sessionEnded(session);
    await vscode.debug.stopDebugging(session);
    await ended;
  });

  test('inline values: the tensors assigned up to the stopped line, each with its shape', async () => {
    // The user's breakpoint, set before the session starts so that it is bound when the callable runs.
    const stopAt = await lineOf(script, 'return centred.div');
    breakpoint = new vscode.SourceBreakpoint(new vscode.Location(script, new vscode.Position(stopAt - 1, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    const { frame } = await breakAndWait({ uri: script, name: 'normalize' });
    const stopped = nextStoppedFrame(60_000);
    await frame.session.customRequest('continue', { threadId: frame.threadId });
    const paused = await stopped;
    const top = await topFrameId(paused);
    assert.equal(top.line, stopAt);

    const document = await vscode.workspace.openTextDocument(script);
    const whole = new vscode.Range(0, 0, document.lineCount - 1, 0);
    const stoppedLocation = new vscode.Range(stopAt - 1, 0, stopAt - 1, 0);
    const inline = await vscode.commands.executeCommand<vscode.InlineValue[]>('vscode.executeInlineValueProvider', script, whole, { frameId: top.id, stoppedLocation });
    const lookups = inline.map((v) => v as vscode.InlineValueVariableLookup);
    assert.deepEqual(lookups.map((v) => `${v.variableName}@${v.range.start.line + 1}`), [
      `batch@${await lineOf(script, 'function normalize')}`,
      `mean@${await lineOf(script, 'const mean')}`,
      `centred@${await lineOf(script, 'const centred')}`,
      `spread@${await lineOf(script, 'const spread')}`,
    ]);
    // What VS Code shows next to each line: the variable's value in the paused frame.
    const values = await frameVariables(paused.session, top.id);
    assert.deepEqual(lookups.map((v) => values.get(v.variableName ?? '')), ['Tensor float32 [2,3]', 'Tensor float32 [3]', 'Tensor float32 [2,3]', 'Tensor float32 [3]']);
  });

  test('in a debug session Trainspect did not start: no inline values, and tensors read as js-debug shows them', async () => {
    const stopAt = await lineOf(script, 'return centred.div');
    breakpoint = new vscode.SourceBreakpoint(new vscode.Location(script, new vscode.Position(stopAt - 1, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    const stopped = nextStoppedFrame(60_000);
    const folder = vscode.workspace.getWorkspaceFolder(script);
    assert.ok(await vscode.debug.startDebugging(folder, { type: 'node', request: 'launch', name: 'plain', program: script.fsPath, skipFiles: ['<node_internals>/**'] }));
    const paused = await stopped;
    const top = await topFrameId(paused);
    assert.equal(top.line, stopAt);
    const stoppedLocation = new vscode.Range(stopAt - 1, 0, stopAt - 1, 0);
    const inline = await vscode.commands.executeCommand<vscode.InlineValue[]>('vscode.executeInlineValueProvider', script, new vscode.Range(0, 0, stopAt, 0), { frameId: top.id, stoppedLocation });
    assert.deepEqual(inline ?? [], []);
    assert.match((await frameVariables(paused.session, top.id)).get('batch') ?? '', /^Tensor \{/);
  });
});
