// What the host tells the runtime in the traced process, through one environment variable.
import type { PreviewLimits } from './preview';

export const RUNTIME_CONFIG_ENV = 'TRAINSPECT_CONFIG';

/** The file descriptor of the event pipe in the traced process (stdin, stdout, stderr are 0–2). */
export const EVENT_FD = 3;

export interface RuntimeConfig {
  /** Callables to record: a name ("splitter"), or a name at a line ("splitter@12"). Empty: all. */
  targets: string[];
  /** Calls recorded per callable; later calls run unwrapped-fast and are only counted. */
  maxCalls: number;
  /** Where events go; absent in a child of the traced process that did not inherit the pipe. */
  eventFd: number;
  previewLimits?: Partial<PreviewLimits>;
}

export function parseRuntimeConfig(text: string | undefined): RuntimeConfig | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<RuntimeConfig>;
    if (!Array.isArray(value.targets) || typeof value.maxCalls !== 'number' || typeof value.eventFd !== 'number') return undefined;
    return value as RuntimeConfig;
  } catch {
    return undefined;
  }
}
