// Loaded into the traced process with `node --require`. Reads the config, writes the `run` event,
// installs the CommonJS hook, the global wrapper the transformed code calls, the training watch and
// the uncaught-exception monitor. Does nothing without a config (so nothing in worker threads: see
// config.ts).
import * as path from 'node:path';
import { TRACE_FORMAT_VERSION } from '../protocol/events';
import { readConfig } from './config';
import { clockOrigin, now } from './clock';
import { createTraceBudget, emit, openEventPipe } from './event-writer';
import { Registry } from './registry';
import { LimitWatch } from './limit';
import { createWrapper } from './wrap';
import { SplitLabels } from './split-labels';
import { installCjsHook } from './cjs-hook';
import { setBreakPrologues, setShapeCalls, useTransformCache } from './instrument';
import { openTransformCache } from './transform-cache';
import { installBreakOnCall } from './break-on-call';
import { createTrainingWatch, isLayersFile } from './training';
import { startRecorders } from './recorders';
import { previewValue } from './preview';
import { RUNTIME_KEY, esmRegisterImported, registerEsmHooks, withoutOwnFlags, type RuntimeHandoff } from './shared-state';
import { isEsmEntry } from './entry-format';
import { watchHost } from './host-watch';

function start(): void {
  if (RUNTIME_KEY in globalThis) return;
  const config = readConfig();
  if (!config) return;
  const traceBudget = createTraceBudget(config.maxTraceBytes);
  openEventPipe(config.eventFd, traceBudget);
  watchHost(config.hostWatchFd);
  const ownDir = __dirname;
  const breakPrologues = config.break !== undefined;
  setBreakPrologues(breakPrologues);
  const shapes = config.shapes === false || config.eventFd < 0 ? null : config.shapes === 'all' ? 'all' : 'compiled';
  setShapeCalls(shapes ?? undefined);
  useTransformCache(openTransformCache(path.join(ownDir, 'instrumenter.js')));
  const handoff: RuntimeHandoff = { origin: clockOrigin(), eventFd: config.eventFd, traceBudget, ownDir, targets: config.targets, breakPrologues, shapes };
  Object.defineProperty(globalThis, RUNTIME_KEY, { value: handoff, enumerable: false });

  emit({
    type: 'run', version: TRACE_FORMAT_VERSION,
    script: process.argv[1] ? path.resolve(process.argv[1]) : '',
    args: process.argv.slice(2), cwd: process.cwd(), node: process.version, platform: process.platform, pid: process.pid,
    startTime: new Date(Date.now() - now()).toISOString(), targets: config.targets, maxCalls: config.maxCalls, time: now(),
  });

  const registry = new Registry(config.targets);
  const splitLabels = new SplitLabels();
  const limit = new LimitWatch(config.targets, config.maxCalls, registry, () => splitLabels.write());
  process.on('exit', () => splitLabels.end());
  const breakOnCall = config.break && installBreakOnCall(config.break, ownDir);
  const { wrap, wrapMethod, failThrown, fileOf } = createWrapper({ maxCalls: config.maxCalls, limits: config.limits, registry, limit, breakOnCall, splitLabels });
  Object.defineProperty(globalThis, '__trainspectFile', { value: fileOf, enumerable: false, configurable: true });
  Object.defineProperty(globalThis, '__trainspectWrap', { value: wrap, enumerable: false, configurable: true });
  Object.defineProperty(globalThis, '__trainspectWrapMethod', { value: wrapMethod, enumerable: false, configurable: true });

  const training = createTrainingWatch(() => {
    splitLabels.write(); // the labels are usually all given by now; a later write replaces these
    limit.trainingStarted();
  });
  // A JavaScript script is started with this preload only (no --import, so Node keeps its CommonJS
  // path for a CommonJS main script, and prints its errors as without Trainspect): the ESM hooks are
  // registered from here, for an ESM entry at once, otherwise only once a user file that may load ES
  // modules is about to run (their loader thread costs about 100 ms at start-up). A TypeScript script
  // gets `--import tsx --import esm-register.js`, which registers them after tsx's instead.
  const esmRegisterLoads = esmRegisterImported(process.execArgv);
  const esmAhead = (): void => {
    if (!esmRegisterLoads) registerEsmHooks(handoff, ownDir);
  };
  // The script sees Node's flags as under plain node: its fork()ed children run without Trainspect.
  const flags = withoutOwnFlags(process.execArgv, ownDir);
  process.execArgv.splice(0, process.execArgv.length, ...flags);
  const recorders = startRecorders(config);
  installCjsHook(ownDir, { wants: (f) => isLayersFile(f) || recorders.wants(f), loaded: (module, filename) => (training(module.exports, filename), recorders.loaded(module.exports, filename)), esmAhead, userSource: (source, filename) => recorders.userSource?.(source, filename), targets: handoff.targets });
  if (process.argv[1] && isEsmEntry(path.resolve(process.argv[1]))) esmAhead();

  process.on('uncaughtExceptionMonitor', (error, origin) => {
    if (origin === 'uncaughtException') failThrown(error);
    // Node prints the error's stack right after this unless the script handles it: only then is it read.
    const ending = process.listenerCount('uncaughtException') === 0;
    emit({ type: 'uncaught', origin, error: previewValue(error, config.limits, 'error', { errorStack: ending }), time: now() });
  });
}

start();
