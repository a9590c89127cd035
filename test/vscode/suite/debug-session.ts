// Shared by the debugger tests: waiting for VS Code's JavaScript debugger to start, stop and end.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { trainspectApi } from './helpers';

/** Resolves with the first stack frame VS Code focuses (the debugger stopped), or rejects after timeoutMs. */
export function nextStoppedFrame(timeoutMs: number): Promise<vscode.DebugStackFrame> {
  return new Promise((resolve, reject) => {
    const listener = vscode.debug.onDidChangeActiveStackItem((item) => {
      if (!(item instanceof vscode.DebugStackFrame)) return;
      listener.dispose();
      clearTimeout(timer);
      resolve(item);
    });
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the debugger did not stop within ${timeoutMs} ms`));
    }, timeoutMs);
  });
}

export function nextSession(): Promise<vscode.DebugSession> {
  return new Promise((resolve) => {
    const l = vscode.debug.onDidStartDebugSession((s) => {
      l.dispose();
      resolve(s);
    });
  });
}

/** Resolves once the session has ended. */
export function sessionEnded(session: vscode.DebugSession): Promise<void> {
  return new Promise((resolve) => {
    const l = vscode.debug.onDidTerminateDebugSession((s) => {
      if (s.id !== session.id) return;
      l.dispose();
      resolve();
    });
  });
}

/** Runs Break in Callable with `args` and resolves once its session has stopped. */
export async function breakAndWait(args: Record<string, unknown>): Promise<{ session: vscode.DebugSession; frame: vscode.DebugStackFrame }> {
  await trainspectApi();
  const started = nextSession();
  const stopped = nextStoppedFrame(90_000);
  const ok = await vscode.commands.executeCommand<boolean>('trainspect.breakInCallable', args);
  assert.equal(ok, true, 'the command did not start a debug session');
  return { session: await started, frame: await stopped };
}
