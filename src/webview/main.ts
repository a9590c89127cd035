// The panel's browser code: receives the run from the extension host, renders it, and tells the host
// what the user clicked and what it rendered. Imports only the protocol.
import type { CallEvent, SplitLabelsEvent } from '../protocol/events';
import { callGroups, setKeepRunning, setRunState, splitLabelsFor } from '../protocol/run-model';
import { isTraceEvent } from '../protocol/trace-format';
import { isHostToWebviewMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../protocol/webview-messages';
import { clear, h, icon } from './dom';
import { renderCall } from './render-call';
import { renderHeader } from './render-header';
import { applyToPanelRun, createPanelRun, saveRun, type PanelRun, type SavedRun } from './state';

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

let view: PanelRun | undefined;
let filter: string | null = null;
/** The calls shown, in the list's order: the model's calls, which a call that started earlier can join late. */
let renderedCalls: CallEvent[] = [];
/** The split labels each shown call was drawn with, by seq: the model replaces them when new ones arrive. */
let renderedLabels = new Map<number, readonly SplitLabelsEvent[]>();

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

function renderFilters(current: PanelRun): void {
  clear(filterBar);
  const groups = callGroups(current.model);
  filterBar.hidden = groups.length < 2;
  const button = (id: string | null, label: string, count: number) =>
    h('button', {
      class: `filter${filter === id ? ' selected' : ''}`,
      attrs: { type: 'button', 'aria-pressed': String(filter === id), 'data-filter': id ?? '' },
      onClick: () => { filter = id; renderFilters(current); applyFilter(); save(); },
    }, label, ' ', h('span', { class: 'badge' }, String(count)));
  filterBar.append(button(null, 'All', current.model.calls.length), ...groups.map((g) => button(g.id, g.label, g.count)));
}

function applyFilter(): void {
  for (const el of Array.from(callList.children) as HTMLElement[]) el.hidden = filter !== null && el.dataset.callable !== filter;
}

function renderEmpty(current: PanelRun): void {
  emptyNote.hidden = current.model.calls.length > 0;
  emptyNote.replaceChildren(current.model.status === 'finished'
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
  syncCalls(current);
  redrawSplitCalls(current);
  post({ type: 'rendered', runId: current.runId, calls: renderedCalls.length });
}

/** Adds the model's calls not shown yet, each at its place (the list is in start order, as the model). */
function syncCalls(current: PanelRun): void {
  const calls = current.model.calls;
  for (let i = 0; renderedCalls.length < calls.length && i < calls.length; i++) {
    if (renderedCalls[i] === calls[i]) continue;
    callList.insertBefore(callCard(current, calls[i]), callList.children[i] ?? null);
    renderedCalls.splice(i, 0, calls[i]);
  }
}

function callCard(current: PanelRun, call: CallEvent): HTMLElement {
  const labels = splitLabelsFor(current.model, call.seq);
  renderedLabels.set(call.seq, labels);
  const el = renderCall(call, current.model.run?.cwd, actions.reveal, actions.breakHere, labels);
  el.hidden = filter !== null && call.callableId !== filter;
  return el;
}

/** Label counts arrive after their split's call is shown: that call's card is drawn again. */
function redrawSplitCalls(current: PanelRun): void {
  for (const [seq, labels] of current.model.splitLabels) {
    const index = renderedCalls.findIndex((c) => c.seq === seq);
    if (index >= 0 && renderedLabels.get(seq) !== labels) callList.children[index].replaceWith(callCard(current, renderedCalls[index]));
  }
}

function showRun(run: SavedRun, keepFilter: boolean): void {
  view = createPanelRun(run);
  if (!keepFilter) filter = null;
  renderedCalls = [];
  renderedLabels = new Map();
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
      for (const event of message.events) applyToPanelRun(view, event);
      renderAll();
      // The exit event ends the run: save it now, not later.
      if (view.model.exit) save();
      else saveSoon();
      return;
    case 'run-state':
      if (!view || view.runId !== message.runId) return;
      // The exit event is the last word: a late state message cannot make a finished run live again.
      setRunState(view.model, message.state);
      setKeepRunning(view.model, message.keepRunning);
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
