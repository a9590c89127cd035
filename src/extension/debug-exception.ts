// Re-run in Debugger: the failed run's script, arguments and folder under VS Code's JavaScript
// debugger, breaking where its post-mortem's exception is thrown. VS Code has no API for exception
// breakpoints, so the session's own setExceptionBreakpoints requests are rewritten on their way to
// js-debug: uncaught exceptions on, and caught ones only when their message is this error's.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PostmortemEvent, RunEvent } from '../protocol/events';
import { exceptionLaunch } from '../host/break-launch';
import { trainspectDebugConfig } from './debug-launch';
import { readSettings } from './settings';

/** The launch configuration's field that marks a session (and its child sessions) as ours, with the message to break on. */
const BREAK_ON_KEY = 'trainspectBreakOnException';
/** Characters of the message the condition matches: enough to tell the error apart, short enough to stay one literal. */
const MESSAGE_MATCHED = 200;

/** A js-debug exception condition (`error` is the thrown value) true for a value with this message. */
export function exceptionCondition(message: string): string {
  const part = message.split('\n')[0].slice(0, MESSAGE_MATCHED);
  return `String(error instanceof Error ? error.message : error).includes(${JSON.stringify(part)})`;
}

/** The message an exception condition looks for; undefined for process.exit (nothing is thrown). */
function thrownMessage(pm: PostmortemEvent): string | undefined {
  if (pm.origin === 'exit') return undefined;
  if (pm.error.kind === 'error') return pm.error.message;
  if (pm.error.kind === 'string') return pm.error.value;
  return undefined;
}

export async function debugException(run: RunEvent, pm: PostmortemEvent): Promise<boolean> {
  const launch = exceptionLaunch(run.script);
  if ('missing' in launch) {
    void vscode.window.showErrorMessage('Trainspect: tsx, needed to run TypeScript, was not found.');
    return false;
  }
  const settings = readSettings(vscode.Uri.file(run.script));
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(run.script));
  const config = {
    ...trainspectDebugConfig(`Trainspect: ${path.basename(run.script)} until its exception`, run, launch, folder, settings.nodePath),
    [BREAK_ON_KEY]: { message: thrownMessage(pm) ?? null },
  };
  return vscode.debug.startDebugging(folder, config);
}

/** The message a session breaks on, from its launch configuration or its parent's (js-debug runs the script in a child session). */
function breakOn(session: vscode.DebugSession | undefined): { message: string | null } | undefined {
  for (let s = session; s; s = s.parentSession) {
    const value = s.configuration[BREAK_ON_KEY] as { message: string | null } | undefined;
    if (value) return value;
  }
  return undefined;
}

/** Rewrites the exception breakpoints VS Code sends to the sessions Re-run in Debugger started. */
export function registerExceptionBreakpoints(): vscode.Disposable {
  const factory: vscode.DebugAdapterTrackerFactory = {
    createDebugAdapterTracker(session) {
      const target = breakOn(session);
      if (!target) return undefined;
      return {
        onWillReceiveMessage(message: { type?: string; command?: string; arguments?: Record<string, unknown> }) {
          if (message.type !== 'request' || message.command !== 'setExceptionBreakpoints') return;
          const caught = target.message === null ? [] : [{ filterId: 'all', condition: exceptionCondition(target.message) }];
          message.arguments = { filters: [], filterOptions: [{ filterId: 'uncaught' }, ...caught] };
        },
      };
    },
  };
  return vscode.Disposable.from(
    vscode.debug.registerDebugAdapterTrackerFactory('pwa-node', factory),
    vscode.debug.registerDebugAdapterTrackerFactory('node', factory),
  );
}
