// Shared by the runner and CLI tests: the fixtures, a build of the runtime and CLI from the current
// source (once per mocha run), traced runs with their output collected, and plain `node` runs.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CallEvent, NoticeEvent, TraceEvent } from '../../src/protocol/events';
import { packageRoot } from '../../src/host/paths';
import { startTraceRun, type RunResult, type TraceRunOptions } from '../../src/host/runner';
import { createCatchUpLog, keepForCatchUp } from '../../src/protocol/catch-up';
import { applyEvent, createRunModel } from '../../src/protocol/run-model';
import { readTrace } from '../../src/host/trace-reader';

export const FIXTURES = path.join(packageRoot(), 'test', 'fixtures', 'runner');
export const CLI = path.join(packageRoot(), 'dist', 'cli', 'trainspect.js');

let built = false;
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, ['esbuild.js', 'runtime', 'cli'], { cwd: packageRoot(), stdio: 'inherit' });
  built = true;
}

export interface TracedRun extends RunResult {
  /** Every event the run emitted, in trace order (a test's runs are short). */
  events: TraceEvent[];
  stdout: Buffer;
  stderr: Buffer;
  pid: number | undefined;
}

/** Traces a fixture with the runner API and collects the exact bytes of its output. */
export async function trace(script: string, options: Partial<TraceRunOptions> = {}, during?: (run: ReturnType<typeof startTraceRun>, stdout: () => string) => void): Promise<TracedRun> {
  const run = startTraceRun({ script, cwd: FIXTURES, ...options });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const events: TraceEvent[] = [];
  run.on('event', (event: TraceEvent) => events.push(event));
  run.on('stdout', (_t: string, chunk: Buffer) => out.push(chunk));
  run.on('stderr', (_t: string, chunk: Buffer) => err.push(chunk));
  during?.(run, () => Buffer.concat(out).toString());
  const result = await run.done;
  return { ...result, events, stdout: Buffer.concat(out), stderr: Buffer.concat(err), pid: run.pid };
}

/** The same script with plain `node`, nothing of Trainspect loaded. */
export function plainNode(script: string, args: string[] = []): { stdout: Buffer; stderr: Buffer; status: number | null } {
  const r = spawnSync('node', [script, ...args], { cwd: FIXTURES });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export const callsOf = (events: TraceEvent[], name?: string): CallEvent[] =>
  events.filter((e): e is CallEvent => e.type === 'call' && (name === undefined || e.callable === name));

export const noticesOf = (events: TraceEvent[]): NoticeEvent[] => events.filter((e): e is NoticeEvent => e.type === 'notice');

/** The 1-based line of the first line of a fixture that contains text. */
export function lineOf(fixture: string, text: string): number {
  const index = fs.readFileSync(path.join(FIXTURES, fixture), 'utf8').split('\n').findIndex((l) => l.includes(text));
  if (index < 0) throw new Error(`${text} not in ${fixture}`);
  return index + 1;
}

/** True while pid runs; a zombie (dead, not yet reaped by an init that may never reap it) is not running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

export async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The catch-up events of a whole trace (src/protocol/catch-up.ts), damaged lines skipped: what an HTML report embeds, but output. */
export async function catchUpOfTrace(file: string): Promise<TraceEvent[]> {
  const log = createCatchUpLog();
  const model = createRunModel({ status: 'finished' });
  for await (const line of readTrace(file)) {
    if (line.kind === 'damaged') continue;
    keepForCatchUp(log, model, line.event);
    applyEvent(model, line.event);
  }
  return log.events;
}
