// The runtime's configuration, read once from the environment in the traced process's main thread.
import { parseRuntimeConfig, RUNTIME_CONFIG_ENV, type RuntimeConfig } from '../protocol/runtime-config';
import { DEFAULT_PREVIEW_LIMITS, type PreviewLimits } from '../protocol/preview';

export interface ActiveConfig extends RuntimeConfig {
  limits: PreviewLimits;
}

/**
 * The config when this process is the one being traced, else undefined (a child process that
 * inherited our flags but not the event pipe). The variable is removed at once, so that the script's
 * own child processes do not take the pipe for theirs, and its worker threads (which get a copy of the
 * environment as it is when they start, and run the preload too) find no config: no need to load
 * node:worker_threads to tell the main thread.
 */
export function readConfig(): ActiveConfig | undefined {
  const config = parseRuntimeConfig(process.env[RUNTIME_CONFIG_ENV]);
  delete process.env[RUNTIME_CONFIG_ENV];
  if (!config) return undefined;
  return { ...config, limits: { ...DEFAULT_PREVIEW_LIMITS, ...(config.previewLimits ?? {}) } };
}
