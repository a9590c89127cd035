// The failing stack of a post-mortem, innermost first: each of the user's frames one row (function, file
// basename:line that opens the line, async callers marked) that opens to its scopes and their variables;
// each run of library frames one "N library frames" toggle that shows them in their place.
import type { FrameScope, PostmortemFrame, ScopeVariable, SourceSite } from '../../protocol/events';
import { baseName, frameName, omittedFramesText, scopeTitle, stackEntries, tensorParts } from '../../protocol/postmortem-text';
import type { TensorPreview } from '../../protocol/preview';
import { h, icon } from '../dom';
import { renderPreview, type TextContext } from '../render-preview';
import type { Reveal } from '../site';
import { roundNumber } from '../value-text';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The stack; the first of the user's frames (the line of theirs that failed) opens with its variables. */
export function renderStack(frames: readonly PostmortemFrame[], framesOmitted: number, ctx: TextContext, reveal: Reveal): HTMLElement {
  const list = h('ol', { class: 'pm-frames' });
  let opened = false;
  for (const entry of stackEntries(frames)) {
    if (entry.kind === 'frame') {
      const openIt: boolean = !opened && entry.frame.scopes !== null;
      opened ||= openIt;
      list.appendChild(renderFrame(entry.frame, entry.index, openIt, ctx, reveal));
      continue;
    }
    const rows = entry.frames.map(({ frame, index }) => renderFrame(frame, index, false, ctx, reveal));
    for (const row of rows) row.hidden = true;
    const count = `${fmt(rows.length)} library frame${rows.length === 1 ? '' : 's'}`;
    const toggle = h('button', {
      class: 'link pm-library-toggle',
      title: 'Frames of TensorFlow.js, other packages and Node, in their place in the stack',
      attrs: { type: 'button', 'aria-expanded': 'false', 'data-action': `library-${entry.frames[0].index}` },
    }, icon('chevron-right'), ` ${count}`);
    toggle.addEventListener('click', () => {
      const show = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(show));
      toggle.firstElementChild!.className = `codicon codicon-${show ? 'chevron-down' : 'chevron-right'}`;
      for (const row of rows) row.hidden = !show;
    });
    list.append(h('li', { class: 'pm-library-fold' }, toggle), ...rows);
  }
  return h('section', { class: 'pm-stack', attrs: { 'aria-label': 'Stack' } },
    h('h4', {}, icon('call-incoming'), ' Stack', h('span', { class: 'pm-note' }, ` (${fmt(frames.length + framesOmitted)} frames, innermost first)`)),
    list,
    framesOmitted ? h('p', { class: 'value-note' }, omittedFramesText(framesOmitted)) : null);
}

function renderFrame(frame: PostmortemFrame, index: number, open: boolean, ctx: TextContext, reveal: Reveal): HTMLLIElement {
  const name = h('code', { class: 'frame-fn' }, frameName(frame));
  const head = h('div', { class: 'pm-frame-head' });
  const row = h('li', { class: `pm-frame${frame.user ? ' user' : ' library'}${frame.async ? ' async' : ''}`, attrs: { 'data-index': String(index) } }, head);
  if (frame.scopes) {
    const scopes = h('div', { class: 'pm-scopes', attrs: { id: `pm-scopes-${index}` } }, ...frame.scopes.map((s) => renderScope(s, ctx)));
    const chevron = icon(open ? 'chevron-down' : 'chevron-right');
    const toggle = h('button', {
      class: 'pm-frame-toggle',
      title: `${open ? 'Hide' : 'Show'} the variables of ${frameName(frame)}`,
      attrs: { type: 'button', 'aria-expanded': String(open), 'aria-controls': scopes.id, 'data-action': `frame-${index}` },
    }, chevron, name);
    toggle.addEventListener('click', () => {
      const show = scopes.hidden;
      scopes.hidden = !show;
      toggle.setAttribute('aria-expanded', String(show));
      toggle.title = `${show ? 'Hide' : 'Show'} the variables of ${frameName(frame)}`;
      chevron.className = `codicon codicon-${show ? 'chevron-down' : 'chevron-right'}`;
    });
    scopes.hidden = !open;
    head.append(toggle);
    row.append(scopes);
  } else {
    head.append(h('span', { class: 'pm-frame-toggle no-scopes', title: frame.async ? 'An async caller: its variables are not on the stack' : 'Its variables were not read' }, icon('blank'), name));
  }
  if (frame.async) head.append(h('span', { class: 'pm-async', title: 'It awaited the call that failed' }, 'async'));
  head.append(frameWhere(frame, reveal));
  return row;
}

/** basename:line, a link to the line (the full path in its title); Node's internals as text. */
function frameWhere(frame: PostmortemFrame, reveal: Reveal): HTMLElement {
  if (frame.file === null) return h('span', { class: 'frame-file' }, '(unknown)');
  const text = `${baseName(frame.file)}${frame.line !== null ? `:${frame.line}` : ''}`;
  if (frame.file.startsWith('node:') || frame.line === null) return h('span', { class: 'frame-file', title: frame.file }, text);
  const site: SourceSite = { file: frame.file, line: frame.line, column: frame.column ?? 1 };
  return h('button', {
    class: 'link site pm-frame-where',
    title: `Open ${frame.file} at line ${frame.line}`,
    attrs: { type: 'button', 'aria-label': `Open ${text}` },
    onClick: () => reveal(site),
  }, text);
}

function renderScope(scope: FrameScope, ctx: TextContext): HTMLElement {
  return h('section', { class: `pm-scope scope-${scope.kind}`, attrs: { 'aria-label': scopeTitle(scope) } },
    h('h5', { class: 'pm-scope-title' }, scopeTitle(scope)),
    ...scope.variables.map((v) => renderVariable(v, ctx)),
    scope.variables.length === 0 && !scope.omitted ? h('div', { class: 'value-note' }, 'no variables') : null,
    scope.omitted ? h('div', { class: 'value-note' }, `… ${fmt(scope.omitted)} more variable${scope.omitted === 1 ? '' : 's'} not read`) : null);
}

/** A tensor as one line (shape first, its statistics, NaN!/Inf! flags); any other value as the other views show it. */
function renderVariable(v: ScopeVariable, ctx: TextContext): HTMLElement {
  const t = v.value;
  if (t.kind !== 'tensor') return renderPreview(t, v.name, ctx);
  const { head, values, flags } = tensorParts(t);
  const flagTitle = (flag: string): string => (flag === 'NaN!' ? `${fmt(t.stats?.nanCount ?? 0)} NaN values` : `${fmt(t.stats?.infCount ?? 0)} ±Infinity values`);
  return h('div', { class: 'value leaf pm-tensor' }, h('span', { class: 'value-line' },
    h('span', { class: 'value-label' }, v.name),
    h('code', { class: 'value-inline kind-tensor', title: firstValues(t) }, values ? `${head} ${values}` : head),
    ...flags.map((flag) => h('span', { class: 'pm-flag', title: flagTitle(flag) }, flag))));
}

function firstValues(t: TensorPreview): string {
  if (!t.values?.length) return `${fmt(t.size)} values, none read`;
  return `first values: [${(t.values as (number | string)[]).map(roundNumber).join(', ')}${t.size > t.values.length ? ', …' : ''}] of ${fmt(t.size)}`;
}
