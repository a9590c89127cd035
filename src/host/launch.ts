// The node flags that load Trainspect's runtime into a script's process: the one place that builds
// them, for the runner and for the runtime's own tests.
import { pathToFileURL } from 'node:url';
import { esmRegisterPath, isTypeScript, preloadPath, resolveTsxLoader } from './paths';

export type NodeArgs = { args: string[] } | { missing: 'tsx' };

/**
 * JavaScript: only `--require preload.js`. Any --import would make Node run a CommonJS entry through
 * its ESM loader (and print uncaught errors differently), and would start the ESM hooks' loader
 * thread (~100 ms) even for a script that never loads an ES module; the preload registers the hooks
 * itself for an ESM entry, or once a user file that may load ES modules is about to run.
 * TypeScript: then `--import tsx --import esm-register.js`, ours last: ESM load hooks run
 * last-registered-first, so ours sees tsx's JavaScript. `runtime: false` gives the same command line
 * without Trainspect (tsx only), for comparing a script's behaviour with and without it.
 */
export function nodeArgsFor(script: string, options: { runtime?: boolean } = {}): NodeArgs {
  const runtime = options.runtime ?? true;
  const args = runtime ? ['--require', preloadPath()] : [];
  if (!isTypeScript(script)) return { args };
  const tsx = resolveTsxLoader(script);
  if (!tsx) return { missing: 'tsx' };
  args.push('--import', tsx);
  if (runtime) args.push('--import', pathToFileURL(esmRegisterPath()).href);
  return { args };
}
