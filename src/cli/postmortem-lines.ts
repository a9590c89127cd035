// The post-mortem in the terminal, after the error Node printed: what caused it, the user's frames with
// their variables (tensors first, a few), the library frames between them counted, and what training
// was doing. In the panel's words (src/protocol/postmortem-text.ts); every captured text through visible().
import type { PostmortemEvent, PostmortemFrame, ScopeVariable, SourceSite } from '../protocol/events';
import { plural } from '../protocol/call-text';
import { metricText } from '../protocol/metric-text';
import { errorText, frameName, omittedFramesText, operandText, snapshotText, stackEntries, valueLine } from '../protocol/postmortem-text';
import type { PostmortemContext } from '../protocol/run-model';
import { visible } from './terminal-text';

export type LineStyle = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'green';

/** How the formatter writes: its colours (none when off) and a file as it prints one (relative, escaped). */
export interface LineWriter {
  style(style: LineStyle, text: string): string;
  where(file: string): string;
}

/** Variables printed per user frame; the panel shows them all. */
const MAX_FRAME_VARIABLES = 6;

/** The parameters of Node's CommonJS module wrapper: in every CommonJS file's top-level scope, saying nothing of the failure. */
const MODULE_WRAPPER = new Set(['exports', 'require', 'module', '__filename', '__dirname']);

/** What a frame held worth printing: its scopes' variables but the global scope's, functions and the module wrapper's left out, tensors first. */
function frameVariables(frame: PostmortemFrame): { shown: ScopeVariable[]; left: number } {
  const all = (frame.scopes ?? []).filter((s) => s.kind !== 'global').flatMap((s) => s.variables);
  const worth = all.filter((v) => v.value.kind !== 'function' && !MODULE_WRAPPER.has(v.name));
  const ordered = [...worth.filter((v) => v.value.kind === 'tensor'), ...worth.filter((v) => v.value.kind !== 'tensor')];
  const shown = ordered.slice(0, MAX_FRAME_VARIABLES);
  return { shown, left: ordered.length - shown.length };
}

export function postmortemLines(pm: PostmortemEvent, context: PostmortemContext, out: LineWriter): string[] {
  const site = (s: SourceSite): string => `${out.where(s.file)}:${s.line}:${s.column}`;
  const error = errorText(pm);
  const lines = [out.style('red', `${out.style('bold', 'post-mortem:')} ${visible(`${error.origin}: ${error.className}${error.message ? `: ${error.message}` : ''}`)}`)];
  if (pm.cause) {
    lines.push(`  ${out.style('yellow', 'cause')}    ${out.style('bold', visible(pm.cause.sentence))}`);
    if (pm.cause.operands.length) lines.push(`           ${out.style('dim', 'operands')} ${visible(pm.cause.operands.map(operandText).join(', '))}`);
    if (pm.cause.site) lines.push(`           ${out.style('dim', 'at')} ${site(pm.cause.site)}`);
  }
  lines.push(...stackLines(pm.frames, out));
  if (pm.framesOmitted) lines.push(out.style('dim', `  ${omittedFramesText(pm.framesOmitted)}`));
  lines.push(...contextLines(context, out));
  lines.push(`  ${out.style('dim', `snapshot ${visible(snapshotText(pm))}`)}`);
  return lines;
}

/** The user's frames printed at most; a recursion's repeats of one line are one frame with a count. */
const MAX_USER_FRAMES = 10;

const sameLine = (a: PostmortemFrame, b: PostmortemFrame): boolean =>
  a.function === b.function && a.file === b.file && a.line === b.line && a.column === b.column && a.async === b.async;

function stackLines(frames: readonly PostmortemFrame[], out: LineWriter): string[] {
  const lines: string[] = [];
  const frameWhere = (f: PostmortemFrame): string => (f.file === null ? '?' : `${out.where(f.file)}${f.line !== null ? `:${f.line}` : ''}${f.column !== null ? `:${f.column}` : ''}`);
  const entries = stackEntries(frames);
  const userFrameAt = (i: number): PostmortemFrame | undefined => { const e = entries[i]; return e?.kind === 'frame' ? e.frame : undefined; };
  let printed = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.kind === 'library') {
      lines.push(out.style('dim', `  … ${plural(entry.frames.length, 'library frame')}`));
      continue;
    }
    if (printed === MAX_USER_FRAMES) {
      const yours = frames.slice(entry.index).filter((f) => f.user).length;
      lines.push(out.style('dim', `  … ${plural(frames.length - entry.index, 'more frame')} (${yours.toLocaleString('en-US')} of yours) not printed`));
      break;
    }
    printed++;
    const { frame } = entry;
    // A recursion's frames of one line in a row, their variables not read, are printed once with a count.
    let repeats = 1;
    for (let next = userFrameAt(i + 1); !frame.scopes && next && !next.scopes && sameLine(frame, next); next = userFrameAt(i + 1)) {
      repeats++;
      i++;
    }
    const times = repeats > 1 ? out.style('dim', ` ×${repeats.toLocaleString('en-US')}`) : '';
    lines.push(`  ${out.style('dim', frame.async ? 'async' : 'at')} ${out.style('cyan', visible(frameName(frame)))} (${frameWhere(frame)})${times}`);
    const { shown, left } = frameVariables(frame);
    for (const v of shown) lines.push(`    ${out.style('green', visible(v.name).padEnd(8))} ${visible(valueLine(v.value))}`);
    const omitted = (frame.scopes ?? []).reduce((n, s) => n + s.omitted, 0);
    if (left + omitted > 0) lines.push(`    ${out.style('dim', `… ${plural(left + omitted, 'more variable')}`)}`);
  }
  return lines;
}

function contextLines(context: PostmortemContext, out: LineWriter): string[] {
  const lines: string[] = [];
  const { training, logs, memory, calls } = context;
  if (training) {
    const batch = training.batch !== undefined ? ` batch ${training.batch}${training.batches !== null ? `/${training.batches}` : ''}` : '';
    const values = logs.map(([name, value]) => `${visible(name)} ${out.style('green', metricText(value))}`).join('  ');
    lines.push(`  ${out.style('dim', 'training')} ${out.style('bold', visible(training.model))} fit #${training.fitCall}, epoch ${training.epoch}/${training.epochs}${batch}${values ? `  ${values}` : ''}`);
  }
  if (memory) lines.push(`  ${out.style('dim', 'memory')}   ${memory.numTensors.toLocaleString('en-US')} tensors, ${memory.numBytes.toLocaleString('en-US')} B`);
  if (calls.length) {
    const shown = calls.map((c) => `${out.style('cyan', visible(c.callable))} #${c.callNumber} at ${out.where(c.site.file)}:${c.site.line}${c.error ? out.style('red', ' (threw)') : ''}`);
    lines.push(`  ${out.style('dim', 'last calls')} ${shown.join(', ')}`);
  }
  return lines;
}
