// The panel's browser code: receives the run from the extension host, renders it, and tells the host
// what the user clicked and what it rendered. Imports only the protocol.
import type { TraceEvent } from '../protocol/events';
import { isTraceEvent } from '../protocol/trace-format';
import { isHostToWebviewMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../protocol/webview-messages';
import { clear, h, icon } from './dom';
import { renderCall } from './render-call';
import { renderHeader } from './render-header';
import { applyEvent, callGroups, createRunView, saveRun, type RunView, type SavedRun } from './state';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedPanel { run?: SavedRun; filter: string | null }

const vscode = acquireVsCodeApi();
const post = (message: WebviewToHostMessage): void => vscode.postMessage(message);

const headerSlot = h('div', { class: 'header-slot' });
const filterBar = h('div', { class: 'filters', attrs: { role: 'toolbar', 'aria-label': 'Show calls of' } });
const emptyNote = h('p', { class: 'empty' });
const callList = h('div', { class: 'calls', attrs: { 'aria-label': 'Recorded calls' } });

let view: RunView | undefined;
let filter: string | null = null;
let renderedCalls = 0;

const actions = {
  stop: () => view && post({ type: 'stop-run', runId: view.runId }),
  keepRunning: () => view && post({ type: 'keep-running', runId: view.runId }),
  runAgain: (keepRunning: boolean) => view && post({ type: 'run-again', runId: view.runId, keepRunning }),
  reveal: (site: { file: string; line: number; column: number }) => post({ type: 'reveal-site', site }),
  breakHere: (call: { seq: number }) => view && post({ type: 'break-at-call', runId: view.runId, seq: call.seq }),
};

/** Re-rendering replaces buttons: give focus back to the one that had it. */
function keepFocus(render: () => void): void {
  const active = document.activeElement as HTMLElement | null;
  const key = active?.dataset.action ? `[data-action="${active.dataset.action}"]` : active?.dataset.filter !== undefined ? `[data-filter="${CSS.escape(active.dataset.filter)}"]` : undefined;
  render();
  if (key) (document.querySelector(key) as HTMLElement | null)?.focus();
}

function renderFilters(current: RunView): void {
  clear(filterBar);
  const groups = callGroups(current);
  filterBar.hidden = groups.length < 2;
  const button = (id: string | null, label: string, count: number) =>
    h('button', {
      class: `filter${filter === id ? ' selected' : ''}`,
      attrs: { type: 'button', 'aria-pressed': String(filter === id), 'data-filter': id ?? '' },
      onClick: () => { filter = id; renderFilters(current); applyFilter(); save(); },
    }, label, ' ', h('span', { class: 'badge' }, String(count)));
  filterBar.append(button(null, 'All', current.calls.length), ...groups.map((g) => button(g.id, g.label, g.count)));
}

function applyFilter(): void {
  for (const el of Array.from(callList.children) as HTMLElement[]) el.hidden = filter !== null && el.dataset.callable !== filter;
}

function renderEmpty(current: RunView): void {
  emptyNote.hidden = current.calls.length > 0;
  emptyNote.replaceChildren(current.state === 'finished'
    ? 'No calls were recorded in this run.'
    : h('span', {}, icon('loading', 'codicon-modifier-spin'), ' Waiting for the first call…'));
}

function renderAll(): void {
  if (!view) return;
  const current = view;
  keepFocus(() => {
    headerSlot.replaceChildren(renderHeader(current, actions));
    renderFilters(current);
  });
  renderEmpty(current);
  for (; renderedCalls < current.calls.length; renderedCalls++) callList.appendChild(callCard(current, renderedCalls));
  post({ type: 'rendered', runId: current.runId, calls: renderedCalls });
}

function callCard(current: RunView, index: number): HTMLElement {
  const call = current.calls[index];
  const el = renderCall(call, current.run?.cwd, actions.reveal, actions.breakHere, current.splitLabels.get(call.seq));
  el.hidden = filter !== null && call.callableId !== filter;
  return el;
}

/** Label counts arrive after their split's call is shown: that call's card is drawn again. */
function redrawSplitCalls(current: RunView, events: readonly TraceEvent[]): void {
  for (const event of events) {
    if (event.type !== 'split-labels') continue;
    const index = current.calls.findIndex((c) => c.seq === event.splitSeq);
    const old = index >= 0 && index < renderedCalls ? callList.children[index] : undefined;
    if (old) old.replaceWith(callCard(current, index));
  }
}

function showRun(run: SavedRun, keepFilter: boolean): void {
  view = createRunView(run);
  if (!keepFilter) filter = null;
  renderedCalls = 0;
  clear(callList);
  renderAll();
  save();
}

/** Appends are saved at most every SAVE_MS: setState serialises the whole saved run each time. */
const SAVE_MS = 250;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

function save(): void {
  if (saveTimer !== undefined) clearTimeout(saveTimer);
  saveTimer = undefined;
  const state: SavedPanel = { run: view && saveRun(view), filter };
  vscode.setState(state);
}

function saveSoon(): void {
  saveTimer ??= setTimeout(save, SAVE_MS);
}

function onMessage(message: HostToWebviewMessage): void {
  switch (message.type) {
    case 'show-run': {
      const { runId, title, state, keepRunning, events } = message;
      showRun({ runId, title, state, keepRunning, events }, view?.runId === runId);
      return;
    }
    case 'append-events':
      if (!view || view.runId !== message.runId) return;
      for (const event of message.events) applyEvent(view, event);
      renderAll();
      redrawSplitCalls(view, message.events);
      // The exit event ends the run: save it now, not later.
      if (view.exit) save();
      else saveSoon();
      return;
    case 'run-state':
      if (!view || view.runId !== message.runId) return;
      // The exit event is the last word: a late state message cannot make a finished run live again.
      view.state = view.exit ? 'finished' : message.state;
      view.keepRunning = message.keepRunning;
      break;
  }
  renderAll();
  save();
}

function restore(): void {
  const saved = vscode.getState() as Partial<SavedPanel> | undefined;
  const run = saved?.run;
  if (!run || typeof run.runId !== 'string' || !Array.isArray(run.events) || !run.events.every(isTraceEvent)) return;
  filter = typeof saved?.filter === 'string' ? saved.filter : null;
  showRun(run, true);
}

document.body.append(h('main', { class: 'panel' }, headerSlot, filterBar, emptyNote, callList));
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToWebviewMessage(event.data)) onMessage(event.data);
});
restore();
if (!view) emptyNote.textContent = 'No run yet. Use “Trainspect: Trace Splitter Inputs” on a training script.';
post({ type: 'ready' });
