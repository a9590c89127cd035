// trace → HTML report file (the CLI's `trainspect report` and `run --report`, and the editor's Export
// Report): written whole or not at all, into a temporary file beside the target and renamed over it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadReportAssets } from './report-assets';
import { reportPage } from './report-page';
import { readReportRun } from './read-report-run';

/** The report file (or its folder) cannot be made or written: nothing was written. */
export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';
}

export interface WrittenReport {
  file: string;
  bytes: number;
  /** Events read from the trace, and those the report holds (a long run's per-batch events thinned). */
  eventsRead: number;
  eventsKept: number;
  /** Damaged lines skipped. */
  damaged: number;
  firstDamaged: { line: number; reason: string; cut: boolean } | undefined;
}

/** Whether two paths name one file (the same path, or links to one file). */
function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const [x, y] = [fs.statSync(a), fs.statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // one of them does not exist yet
  }
}

/**
 * Makes the folder `out` goes in when missing and checks it can be written, and that `out` is not the
 * trace (which the report would replace); throws ReportFileError if not.
 */
export function prepareReportFolder(out: string, trace: string): void {
  if (sameFile(out, trace)) throw new ReportFileError(`cannot write the report to ${out}: it is the trace itself`);
  const dir = path.dirname(path.resolve(out));
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new ReportFileError(`cannot write ${out}: ${(error as Error).message}`);
  }
  if (fs.existsSync(out) && fs.statSync(out).isDirectory()) throw new ReportFileError(`cannot write ${out}: it is a folder`);
}

/**
 * Throws TraceFormatError when `trace` is not a Trainspect trace, the file system's error when it
 * cannot be read, and ReportFileError when `out` cannot be written; in each case nothing is written.
 */
export async function writeReport(trace: string, out: string): Promise<WrittenReport> {
  const file = path.resolve(out);
  prepareReportFolder(file, trace);
  const data = await readReportRun(trace);
  const html = reportPage(loadReportAssets(), data);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, html);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new ReportFileError(`cannot write ${out}: ${(error as Error).message}`);
  }
  return {
    file, bytes: Buffer.byteLength(html), eventsRead: data.eventsRead, eventsKept: data.events.length,
    damaged: data.damaged.count, firstDamaged: data.damaged.first[0],
  };
}
