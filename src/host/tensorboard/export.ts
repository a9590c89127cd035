// Writes a trace's training scalars as TensorBoard event files, named as tfjs-node's own
// tf.node.tensorBoard() callback names them (docs/cli.md, "trainspect export"):
//   train/ and val/ subfolders, val_ stripped in val/; tags batch_<metric> (step: batches seen in the
//   fit call, from 1) and epoch_<metric> (step: epoch index + 1). A custom loop's steps are its batches.
// A trace with one fit call (or one custom loop) gets <logdir>/train and <logdir>/val, exactly as the
// callback would; with more, each gets its own folder: <logdir>/<model>-fit<n>/train, <logdir>/loop<id>-<kind>/train.
// The trace is read as a stream, so every batch is exported, not only the run model's bounded series.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MetricValue, TraceEvent } from '../../protocol/events';
import { readTrace } from '../trace-reader';
import { EventFile, eventFileName } from './event-file';

/** A damaged line of the trace, skipped (`cut`: the last line, cut off mid-line). */
export interface SkippedLine {
  line: number;
  reason: string;
  cut: boolean;
}

export interface TensorBoardExport {
  logdir: string;
  /** The event files written, relative to logdir, in the order their folders first appeared. */
  files: string[];
  scalars: number;
  skipped: SkippedLine[];
}

/** The logdir could not be made or written; the trace is fine. */
export class LogdirError extends Error {}

const SKIPPED_KEYS = new Set(['batch', 'size', 'num_steps']); // what the callback leaves out of the logs
const VAL_PREFIX = 'val_';

/** A fit call or a custom loop: the unit that one tfjs-node callback (one train/ + val/ pair) covers. */
interface Unit {
  index: number; // from 1, in the order units first appear
  folder: string; // its folder when the trace has several
  batchesSeen: number;
  files: Map<'train' | 'val', EventFile>;
}

function metricNumber(value: MetricValue): number {
  return typeof value === 'number' ? value : Number(value); // "NaN", "Infinity", "-Infinity"
}

const safeName = (name: string): string => name.replace(/[^\w.-]+/g, '_');

export async function exportTensorBoard(traceFile: string, logdir: string, host = os.hostname()): Promise<TensorBoardExport> {
  const target = path.resolve(logdir);
  const staging = path.join(target, `.trainspect-export-${process.pid}-${Date.now()}`);
  try {
    await fs.promises.mkdir(staging, { recursive: true });
  } catch (error) {
    throw new LogdirError(`cannot write to ${target}: ${(error as Error).message}`);
  }
  try {
    const { units, skipped } = await writeUnits(traceFile, staging, host);
    const written = [...units.values()].filter((unit) => unit.files.size > 0);
    const files: string[] = [];
    let scalars = 0;
    const folders = new Set<string>();
    for (const unit of written) {
      // Two models of the same name (in two processes' worth of one trace) keep apart by their order.
      const folder = written.length === 1 ? '' : folders.has(unit.folder) ? `${unit.folder}-${unit.index}` : unit.folder;
      folders.add(folder);
      for (const [split, file] of unit.files) {
        const relative = path.join(folder, split, path.basename(file.file));
        await moveInto(file.file, path.join(target, relative));
        files.push(relative);
        scalars += file.scalars;
      }
    }
    return { logdir: target, files, scalars, skipped };
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
}

async function moveInto(from: string, to: string): Promise<void> {
  try {
    await fs.promises.mkdir(path.dirname(to), { recursive: true });
    await fs.promises.rename(from, to); // the same run exported again replaces its own file
  } catch (error) {
    throw new LogdirError(`cannot write ${to}: ${(error as Error).message}`);
  }
}

async function writeUnits(traceFile: string, staging: string, host: string): Promise<{ units: Map<string, Unit>; skipped: SkippedLine[] }> {
  const units = new Map<string, Unit>();
  const skipped: SkippedLine[] = [];
  const modelNames = new Map<number, string>();
  let startSeconds = 0;
  let fileName = '';
  const unitFor = (key: string, folder: string): Unit => {
    let unit = units.get(key);
    if (!unit) units.set(key, (unit = { index: units.size + 1, folder, batchesSeen: 0, files: new Map() }));
    return unit;
  };
  const write = async (unit: Unit, logs: Record<string, MetricValue>, prefix: string, step: number, wallTime: number): Promise<void> => {
    for (const [key, value] of Object.entries(logs)) {
      if (SKIPPED_KEYS.has(key)) continue;
      const split = key.startsWith(VAL_PREFIX) ? 'val' : 'train';
      const tag = prefix + (split === 'val' ? key.slice(VAL_PREFIX.length) : key);
      let file = unit.files.get(split);
      if (!file) {
        file = new EventFile(path.join(staging, String(unit.index), split, fileName), wallTime);
        unit.files.set(split, file);
      }
      try {
        await file.add(wallTime, step, { tag, value: metricNumber(value) });
      } catch (error) {
        throw new LogdirError(`cannot write to ${path.dirname(staging)}: ${(error as Error).message}`);
      }
    }
  };
  try {
    for await (const item of readTrace(traceFile)) {
      if (item.kind === 'damaged') {
        skipped.push({ line: item.line, reason: item.reason, cut: item.cut });
        continue;
      }
      const event: TraceEvent = item.event;
      const wallTime = startSeconds + event.time / 1000;
      switch (event.type) {
        case 'run':
          startSeconds = Date.parse(event.startTime) / 1000;
          fileName = eventFileName(startSeconds, host);
          break;
        case 'model':
          modelNames.set(event.modelId, event.model);
          break;
        case 'batch': {
          const unit = unitFor(`fit ${event.modelId} ${event.fitCall}`, `${safeName(modelNames.get(event.modelId) ?? `model${event.modelId}`)}-fit${event.fitCall}`);
          unit.batchesSeen++;
          await write(unit, event.logs, 'batch_', unit.batchesSeen, wallTime);
          break;
        }
        case 'epoch': {
          const unit = unitFor(`fit ${event.modelId} ${event.fitCall}`, `${safeName(modelNames.get(event.modelId) ?? `model${event.modelId}`)}-fit${event.fitCall}`);
          await write(unit, event.logs, 'epoch_', event.epoch + 1, wallTime);
          break;
        }
        case 'step': {
          const unit = unitFor(`loop ${event.loopId}`, `loop${event.loopId}-${event.loop}`);
          await write(unit, event.logs, 'batch_', event.step + 1, wallTime);
          break;
        }
      }
    }
  } finally {
    for (const unit of units.values()) for (const file of unit.files.values()) await file.close();
  }
  return { units, skipped };
}
