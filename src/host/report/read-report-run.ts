// A trace read for an HTML report: streamed a chunk at a time, the events a panel saves of a run
// kept (the catch-up rule, src/protocol/catch-up.ts: bounded however long the run) but output, damaged lines
// skipped and counted so that the report can say so.
import * as path from 'node:path';
import { createCatchUpLog, keepForCatchUp } from '../../protocol/catch-up';
import { applyEvent, createRunModel } from '../../protocol/run-model';
import type { ReportData } from '../../protocol/report-data';
import { readTrace } from '../trace-reader';

/** Damaged lines named in the report; the rest are counted. */
const DAMAGED_NAMED = 5;

/** Throws TraceFormatError when the file is not a trace, and the file system's error when it cannot be read. */
export async function readReportRun(traceFile: string, writtenAt = Date.now()): Promise<ReportData & { eventsRead: number }> {
  const log = createCatchUpLog();
  const model = createRunModel({ status: 'finished' });
  const damaged: ReportData['damaged'] = { count: 0, first: [] };
  let eventsRead = 0;
  for await (const line of readTrace(traceFile)) {
    if (line.kind === 'damaged') {
      if (damaged.count++ < DAMAGED_NAMED) damaged.first.push({ line: line.line, reason: line.reason, cut: line.cut });
      continue;
    }
    eventsRead++;
    keepForCatchUp(log, model, line.event);
    applyEvent(model, line.event);
  }
  return {
    version: 1, runId: 'report', title: path.basename(model.run?.script ?? traceFile), traceName: path.basename(traceFile),
    // Output is left out: a panel says it is in the output channel, which a report has not (`trainspect show --output` prints it).
    writtenAt, damaged, events: log.events.filter((e) => e.type !== 'output'), eventsRead,
  };
}
