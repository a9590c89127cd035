// One recorded call: who (callable, call number, where), what went in and came out, how long, and
// who called it (the user's own frames first, library and Node frames folded).
import type { CallEvent, ParamInfo, SplitLabelsEvent, SplitSummary, StackFrame } from '../../protocol/events';
import { argumentCount, argumentLabel, parameterOf, parametersNotPassed, partLabelsText, plural, splitParts, splitProblems, splitVerdict } from '../../protocol/call-text';
import { formatDuration } from '../../protocol/exit';
import { h, icon } from '../dom';
import { renderPreview, type TextContext } from '../render-preview';
import { siteLink, type Reveal } from '../site';

/** Debug the script again, stopping inside the callable at this call (the panel in VS Code only). */
export type BreakHere = (call: CallEvent) => void;

/** What argument `i` is called in the callee: its parameter's name (`rest[0]` for a rest parameter), else its position. */
function argLabel(params: readonly ParamInfo[], i: number, callable: string): HTMLElement {
  const of = parameterOf(params, i);
  if (!of) return h('span', { class: 'value-label', title: `argument ${i + 1}: ${callable} declares no parameter for it` }, argumentLabel(params, i));
  const { param, label } = of;
  return h('span', { class: 'value-label', title: `argument ${i + 1}, parameter ${param.rest ? `...${param.name}` : param.name} of ${callable}` }, label);
}

/** A parameter the call did not pass: its default, which the callee then used, or undefined. */
function notPassed(param: ParamInfo): HTMLElement {
  return h('div', { class: 'value leaf not-passed' }, h('span', { class: 'value-line' },
    h('span', { class: 'value-label' }, param.name),
    h('code', { class: 'value-inline kind-default', title: param.default ?? 'undefined' }, param.default !== undefined ? `= ${param.default}` : 'undefined'),
    h('span', { class: 'value-kind' }, param.default !== undefined ? 'not passed: the default' : 'not passed')));
}

function renderArgs(call: CallEvent, ctx: TextContext): HTMLElement[] {
  const params = call.params ?? [];
  // A call with very many arguments keeps only the first ones (`argCount` says how many it had).
  const argCount = argumentCount(call);
  const rows = call.args.map((arg, i) => renderPreview(arg, argLabel(params, i, call.callable), ctx));
  if (argCount > call.args.length) rows.push(h('div', { class: 'value-note' }, `… ${plural(argCount - call.args.length, 'more argument')} not captured`));
  for (const param of parametersNotPassed(call)) rows.push(notPassed(param));
  return rows.length ? rows : [h('div', { class: 'value-note' }, 'called with no arguments')];
}

/** What a splitter's index arrays mean: how many items each part got, and any overlap or item left out. */
export function renderSplit(split: SplitSummary): HTMLElement {
  const warn = splitProblems(split).length > 0;
  const parts = splitParts(split).map((p) => h('span', { class: 'split-part' }, h('span', { class: 'value-label' }, `[${p.index}]`), ` ${p.text}`));
  return h('div', { class: `split${warn ? ' warn' : ''}`, attrs: { 'aria-label': 'What the split means' } },
    icon(warn ? 'warning' : 'split-horizontal'),
    h('span', {}, `Splits its ${plural(split.items, 'item')} into`), ...parts,
    h('span', { class: 'split-verdict' }, splitVerdict(split)));
}

/** What each labeller said of the items in each part of the split (fastai's label counts per split). */
export function renderSplitLabels(labels: readonly SplitLabelsEvent[]): HTMLElement {
  return h('div', { class: 'split-labels', attrs: { 'aria-label': 'Labels per part' } }, ...labels.map((event) =>
    h('div', { class: 'split-labels-by' },
      h('span', {}, icon('tag'), ` ${event.callable} labelled ${plural(event.counted, 'item')}:`),
      ...event.parts.map((part, i) => h('div', { class: 'split-part-labels' },
        h('span', { class: 'value-label' }, `[${i}]`), ` ${partLabelsText(part)}`)),
      event.otherLabels ? h('div', { class: 'value-note' }, `… ${plural(event.otherLabels, 'item')} with labels beyond the first 100`) : null)));
}

export function renderCall(call: CallEvent, cwd: string | undefined, reveal: Reveal, breakHere?: BreakHere, labels: readonly SplitLabelsEvent[] = []): HTMLElement {
  const ctx: TextContext = { root: cwd };
  const outcome = call.error !== undefined
    ? h('section', { class: 'outcome threw', attrs: { 'aria-label': 'Thrown error' } },
      h('h4', {}, icon('error'), call.async ? ' Rejected with' : ' Threw'), renderPreview(call.error, undefined, ctx))
    : call.result !== undefined
      ? h('section', { class: 'outcome', attrs: { 'aria-label': 'Result' } },
        h('h4', {}, icon('arrow-right'), call.async ? ' Resolved to' : ' Returned'), renderPreview(call.result, undefined, ctx),
        call.split ? renderSplit(call.split) : null, call.split && labels.length ? renderSplitLabels(labels) : null)
      : h('section', { class: 'outcome pending' }, h('h4', {}, icon('watch'), ' No result recorded'));

  const args = renderArgs(call, ctx);
  const argCount = argumentCount(call);

  return h('article', {
    class: 'call',
    attrs: { 'data-callable': call.callableId, 'aria-label': `${call.callable} call ${call.callNumber}` },
  },
  h('header', { class: 'call-header' },
    icon('symbol-method'),
    h('span', { class: 'call-name' }, call.callable),
    h('span', { class: 'badge', title: `Call ${call.callNumber} of ${call.callable} (recorded call ${call.seq} of the run)` }, `#${call.callNumber}`),
    siteLink(call.site, cwd, reveal),
    h('span', { class: 'duration', title: call.async ? 'until the returned promise settled' : 'wall time' },
      icon('clock'), ` ${formatDuration(call.durationMs)}${call.async ? ' (async)' : ''}`),
    breakHere && h('button', {
      class: 'link break-here',
      title: `Debug the script again, stopping inside ${call.callable} when it is called for the ${ordinal(call.callNumber)} time`,
      attrs: { type: 'button', 'data-break-seq': String(call.seq), 'aria-label': `Break in ${call.callable} at call ${call.callNumber}` },
      onClick: () => breakHere(call),
    }, icon('debug-breakpoint'), ' Break here'),
  ),
  h('section', { class: 'args', attrs: { 'aria-label': 'Arguments' } }, h('h4', {}, icon('symbol-parameter'), ` Arguments (${argCount})`), ...args),
  outcome,
  renderStack(call.stack, cwd, reveal),
  );
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function frameText(f: StackFrame): string {
  return f.function ?? '(anonymous)';
}

function renderFrame(f: StackFrame, cwd: string | undefined, reveal: Reveal): HTMLElement {
  const where = f.file !== null && f.line !== null && !f.file.startsWith('node:')
    ? siteLink({ file: f.file, line: f.line, column: f.column ?? 1 }, cwd, reveal)
    : h('span', { class: 'frame-file' }, f.file === null ? '(unknown)' : `${f.file}${f.line !== null ? `:${f.line}` : ''}${f.column !== null ? `:${f.column}` : ''}`);
  return h('li', { class: f.user ? 'frame user' : 'frame' }, h('code', { class: 'frame-fn' }, frameText(f)), ' ', where);
}

export function renderStack(stack: StackFrame[], cwd: string | undefined, reveal: Reveal): HTMLElement {
  const user = stack.filter((f) => f.user);
  const other = stack.filter((f) => !f.user);
  const section = h('section', { class: 'stack', attrs: { 'aria-label': 'Caller stack' } },
    h('h4', {}, icon('call-incoming'), ' Called from'));
  if (stack.length === 0) section.appendChild(h('div', { class: 'value-note' }, 'no stack recorded'));
  if (user.length) section.appendChild(h('ol', { class: 'frames' }, ...user.map((f) => renderFrame(f, cwd, reveal))));
  if (other.length) {
    section.appendChild(h('details', { class: 'library-frames' },
      h('summary', {}, `${other.length} library and Node frame${other.length === 1 ? '' : 's'}`),
      h('ol', { class: 'frames' }, ...other.map((f) => renderFrame(f, cwd, reveal)))));
  }
  return section;
}
