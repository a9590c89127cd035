// How a run ended, in one wording for every place that says it: the CLI, the panel and the
// extension's output channel. A null exit code is not success: it means a signal killed the process,
// or it never ran.
import type { ExitEvent } from './events';

/** Ended by itself with code 0; ended otherwise (a code, a signal, never ran); or stopped by the user or the call limit. */
export type RunOutcome = 'succeeded' | 'failed' | 'stopped';

type ExitFacts = Pick<ExitEvent, 'code' | 'signal' | 'stoppedBy'>;

/** `uncaught`: an uncaught error was recorded, which is a failure even if a handler let the process exit 0. */
export function exitOutcome(exit: ExitFacts, options: { uncaught?: boolean } = {}): RunOutcome {
  if (exit.stoppedBy !== null) return 'stopped';
  return exit.code === 0 && exit.signal === null && !options.uncaught ? 'succeeded' : 'failed';
}

/**
 * One lower-case phrase: "exited with code 1 after 2.3 s", "killed by SIGKILL after 4.0 s",
 * "stopped at the call limit (signal SIGTERM) after 1.2 s", "stopped by you (exit code 0) after 3.1 s",
 * "the script did not run". Callers capitalise it where it starts a sentence.
 */
export function describeExit(exit: ExitFacts & Pick<ExitEvent, 'durationMs'>): string {
  const after = ` after ${formatDuration(exit.durationMs)}`;
  const how = exit.signal !== null ? `signal ${exit.signal}` : exit.code !== null ? `exit code ${exit.code}` : undefined;
  if (exit.stoppedBy !== null) {
    const by = exit.stoppedBy === 'limit' ? 'stopped at the call limit' : 'stopped by you';
    return `${by}${how ? ` (${how})` : ''}${after}`;
  }
  if (exit.signal !== null) return `killed by ${exit.signal}${after}`;
  if (exit.code !== null) return `exited with code ${exit.code}${after}`;
  return 'the script did not run';
}

export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A duration for people: "250 µs", "1.25 ms", "12.5 ms", "125 ms", "1.2 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '? ms';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : ms < 100 ? 1 : 0)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
