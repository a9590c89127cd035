// ESM load hook (runs on Node's loader thread): instruments the user's ES modules after the next
// loader (tsx, if any) has turned them into JavaScript, and the CommonJS ones it hands over with their
// source (tsx's .cts imported from an ES module), which Node then compiles without its CommonJS loader.
import { fileURLToPath } from 'node:url';
import { setClockOrigin } from './clock';
import { openEventPipe } from './event-writer';
import { instrument, setBreakPrologues, setShapeCalls, useTransformCache } from './instrument';
import { openTransformCache } from './transform-cache';
import * as path from 'node:path';
import { isUserFile } from './user-files';
import type { LoaderData } from './shared-state';

let ownDir = '';
let targets: readonly string[] = [];

export function initialize(data: LoaderData | undefined): void {
  if (!data) return;
  ownDir = data.ownDir;
  targets = data.targets;
  setBreakPrologues(data.breakPrologues);
  setShapeCalls(data.shapes ?? undefined);
  useTransformCache(openTransformCache(path.join(ownDir, 'esm-loader.mjs'))); // this bundle holds its transform
  setClockOrigin(data.origin);
  openEventPipe(data.eventFd, data.traceBudget);
}

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}

export async function load(url: string, context: unknown, nextLoad: (url: string, context: unknown) => Promise<LoadResult>): Promise<LoadResult> {
  const result = await nextLoad(url, context);
  const esm = result.format === 'module';
  if (!ownDir || !(esm || result.format === 'commonjs') || result.source == null || !url.startsWith('file:')) return result;
  const file = fileURLToPath(url);
  if (!isUserFile(file, ownDir)) return result;
  const source = typeof result.source === 'string' ? result.source : Buffer.from(result.source as ArrayBuffer).toString('utf8');
  const code = instrument(source, file, esm, targets);
  return code === source ? result : { ...result, source: code };
}
