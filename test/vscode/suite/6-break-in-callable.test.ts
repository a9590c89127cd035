import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, trainspectApi, workspaceFile } from './helpers';

/** Resolves with the first stack frame VS Code focuses (the debugger stopped), or rejects after timeoutMs. */
function nextStoppedFrame(timeoutMs: number): Promise<vscode.DebugStackFrame> {
  return new Promise((resolve, reject) => {
    const check = (item: vscode.DebugThread | vscode.DebugStackFrame | undefined): void => {
      if (item instanceof vscode.DebugStackFrame) {
        listener.dispose();
        clearTimeout(timer);
        resolve(item);
      }
    };
    const listener = vscode.debug.onDidChangeActiveStackItem(check);
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the debugger did not stop within ${timeoutMs} ms`));
    }, timeoutMs);
  });
}

suite('Break in Callable', () => {
  teardown(async () => {
    await vscode.debug.stopDebugging();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  });

  test('starts the JavaScript debugger and stops at the first line of the splitter', async () => {
    await trainspectApi();
    const uri = workspaceFile('train.js');
    const started = new Promise<vscode.DebugSession>((resolve) => {
      const l = vscode.debug.onDidStartDebugSession((s) => {
        l.dispose();
        resolve(s);
      });
    });
    const stopped = nextStoppedFrame(60_000);
    const ok = await vscode.commands.executeCommand<boolean>('trainspect.breakInCallable', { uri, name: 'splitter' });
    assert.equal(ok, true, 'the command did not start a debug session');
    const session = await started;
    assert.match(session.configuration.name, /splitter/);
    assert.ok(vscode.debug.activeDebugSession, 'no active debug session');

    const breakLine = await lineOf(uri, 'let seed = 42;');
    const bp = vscode.debug.breakpoints.find((b): b is vscode.SourceBreakpoint => b instanceof vscode.SourceBreakpoint && b.location.uri.fsPath === uri.fsPath);
    assert.ok(bp, 'no breakpoint set in train.js');
    assert.equal(bp.location.range.start.line, breakLine - 1);

    const frame = await stopped;
    const trace = await frame.session.customRequest('stackTrace', { threadId: frame.threadId, startFrame: 0, levels: 1 });
    const top = trace.stackFrames[0];
    assert.equal(top.line, breakLine, `stopped at line ${top.line}, not at the splitter's first line`);
    assert.match(top.source?.path ?? '', /train\.js$/);

    // The breakpoint was the command's, for this session: it goes when the session ends.
    const ended = sessionEnded(session);
    await vscode.debug.stopDebugging(session);
    await ended;
    assert.equal(breakpointsIn(uri).length, 0, 'the breakpoint Break in Callable added is still there');
  });

  test('leaves a breakpoint the user already had at that line', async () => {
    await trainspectApi();
    const uri = workspaceFile('train.js');
    const breakLine = await lineOf(uri, 'let seed = 42;');
    const document = await vscode.workspace.openTextDocument(uri);
    const column = document.lineAt(breakLine - 1).firstNonWhitespaceCharacterIndex;
    const users = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(breakLine - 1, column)));
    vscode.debug.addBreakpoints([users]);

    const started = nextSession();
    const stopped = nextStoppedFrame(60_000);
    assert.equal(await vscode.commands.executeCommand<boolean>('trainspect.breakInCallable', { uri, name: 'splitter' }), true);
    const session = await started;
    assert.deepEqual(breakpointsIn(uri).map((b) => b.id), [users.id], 'a second breakpoint was added at the same place');
    await stopped;
    const ended = sessionEnded(session);
    await vscode.debug.stopDebugging(session);
    await ended;
    assert.deepEqual(breakpointsIn(uri).map((b) => b.id), [users.id], "the user's own breakpoint was removed");
  });
});

function breakpointsIn(uri: vscode.Uri): vscode.SourceBreakpoint[] {
  return vscode.debug.breakpoints.filter((b): b is vscode.SourceBreakpoint => b instanceof vscode.SourceBreakpoint && b.location.uri.fsPath === uri.fsPath);
}

function nextSession(): Promise<vscode.DebugSession> {
  return new Promise((resolve) => {
    const l = vscode.debug.onDidStartDebugSession((s) => {
      l.dispose();
      resolve(s);
    });
  });
}

/** Resolves once the session has ended and the extension's listeners for it have run. */
function sessionEnded(session: vscode.DebugSession): Promise<void> {
  return new Promise((resolve) => {
    const l = vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.id !== session.id) return;
      l.dispose();
      setTimeout(resolve, 200);
    });
  });
}
