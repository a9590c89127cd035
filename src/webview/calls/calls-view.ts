// The Calls view: every recorded call of the traced callables, in the order they started, with a
// filter per callable. Cards are added as calls arrive, each at its place, and a split's card is drawn
// again when its label counts arrive.
import type { CallEvent, SplitLabelsEvent } from '../../protocol/events';
import { callGroups, splitLabelsFor } from '../../protocol/run-model';
import { clear, h, icon } from '../dom';
import { keepFocus } from '../focus';
import type { PanelRun } from '../state';
import type { MountedView, PanelView, ViewContext } from '../view';
import { renderCall } from './render-call';

/** What the Calls view saves: the filter, and the run it belongs to (a new run shows every call). */
interface SavedCalls { runId: string | null; filter: string | null }

function readSaved(saved: unknown): SavedCalls {
  const s = saved as Partial<SavedCalls> | undefined;
  return { runId: typeof s?.runId === 'string' ? s.runId : null, filter: typeof s?.filter === 'string' ? s.filter : null };
}

export const callsView: PanelView = {
  id: 'calls',
  title: 'Calls',
  icon: 'symbol-method',
  badge: (run) => run.model.calls.length,
  mount: (context, saved) => new CallsView(context, readSaved(saved)),
};

class CallsView implements MountedView {
  readonly element: HTMLElement;
  private readonly filterBar = h('div', { class: 'filters', attrs: { role: 'toolbar', 'aria-label': 'Show calls of' } });
  private readonly emptyNote = h('p', { class: 'empty' });
  private readonly droppedNote = h('p', { class: 'value-note dropped-calls' });
  private readonly callList = h('div', { class: 'calls', attrs: { 'aria-label': 'Recorded calls' } });
  private run: PanelRun | undefined;
  private filter: string | null;
  private filterRunId: string | null;
  /** The calls shown, in the list's order: the model's calls, which a call that started earlier can join late. */
  private shown: CallEvent[] = [];
  /** The split labels each shown call was drawn with, by seq: the model replaces them when new ones arrive. */
  private shownLabels = new Map<number, readonly SplitLabelsEvent[]>();

  constructor(private readonly context: ViewContext, saved: SavedCalls) {
    this.filter = saved.filter;
    this.filterRunId = saved.runId;
    this.element = h('div', { class: 'calls-view' }, this.filterBar, this.emptyNote, this.callList, this.droppedNote);
  }

  render(run: PanelRun): void {
    if (run !== this.run) this.start(run);
    keepFocus(() => this.renderFilters(run));
    this.renderNotes(run);
    this.addCalls(run);
    this.redrawSplits(run);
    this.context.post({ type: 'rendered', runId: run.runId, calls: this.shown.length });
  }

  save(): SavedCalls {
    return { runId: this.filterRunId, filter: this.filter };
  }

  private start(run: PanelRun): void {
    this.run = run;
    if (this.filterRunId !== run.runId) this.filter = null; // a new run, not the same one shown again
    this.filterRunId = run.runId;
    this.shown = [];
    this.shownLabels = new Map();
    clear(this.callList);
  }

  private renderFilters(run: PanelRun): void {
    clear(this.filterBar);
    const groups = callGroups(run.model);
    this.filterBar.hidden = groups.length < 2;
    const button = (id: string | null, label: string, count: number) =>
      h('button', {
        class: `filter${this.filter === id ? ' selected' : ''}`,
        attrs: { type: 'button', 'aria-pressed': String(this.filter === id), 'data-filter': id ?? '' },
        onClick: () => this.setFilter(run, id),
      }, label, ' ', h('span', { class: 'badge' }, String(count)));
    this.filterBar.append(button(null, 'All', run.model.calls.length), ...groups.map((g) => button(g.id, g.label, g.count)));
  }

  private setFilter(run: PanelRun, id: string | null): void {
    this.filter = id;
    keepFocus(() => this.renderFilters(run));
    for (const el of Array.from(this.callList.children) as HTMLElement[]) el.hidden = id !== null && el.dataset.callable !== id;
    this.context.stateChanged();
  }

  private renderNotes(run: PanelRun): void {
    const { calls, droppedCalls, status } = run.model;
    this.emptyNote.hidden = calls.length > 0;
    this.emptyNote.replaceChildren(status === 'finished'
      ? 'No calls were recorded in this run.'
      : h('span', {}, icon('loading', 'codicon-modifier-spin'), ' Waiting for the first call…'));
    this.droppedNote.hidden = droppedCalls === 0;
    this.droppedNote.textContent = `… and ${droppedCalls.toLocaleString('en-US')} more calls, recorded in the trace but not kept in memory.`;
  }

  /** Adds the model's calls not shown yet, each at its place (the list is in start order, as the model). */
  private addCalls(run: PanelRun): void {
    const calls = run.model.calls;
    for (let i = 0; this.shown.length < calls.length && i < calls.length; i++) {
      if (this.shown[i] === calls[i]) continue;
      this.callList.insertBefore(this.card(run, calls[i]), this.callList.children[i] ?? null);
      this.shown.splice(i, 0, calls[i]);
    }
  }

  /** Label counts arrive after their split's call is shown: that call's card is drawn again. */
  private redrawSplits(run: PanelRun): void {
    for (const [seq, labels] of run.model.splitLabels) {
      if (this.shownLabels.get(seq) === labels) continue;
      const index = this.shown.findIndex((c) => c.seq === seq);
      if (index >= 0) this.callList.children[index].replaceWith(this.card(run, this.shown[index]));
    }
  }

  private card(run: PanelRun, call: CallEvent): HTMLElement {
    const labels = splitLabelsFor(run.model, call.seq);
    this.shownLabels.set(call.seq, labels);
    const post = this.context.post;
    const el = renderCall(call, run.model.run?.cwd, (site) => post({ type: 'reveal-site', site }), (c) => post({ type: 'break-at-call', runId: run.runId, seq: c.seq }), labels);
    el.hidden = this.filter !== null && call.callableId !== this.filter;
    return el;
  }
}
