// What the host tells the runtime in the traced process, through one environment variable.
import type { PreviewLimits } from './preview';

export const RUNTIME_CONFIG_ENV = 'TRAINSPECT_CONFIG';

/** The file descriptor of the event pipe in the traced process (stdin, stdout, stderr are 0–2). */
export const EVENT_FD = 3;
/** `eventFd` of a process that has no event pipe (one VS Code's debugger launched). */
export const NO_EVENT_PIPE = -1;

/** A pipe the host holds open for the run's lifetime: it reads end-of-file in the child once the host is gone. */
export const HOST_WATCH_FD = 4;

export interface RuntimeConfig {
  /** Callables to record: a name ("splitter"), or a name at a line ("splitter@12"). Empty: all. */
  targets: string[];
  /** Calls recorded per callable; later calls run unwrapped-fast and are only counted. */
  maxCalls: number;
  /** Where events go; absent in a child of the traced process that did not inherit the pipe. */
  eventFd: number;
  /** Where the host-watch pipe is; absent when no host watches over the process. */
  hostWatchFd?: number;
  previewLimits?: Partial<PreviewLimits>;
  /** The most bytes of events the traced process writes (default DEFAULT_MAX_TRACE_BYTES); see docs/trace-format.md. */
  maxTraceBytes?: number;
  /** The training recorder's weight statistics after each epoch (`weights` events); absent: on. */
  weights?: boolean;
  /** The post-mortem recorder (`postmortem` event): frames and scope variables kept at most; false: off. Absent: on, with its defaults. */
  postmortem?: { maxFrames: number; maxProperties: number } | false;
  /**
   * The shape recorder (`shape-site` and `shapes` events). Absent or true: on, for the calls of files
   * that come with a compiler's source map (TypeScript and JSX through tsx), where Node maps every stack
   * position back, and the TF.js ops and layers of plain JavaScript files, seen as TF.js makes them; 'all': every
   * call of plain JavaScript files too, whose stack columns then move on lines with calls (README: what
   * stays as it was); false: off.
   */
  shapes?: boolean | 'all';
  /**
   * Break in Callable: the process runs under a debugger (with eventFd NO_EVENT_PIPE), and the debugger
   * stops inside the traced callable at its `callNumber`-th call (1-based).
   */
  break?: { callNumber: number };
}

/** The post-mortem recorder's bounds when the config gives none: scopes of 20 frames, 50 variables each. */
export const DEFAULT_POSTMORTEM_BOUNDS = { maxFrames: 20, maxProperties: 50 };

/** 64 MiB: the default bound on the events of one run. */
export const DEFAULT_MAX_TRACE_BYTES = 64 * 1024 * 1024;
/** The smallest bound accepted: room for a few calls of the largest size and the events after them. */
export const MIN_MAX_TRACE_BYTES = 256 * 1024;

/** A target read: a callable's name, and the line of its site when the target names one. */
export interface TargetSpec {
  name: string;
  line?: number;
}

/**
 * "splitter" is every site named splitter; "splitter@12" only the one on line 12 (the text after the
 * last "@", when it is all digits and something comes before it). Anything else is a name as written:
 * "a@b" and "@12" name callables that way.
 */
export function parseTarget(target: string): TargetSpec {
  const at = target.lastIndexOf('@');
  const line = target.slice(at + 1);
  return at > 0 && /^\d+$/.test(line) ? { name: target.slice(0, at), line: Number(line) } : { name: target };
}

/**
 * Whether a target selects the callable `name` whose site is on `line`. A class member ("Learner.fit",
 * kind `method`) is also named by its own name ("fit").
 */
export function matchesTarget(target: string, name: string, line: number, kind?: string): boolean {
  const spec = parseTarget(target);
  const named = spec.name === name || (kind === 'method' && !spec.name.includes('.') && name.endsWith(`.${spec.name}`));
  return named && (spec.line === undefined || spec.line === line);
}

export function parseRuntimeConfig(text: string | undefined): RuntimeConfig | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<RuntimeConfig>;
    if (!Array.isArray(value.targets) || typeof value.maxCalls !== 'number' || typeof value.eventFd !== 'number') return undefined;
    if (value.break !== undefined && !(Number.isInteger(value.break?.callNumber) && value.break.callNumber >= 1)) return undefined;
    return value as RuntimeConfig;
  } catch {
    return undefined;
  }
}
