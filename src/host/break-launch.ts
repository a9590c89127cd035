// What Break in Callable gives VS Code's JavaScript debugger to launch a script with: the node flags
// that load Trainspect's runtime, and the environment that puts it in break mode for one callable.
import type { CallEvent, RunEvent, TraceEvent } from '../protocol/events';
import { NO_EVENT_PIPE, RUNTIME_CONFIG_ENV, type RuntimeConfig } from '../protocol/runtime-config';
import { nodeArgsFor } from './launch';

export interface BreakLaunch {
  runtimeArgs: string[];
  env: Record<string, string>;
}

/** `target` as the runtime reads it ("splitter", "splitter@18"); `callNumber`: which call stops (1-based). */
export function breakLaunch(script: string, target: string, callNumber = 1): BreakLaunch | { missing: 'tsx' } {
  const flags = nodeArgsFor(script);
  if ('missing' in flags) return flags;
  // Calls up to the one that stops are recorded (and dropped: no event pipe), later ones run as they are.
  const config: RuntimeConfig = { targets: [target], maxCalls: callNumber, eventFd: NO_EVENT_PIPE, break: { callNumber } };
  return { runtimeArgs: flags.args, env: { [RUNTIME_CONFIG_ENV]: JSON.stringify(config) } };
}

/**
 * Re-run in Debugger: the runtime loaded as for Break in Callable (the same flags, so lines map the
 * same), recording nothing (no event pipe, no post-mortem: the debugger owns the pauses).
 */
export function exceptionLaunch(script: string): BreakLaunch | { missing: 'tsx' } {
  const flags = nodeArgsFor(script);
  if ('missing' in flags) return flags;
  const config: RuntimeConfig = { targets: [], maxCalls: 1, eventFd: NO_EVENT_PIPE, postmortem: false, shapes: false, weights: false };
  return { runtimeArgs: flags.args, env: { [RUNTIME_CONFIG_ENV]: JSON.stringify(config) } };
}

/** Break in Callable for a call a run recorded: the same script, arguments and folder, that call. */
export interface BreakRequest {
  script: string;
  args: string[];
  cwd: string;
  name: string;
  target: string;
  callNumber: number;
}

/** undefined when the run recorded no call `seq` (or has no run event). */
export function breakRequestForCall(events: readonly TraceEvent[], seq: number): BreakRequest | undefined {
  const run = events.find((e): e is RunEvent => e.type === 'run');
  const call = events.find((e): e is CallEvent => e.type === 'call' && e.seq === seq);
  if (!run || !call) return undefined;
  // name@line: the site of that call only, even where the name is used at other sites too.
  return { script: run.script, args: run.args, cwd: run.cwd, name: call.callable, target: `${call.callable}@${call.site.line}`, callNumber: call.callNumber };
}
