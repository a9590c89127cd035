// Test helper: runs a fixture script in a real child process with the built runtime and collects the
// events from fd 3, the output and the exit code.
import { spawn, execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { TraceEvent } from '../../../src/protocol/events';
import type { RuntimeConfig } from '../../../src/protocol/runtime-config';
import { nodeArgsFor } from '../../../src/host/launch';

export const ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/runtime');

let built = false;
/** Builds dist/runtime once per test process. */
export function buildRuntime(): void {
  if (built) return;
  execFileSync(process.execPath, ['esbuild.js', 'runtime'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

export interface Traced {
  events: TraceEvent[];
  lines: string[]; // the event pipe's lines as written
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface TraceOptions {
  targets?: string[];
  maxCalls?: number;
  runtime?: boolean; // false: the same command line without Trainspect (tsx still used for TS)
  args?: string[];
  extraConfig?: Partial<RuntimeConfig>;
  env?: Record<string, string>; // more environment for the script
}

/** The product's command line (src/host/launch.ts), or the same without Trainspect (tsx still used for TS). */
export function nodeArgs(script: string, runtime = true): string[] {
  const flags = nodeArgsFor(script, { runtime });
  if ('missing' in flags) throw new Error(`tsx not found for ${script}`);
  return flags.args;
}

export function runTraced(fixture: string, options: TraceOptions = {}): Promise<Traced> {
  const script = path.isAbsolute(fixture) ? fixture : path.join(FIXTURES, fixture);
  const runtime = options.runtime ?? true;
  const config: RuntimeConfig = { targets: options.targets ?? [], maxCalls: options.maxCalls ?? 3, eventFd: 3, ...options.extraConfig };
  const child = spawn(process.execPath, [...nodeArgs(script, runtime), script, ...(options.args ?? [])], {
    cwd: FIXTURES,
    env: { ...process.env, NODE_OPTIONS: '', TRAINSPECT_CONFIG: runtime ? JSON.stringify(config) : '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let events = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const decoder = new StringDecoder('utf8');
  (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (events += decoder.write(d)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = events.split('\n').filter(Boolean);
      resolve({ events: lines.map((l) => JSON.parse(l) as TraceEvent), lines, stdout, stderr, code });
    });
  });
}

export const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T): Extract<TraceEvent, { type: T }>[] =>
  events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
