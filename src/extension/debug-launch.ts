// The launch configuration of Trainspect's debug sessions (Break in Callable, Re-run in Debugger): the
// run's script, arguments and folder under js-debug with the runtime's flags, tensors described by
// shape, and the runtime's source maps read.
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { BreakLaunch } from '../host/break-launch';
import { debugDescriptions } from '../host/debug-descriptions';

export interface DebuggedRun {
  script: string;
  args: string[];
  cwd: string;
}

export function trainspectDebugConfig(name: string, run: DebuggedRun, launch: BreakLaunch, folder: vscode.WorkspaceFolder | undefined, nodePath: string | undefined): vscode.DebugConfiguration {
  return {
    type: 'node',
    request: 'launch',
    name,
    program: run.script,
    args: run.args,
    cwd: run.cwd,
    runtimeArgs: launch.runtimeArgs,
    env: launch.env,
    skipFiles: ['<node_internals>/**'],
    ...debugDescriptions(), // tensors read `Tensor float32 [32,10]`, their data left alone
    // The runtime's source maps put the debugger on the user's lines (and hide its checks); js-debug
    // reads maps only where this allows, by default the workspace folder: the script's folder too.
    resolveSourceMapLocations: [...new Set([folder?.uri.fsPath, run.cwd, path.dirname(run.script)].filter((d): d is string => !!d))].map((d) => path.join(d, '**')).concat('!**/node_modules/**'),
    ...(nodePath ? { runtimeExecutable: nodePath } : {}),
  };
}
