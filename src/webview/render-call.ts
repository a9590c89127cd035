// One recorded call: who (callable, call number, where), what went in and came out, how long, and
// who called it (the user's own frames first, library and Node frames folded).
import type { CallEvent, SourceSite, StackFrame } from '../protocol/events';
import { formatDuration } from '../protocol/exit';
import { h, icon } from './dom';
import { renderPreview } from './render-preview';

export type Reveal = (site: SourceSite) => void;

/** A path shown relative to the run's folder when it lies inside it. */
export function shortPath(file: string, cwd: string | undefined): string {
  const sep = file.includes('\\') && !file.includes('/') ? '\\' : '/';
  if (cwd) {
    const base = cwd.endsWith(sep) ? cwd : cwd + sep;
    if (file.startsWith(base)) return file.slice(base.length);
  }
  return file;
}

export function siteLink(site: SourceSite, cwd: string | undefined, reveal: Reveal): HTMLButtonElement {
  const text = `${shortPath(site.file, cwd)}:${site.line}:${site.column}`;
  return h('button', {
    class: 'link site',
    title: `Open ${site.file} at line ${site.line}`,
    attrs: { type: 'button', 'aria-label': `Open ${text}` },
    onClick: () => reveal(site),
  }, text);
}

export function renderCall(call: CallEvent, cwd: string | undefined, reveal: Reveal): HTMLElement {
  const outcome = call.error !== undefined
    ? h('section', { class: 'outcome threw', attrs: { 'aria-label': 'Thrown error' } },
      h('h4', {}, icon('error'), call.async ? ' Rejected with' : ' Threw'), renderPreview(call.error))
    : call.result !== undefined
      ? h('section', { class: 'outcome', attrs: { 'aria-label': 'Result' } },
        h('h4', {}, icon('arrow-right'), call.async ? ' Resolved to' : ' Returned'), renderPreview(call.result))
      : h('section', { class: 'outcome pending' }, h('h4', {}, icon('watch'), ' No result recorded'));

  const args = call.args.length
    ? call.args.map((arg, i) => renderPreview(arg, `arg ${i}`))
    : [h('div', { class: 'value-note' }, 'called with no arguments')];

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
  ),
  h('section', { class: 'args', attrs: { 'aria-label': 'Arguments' } }, h('h4', {}, icon('symbol-parameter'), ` Arguments (${call.args.length})`), ...args),
  outcome,
  renderStack(call.stack, cwd, reveal),
  );
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
