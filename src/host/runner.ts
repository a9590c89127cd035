// Runs a user's script in a child Node process with Trainspect's runtime loaded, reads the events the
// runtime writes on fd 3, adds the host's own (output, notices, exit), writes the trace file as events
// arrive, and stops the child (and everything it started) at the call limit or on request. fd 4 is a
// pipe the host only holds: when the host dies, however it dies, the child reads its end and ends its
// process group (src/runtime/host-watch.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { TRACE_FORMAT_VERSION, type ExitEvent, type NoticeEvent, type RunEvent, type TraceEvent, type UncaughtEvent } from '../protocol/events';
import type { PreviewLimits } from '../protocol/preview';
import { MAX_UNCAUGHT } from '../protocol/run-model';
import { EVENT_FD, HOST_WATCH_FD, RUNTIME_CONFIG_ENV, type RuntimeConfig } from '../protocol/runtime-config';
import { decodeEvent, encodeEvent } from '../protocol/trace-format';
import { LineSplitter } from './event-lines';
import { nodeArgsFor } from './launch';
import { osPipes } from './os-pipes';
import { esmLoaderPath, esmRegisterPath, preloadPath, runtimeDir } from './paths';
import { signalTree, trackTree, treeAlive, untrackTree } from './process-tree';
import { syntaxErrorNotice, tfjsMissingNotice, unseenTargets } from './run-notices';
import { TraceFileWriter } from './trace-writer';

export interface TraceRunOptions {
  script: string; // absolute or relative to cwd
  args?: string[];
  cwd?: string; // default: process.cwd()
  targets?: string[]; // default [] (all)
  maxCalls?: number; // default 3
  keepRunning?: boolean; // default false: stop the child when the `limit` event arrives
  nodePath?: string; // default: 'node' found on PATH
  traceFile?: string; // if set (absolute or relative to cwd), JSONL written here as events arrive (dirs created); TraceFileError if it cannot be
  env?: NodeJS.ProcessEnv; // extra env for the child
  previewLimits?: Partial<PreviewLimits>;
  maxTraceBytes?: number; // bytes of events from the traced process; default 64 MiB (docs/trace-format.md)
  /** The post-mortem's bounds, or false for none (RuntimeConfig.postmortem); default: on, with the runtime's bounds. */
  postmortem?: RuntimeConfig['postmortem'];
  /** Tensor shapes per call site (RuntimeConfig.shapes): default on for files compiled with a source map (TypeScript); 'all': plain JavaScript too; false: off. */
  shapes?: boolean | 'all';
  inheritStdin?: boolean; // CLI: true
  /** How the stop notice at the call limit tells the user to let a run go on; default: the CLI's `--keep-running`. */
  keepRunningHint?: string;
}

/** How the run ended. The events are not in it (a long run has millions): listen to 'event', or read the trace file. */
export interface RunResult {
  exit: ExitEvent;
  traceFile?: string;
  /** Set when the trace file could not be written whole: why, in words. */
  traceError?: string;
}

/** Script output kept in `output` events, both streams together; the rest is only forwarded. */
export const OUTPUT_EVENT_LIMIT = 1_000_000;
const STDERR_TAIL = 64 * 1024;
const KILL_GRACE_MS = 2000;
const MAX_BAD_EVENT_NOTICES = 5;

type HostNotice = Omit<NoticeEvent, 'type' | 'time'>;

/**
 * One traced run. Emits 'event' (e: TraceEvent) for every trace event in trace order, and 'stdout' /
 * 'stderr' (text: string, chunk: Buffer) as the script writes: `text` is decoded UTF-8 (possibly ''
 * when a chunk ends inside a character), `chunk` the exact bytes.
 */
export class TraceRun extends EventEmitter {
  readonly done: Promise<RunResult>;
  private resolveDone!: (result: RunResult) => void;
  private readonly options: Required<Pick<TraceRunOptions, 'args' | 'cwd' | 'targets' | 'maxCalls'>> & TraceRunOptions;
  private readonly script: string;
  private readonly traceFile: string | undefined;
  private readonly writer: TraceFileWriter | undefined;
  private traceErrorTold = false;
  private child: ChildProcess | undefined;
  private outputs: Record<'stdout' | 'stderr', Readable> | undefined; // the script's stdout and stderr, read here
  private readonly startedAt = Date.now();
  /** What the notices about unseen targets are read from: the callable events, and each callable's first call (bounded by the user's code). */
  private readonly targetEvents: TraceEvent[] = [];
  private readonly calledIds = new Set<string>();
  private pending: TraceEvent[] = []; // host events that arrived before the runtime's run event
  private runSeen = false;
  private keep: boolean;
  private stoppedBy: ExitEvent['stoppedBy'] = null;
  private terminating = false;
  private killTimer: NodeJS.Timeout | undefined;
  private childExit: { code: number | null; signal: string | null; at: number } | undefined;
  private finished = false;
  private outputChars = 0;
  private outputTruncated = false;
  private stderrTail = '';
  private badEvents = 0;
  private readonly uncaught: UncaughtEvent[] = [];
  private trainingSeen = false;
  private readonly toldAtTraining = new Set<string>(); // "code target" of the notices written when training began

  constructor(options: TraceRunOptions) {
    super();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    const cwd = path.resolve(options.cwd ?? process.cwd());
    this.options = { ...options, cwd, args: options.args ?? [], targets: options.targets ?? [], maxCalls: options.maxCalls ?? 3 };
    this.keep = options.keepRunning ?? false;
    this.script = path.resolve(cwd, options.script);
    this.traceFile = options.traceFile === undefined ? undefined : path.resolve(cwd, options.traceFile);
    // Fails here, synchronously, so the caller learns before anything runs.
    if (this.traceFile) this.writer = TraceFileWriter.open(this.traceFile);
    this.start();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * Whoever reads the script's `stream` has gone (a `| head` that exited): the pipe from the script is
   * closed, so that its next write fails with EPIPE (or SIGPIPE) as it would under plain node.
   */
  closeOutput(stream: 'stdout' | 'stderr'): void {
    this.outputs?.[stream].destroy();
  }

  /** Ignore the call limit from now on. */
  keepRunning(): void {
    this.keep = true;
  }

  /**
   * Stop by the user: `signal` (default SIGTERM; the CLI passes on the SIGINT of a Ctrl-C) to the
   * child's process group, SIGKILL after 2 s if anything of it is still running.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.childExit && this.child?.pid !== undefined) {
      if (!this.stoppedBy) {
        this.stoppedBy = 'user';
        this.notice({ level: 'info', code: 'stopped', message: 'The run was stopped by the user.' });
      }
      this.terminate(signal);
    }
    await this.done;
  }

  private start(): void {
    const failBeforeSpawn = (notice: HostNotice): void => {
      setImmediate(() => {
        this.notice(notice);
        this.finish();
      });
    };
    if (!scriptExists(this.script)) {
      return failBeforeSpawn({ level: 'error', code: 'script-not-found', message: `Script not found: ${this.script}` });
    }
    const missing = [preloadPath(), path.join(runtimeDir(), 'instrumenter.js'), esmRegisterPath(), esmLoaderPath()].filter((f) => !fs.existsSync(f));
    if (missing.length) {
      return failBeforeSpawn({ level: 'error', code: 'spawn-failed', message: `Trainspect's runtime is not built (missing ${missing.join(', ')}); run "npm run build" in ${path.dirname(path.dirname(runtimeDir()))}.` });
    }
    const flags = nodeArgsFor(this.script);
    if ('missing' in flags) return failBeforeSpawn({ level: 'error', code: 'spawn-failed', message: 'tsx, needed to run TypeScript, was not found.' });
    const nodeArgs = [...flags.args, this.script, ...this.options.args];
    const config: RuntimeConfig = {
      targets: this.options.targets, maxCalls: this.options.maxCalls, eventFd: EVENT_FD, hostWatchFd: HOST_WATCH_FD,
      ...(this.options.previewLimits ? { previewLimits: this.options.previewLimits } : {}),
      ...(this.options.maxTraceBytes !== undefined ? { maxTraceBytes: this.options.maxTraceBytes } : {}),
      ...(this.options.postmortem !== undefined ? { postmortem: this.options.postmortem } : {}),
      ...(this.options.shapes !== undefined ? { shapes: this.options.shapes } : {}),
    };
    const nodePath = this.options.nodePath || 'node';
    const pipes = osPipes(2); // stdout and stderr as real pipes, like `node script | cat` gives them
    let child: ChildProcess;
    try {
      child = spawn(nodePath, nodeArgs, {
        cwd: this.options.cwd,
        env: { ...process.env, ...this.options.env, [RUNTIME_CONFIG_ENV]: JSON.stringify(config) },
        stdio: [this.options.inheritStdin ? 'inherit' : 'pipe', pipes?.[0].write ?? 'pipe', pipes?.[1].write ?? 'pipe', 'pipe', 'pipe'], // 3: events, 4: host watch
        detached: process.platform !== 'win32', // its own process group, so the whole tree can be stopped
        windowsHide: true,
      });
    } catch (error) {
      for (const pipe of pipes ?? []) fs.closeSync(pipe.read);
      return failBeforeSpawn({ level: 'error', code: 'spawn-failed', message: `Could not start ${nodePath}: ${(error as Error).message}` });
    } finally {
      for (const pipe of pipes ?? []) fs.closeSync(pipe.write); // the child has its own: its exit ends the pipe
    }
    this.child = child;
    const [stdout, stderr] = pipes ? pipes.map((p) => new net.Socket({ fd: p.read, readable: true, writable: false })) : [child.stdout!, child.stderr!];
    this.outputs = { stdout, stderr };
    child.stdin?.end(); // no input: a script reading stdin sees its end
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined || this.finished) return;
      this.notice({ level: 'error', code: 'spawn-failed', message: `Could not start ${nodePath}: ${error.message}` });
      this.finish();
    });
    if (child.pid === undefined) { // the 'error' event follows
      stdout.destroy();
      stderr.destroy();
      return;
    }
    trackTree(child.pid);

    const lines = new LineSplitter(
      (line) => this.onEventLine(line),
      () => this.badEvent('a line longer than 16 MiB'),
    );
    const eventPipe = child.stdio[EVENT_FD] as Readable;
    eventPipe.on('data', (chunk: Buffer) => lines.write(chunk));
    (child.stdio[HOST_WATCH_FD] as Readable).on('error', () => {}); // held, never read or written
    const streamsClosed = [
      ended(eventPipe).then(() => lines.end()),
      this.forward(stdout, 'stdout'),
      this.forward(stderr, 'stderr'),
    ];
    child.on('exit', (code, signal) => {
      if (child.pid === undefined) return;
      this.childExit = { code, signal, at: Date.now() };
      void this.afterExit(Promise.all(streamsClosed));
    });
  }

  /** Forwards a stream of the script as it arrives, and records it (bounded) as output events. */
  private forward(stream: Readable, name: 'stdout' | 'stderr'): Promise<void> {
    const decoder = new StringDecoder('utf8');
    const take = (text: string, chunk: Buffer): void => {
      this.emit(name, text, chunk);
      if (name === 'stderr') this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL);
      this.recordOutput(name, text);
    };
    stream.on('data', (chunk: Buffer) => take(decoder.write(chunk), chunk));
    return ended(stream).then(() => {
      const rest = decoder.end();
      if (rest) take(rest, Buffer.from(rest));
    });
  }

  private recordOutput(stream: 'stdout' | 'stderr', text: string): void {
    if (!text) return;
    const room = OUTPUT_EVENT_LIMIT - this.outputChars;
    if (room > 0) this.record({ type: 'output', stream, text: text.slice(0, room), time: this.now() });
    if (text.length > room && !this.outputTruncated) {
      this.outputTruncated = true;
      this.notice({ level: 'info', code: 'output-truncated', message: `The script's output beyond ${OUTPUT_EVENT_LIMIT.toLocaleString('en-US')} characters is not kept in the trace (it was still passed through).` });
    }
    this.outputChars += text.length;
  }

  private onEventLine(line: string): void {
    let event: TraceEvent;
    try {
      event = decodeEvent(line);
    } catch (error) {
      return this.badEvent((error as Error).message);
    }
    if (event.type === 'exit' || event.type === 'output' || (event.type === 'run' && this.runSeen)) {
      return this.badEvent(`an unexpected "${event.type}" event from the traced process`);
    }
    if (event.type === 'uncaught' && this.uncaught.length < MAX_UNCAUGHT) this.uncaught.push(event); // read for the end notices
    this.record(event);
    if (event.type === 'phase' && !this.trainingSeen) {
      this.trainingSeen = true;
      // A mistyped or unused target would otherwise be reported only after the whole training run.
      for (const u of unseenTargets(this.options.targets, this.targetEvents, { api: event.api })) {
        this.toldAtTraining.add(`${u.code} ${u.target}`);
        this.notice(u.notice);
      }
    }
    if (event.type === 'limit' && !this.keep && !this.stoppedBy && !this.childExit) {
      this.stoppedBy = 'limit';
      const why = event.reason === 'max-calls'
        ? `every traced callable was recorded ${this.options.maxCalls} time${this.options.maxCalls === 1 ? '' : 's'}`
        : 'training began after every traced callable was called';
      this.notice({ level: 'info', code: 'stopped', message: `Stopped the script: ${why}. ${this.options.keepRunningHint ?? 'To let it go on, run it again with --keep-running.'}` });
      this.terminate();
    }
  }

  private badEvent(detail: string): void {
    this.badEvents++;
    if (this.badEvents <= MAX_BAD_EVENT_NOTICES) {
      this.notice({ level: 'warning', code: 'bad-event', message: `An unreadable event from the traced process was skipped: ${detail}` });
    }
  }

  /** Puts an event in the trace, holding host events back until the runtime's run event is first. */
  private record(event: TraceEvent): void {
    if (this.runSeen) return this.commit(event);
    if (event.type !== 'run') {
      this.pending.push(event);
      return;
    }
    this.runSeen = true;
    this.commit(event);
    const held = this.pending;
    this.pending = [];
    for (const e of held) this.commit(e);
  }

  private commit(event: TraceEvent): void {
    if (event.type === 'callable') this.targetEvents.push(event);
    if (event.type === 'call' && !this.calledIds.has(event.callableId)) {
      this.calledIds.add(event.callableId);
      this.targetEvents.push(event);
    }
    this.writer?.write(encodeEvent(event));
    this.emit('event', event);
    // A full disk: the run goes on, without the rest of its file, and says so (not after the exit event).
    if (this.writer?.failure && !this.traceErrorTold && event.type !== 'exit') {
      this.traceErrorTold = true;
      this.notice({ level: 'error', code: 'trace-write-failed', message: `The trace file ${this.traceFile} could not be written: ${this.writer.failure}. The run goes on; the file holds only the events before.` });
    }
  }

  private notice(notice: HostNotice): void {
    this.record({ type: 'notice', ...notice, time: this.now() });
  }

  private now(): number {
    return Date.now() - this.startedAt;
  }

  private terminate(signal: NodeJS.Signals = 'SIGTERM'): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.terminating) return;
    this.terminating = true;
    signalTree(pid, signal);
    this.killTimer = setTimeout(() => signalTree(pid, 'SIGKILL'), KILL_GRACE_MS);
  }

  /** The main process ended: stop what it left in its group, read the pipes dry, then finish. */
  private async afterExit(streamsClosed: Promise<unknown>): Promise<void> {
    const pid = this.child!.pid!;
    if (treeAlive(pid)) this.terminate();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([streamsClosed, new Promise((resolve) => (timer = setTimeout(resolve, KILL_GRACE_MS + 1000)))]);
    clearTimeout(timer);
    if (treeAlive(pid)) signalTree(pid, 'SIGKILL');
    for (const stream of [this.outputs!.stdout, this.outputs!.stderr, this.child!.stdio[EVENT_FD] as Readable, this.child!.stdio[HOST_WATCH_FD] as Readable]) stream?.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.killTimer);
    if (this.child?.pid !== undefined) untrackTree(this.child.pid);
    const exit = this.childExit;
    if (!this.runSeen) {
      const spawned = this.child?.pid !== undefined;
      this.record(this.syntheticRun());
      if (spawned) {
        this.notice({ level: 'error', code: 'no-runtime', message: `The script ended before Trainspect's runtime reported in, so nothing was traced (exit code ${exit?.code ?? 'none'}${exit?.signal ? `, signal ${exit.signal}` : ''}).` });
      }
    }
    if (exit) for (const n of this.endNotices(exit.code)) this.notice(n);
    const exitEvent: ExitEvent = {
      type: 'exit',
      code: exit?.code ?? null,
      signal: exit?.signal ?? null,
      stoppedBy: this.stoppedBy,
      durationMs: (exit?.at ?? Date.now()) - this.startedAt,
      time: this.now(),
    };
    this.record(exitEvent);
    this.writer?.close();
    const traceError = this.writer?.failure;
    this.resolveDone({ exit: exitEvent, ...(this.traceFile ? { traceFile: this.traceFile } : {}), ...(traceError ? { traceError } : {}) });
  }

  private endNotices(code: number | null): HostNotice[] {
    const notices: HostNotice[] = [];
    if (code !== 0 && code !== null) {
      const tfjs = tfjsMissingNotice(this.uncaught, this.stderrTail, path.dirname(this.script));
      const syntax = tfjs ? undefined : syntaxErrorNotice(this.uncaught, this.stderrTail, runtimeDir());
      for (const n of [tfjs, syntax]) if (n) notices.push(n);
    }
    if (this.runSeen && this.stoppedBy === null) {
      for (const u of unseenTargets(this.options.targets, this.targetEvents)) if (!this.toldAtTraining.has(`${u.code} ${u.target}`)) notices.push(u.notice);
    }
    return notices;
  }

  private syntheticRun(): RunEvent {
    return {
      type: 'run',
      version: TRACE_FORMAT_VERSION,
      script: this.script,
      args: this.options.args,
      cwd: this.options.cwd,
      node: null,
      platform: process.platform,
      pid: this.child?.pid ?? null,
      startTime: new Date(this.startedAt).toISOString(),
      targets: this.options.targets,
      maxCalls: this.options.maxCalls,
      time: 0,
    };
  }
}

export function startTraceRun(options: TraceRunOptions): TraceRun {
  return new TraceRun(options);
}

/** What `node <script>` would find: the file itself, or the .js/.json/folder resolution of it. */
function scriptExists(script: string): boolean {
  try {
    if (fs.statSync(script).isFile()) return true;
  } catch {
    // not as written: try Node's own resolution below
  }
  try {
    createRequire(script).resolve(script);
    return true;
  } catch {
    return false;
  }
}

function ended(stream: Readable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.readableEnded || stream.destroyed) return resolve();
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}
