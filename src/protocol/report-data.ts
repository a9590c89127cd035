// What an HTML report embeds of a run (src/host/report writes it, src/webview/report-host.ts reads it):
// the events a panel is sent for a stored run but output (catch-up, so bounded however long the run), and what the
// report says about its trace. JSON inside `<script type="application/json">`, escaped by
// `embeddedJson` so that no captured string can end the element or become HTML.
import type { TraceEvent } from './events';
import { isTraceEvent } from './trace-format';

export const REPORT_DATA_ID = 'trainspect-report-data';

export interface ReportDamage {
  /** Lines of the trace that were not events and were skipped. */
  count: number;
  /** The first few of them. */
  first: { line: number; reason: string; cut: boolean }[];
}

export interface ReportData {
  version: 1;
  runId: string;
  title: string;
  /** The trace file's name (not its folder). */
  traceName: string;
  /** When the report was written (ms since 1970). */
  writtenAt: number;
  damaged: ReportDamage;
  events: TraceEvent[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isReportData(v: unknown): v is ReportData {
  if (!isObject(v) || v.version !== 1 || typeof v.runId !== 'string' || typeof v.title !== 'string' || typeof v.traceName !== 'string') return false;
  if (typeof v.writtenAt !== 'number' || !Array.isArray(v.events) || !v.events.every(isTraceEvent) || !isObject(v.damaged)) return false;
  const { count, first } = v.damaged;
  return typeof count === 'number' && Array.isArray(first)
    && first.every((d) => isObject(d) && typeof d.line === 'number' && typeof d.reason === 'string' && typeof d.cut === 'boolean');
}

/**
 * JSON safe inside an HTML element: `<`, `>` and `&` as \u escapes (JSON.parse reads them back as
 * they were), so `</script>` or `<!--` in a captured string cannot end the element or open a comment.
 */
export function embeddedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
