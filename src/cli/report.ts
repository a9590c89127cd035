// `trainspect report <trace.jsonl> <out.html>` and `trainspect run … --report <out.html>` (docs/cli.md):
// one self-contained HTML file with every view of the panel. Damaged lines are skipped, named, and said
// in the report; exit codes as export's.
import { ReportFileError, writeReport } from '../host/report/write-report';
import { EXIT_CODES, relativeIfInside } from './format';
import { visible } from './terminal-text';
import { say, traceCommandFailed } from './trace-command';

const kilobytes = (bytes: number): string => `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: bytes < 10_240 ? 1 : 0 })} KB`;

export async function reportCommand(trace: string, out: string): Promise<number> {
  let written;
  try {
    written = await writeReport(trace, out);
  } catch (error) {
    return traceCommandFailed(error, trace, (e): e is ReportFileError => e instanceof ReportFileError);
  }
  const thinned = written.eventsKept < written.eventsRead ? ` (${written.eventsKept.toLocaleString('en-US')} of its ${written.eventsRead.toLocaleString('en-US')} events, as a panel keeps them)` : '';
  say(`report written to ${visible(relativeIfInside(written.file, process.cwd()))}, ${kilobytes(written.bytes)}${thinned}`);
  if (!written.damaged) return 0;
  const first = written.firstDamaged!;
  say(`error: ${visible(trace)} is damaged: ${written.damaged.toLocaleString('en-US')} line${written.damaged === 1 ? '' : 's'} could not be read and ${written.damaged === 1 ? 'was' : 'were'} skipped (the first: line ${first.line}, ${visible(first.cut ? 'cut off mid-line' : first.reason)}); the report shows the rest and says so.`);
  return EXIT_CODES.badTrace;
}
