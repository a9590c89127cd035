// The panel's shell: the run's header (what runs, its state, Stop / Run again), a tab per view, and
// the selected view below. Only the selected view is rendered; one that comes into view catches up.
import { h, icon } from './dom';
import { keepFocus } from './focus';
import { renderHeader, type HeaderActions } from './render-header';
import type { PanelRun } from './state';
import type { MountedView, PanelView, ViewContext } from './view';

/** What the shell saves: the selected view, and each mounted view's own state. */
export interface SavedShell { view: string; views: Record<string, unknown> }

export class PanelShell {
  readonly element: HTMLElement;
  private readonly headerSlot = h('div', { class: 'header-slot' });
  private readonly tabList = h('div', { class: 'view-tabs', attrs: { role: 'tablist', 'aria-label': 'Views' } });
  private readonly viewSlot = h('div', { class: 'view-slot' });
  private readonly noRun = h('p', { class: 'empty' }, 'No run yet. Use “Trainspect: Trace Splitter Inputs” on a training script.');
  private readonly tabs = new Map<string, { tab: HTMLButtonElement; badge: HTMLElement; warnings: HTMLElement }>();
  private readonly mounted = new Map<string, { view: MountedView; panel: HTMLElement }>();
  private selected: PanelView;
  private run: PanelRun | undefined;

  constructor(private readonly views: readonly PanelView[], private readonly context: ViewContext, private readonly actions: HeaderActions, private readonly saved: Partial<SavedShell> = {}) {
    if (!views.length) throw new Error('the panel needs at least one view');
    this.selected = views.find((v) => v.id === saved.view) ?? views[0];
    for (const view of views) this.tabList.appendChild(this.createTab(view));
    this.element = h('main', { class: 'panel', attrs: { 'data-selected-view': this.selected.id } }, this.headerSlot, this.noRun, this.tabList, this.viewSlot);
    this.tabList.hidden = true;
  }

  /** Shows the run: its header, the tabs' counts and the selected view. */
  render(run: PanelRun): void {
    this.run = run;
    this.noRun.hidden = true;
    this.tabList.hidden = false;
    keepFocus(() => this.headerSlot.replaceChildren(renderHeader(run, this.actions)));
    for (const view of this.views) {
      const count = view.badge?.(run);
      const badge = this.tabs.get(view.id)!.badge;
      badge.hidden = count === undefined;
      badge.textContent = count === undefined ? '' : count.toLocaleString('en-US');
      const warnings = view.warnings?.(run) ?? 0;
      const warningBadge = this.tabs.get(view.id)!.warnings;
      warningBadge.hidden = warnings === 0;
      warningBadge.title = view.warningTitle?.(warnings) ?? `${warnings.toLocaleString('en-US')} health alert${warnings === 1 ? '' : 's'}`;
      warningBadge.lastChild!.textContent = warnings.toLocaleString('en-US');
    }
    this.mount(this.selected).view.render(run);
  }

  /** The id of the view shown. */
  get selectedView(): string {
    return this.selected.id;
  }

  select(id: string): void {
    const view = this.views.find((v) => v.id === id);
    if (!view || view === this.selected) return;
    this.selected = view;
    this.element.dataset.selectedView = id; // the header leaves to the view what the view shows (panel.css)
    for (const [viewId, { tab }] of this.tabs) {
      tab.setAttribute('aria-selected', String(viewId === id));
      tab.tabIndex = viewId === id ? 0 : -1;
    }
    for (const [viewId, { panel }] of this.mounted) panel.hidden = viewId !== id;
    const shown = this.mount(view);
    if (this.run) shown.view.render(this.run);
    this.context.stateChanged();
  }

  /** Selects the view and, in it, what `target` names (MountedView.select). */
  show(id: string, target: unknown): void {
    this.select(id);
    const view = this.views.find((v) => v.id === id);
    if (view) this.mount(view).view.select?.(target);
  }

  save(): SavedShell {
    const views: Record<string, unknown> = { ...this.saved.views };
    for (const [id, { view }] of this.mounted) if (view.save) views[id] = view.save();
    return { view: this.selected.id, views };
  }

  private mount(view: PanelView): { view: MountedView; panel: HTMLElement } {
    let entry = this.mounted.get(view.id);
    if (!entry) {
      const mounted = view.mount(this.context, this.saved.views?.[view.id]);
      const panel = h('section', { class: `view view-${view.id}`, attrs: { role: 'tabpanel', id: `view-${view.id}`, 'aria-labelledby': `tab-${view.id}` } }, mounted.element);
      entry = { view: mounted, panel };
      this.mounted.set(view.id, entry);
      this.viewSlot.appendChild(panel);
    }
    return entry;
  }

  private createTab(view: PanelView): HTMLButtonElement {
    const selected = view === this.selected;
    const badge = h('span', { class: 'badge' });
    badge.hidden = true;
    // Its own class, not .badge: a tab's .badge is its count, whatever else the tab shows.
    const warnings = h('span', { class: 'tab-warnings' }, icon('warning'), h('span', {}));
    warnings.hidden = true;
    const tab = h('button', {
      class: 'view-tab',
      attrs: { type: 'button', role: 'tab', id: `tab-${view.id}`, 'aria-controls': `view-${view.id}`, 'aria-selected': String(selected), 'data-view': view.id },
      onClick: () => this.select(view.id),
    }, icon(view.icon), h('span', { class: 'view-tab-title' }, view.title), badge, warnings);
    tab.tabIndex = selected ? 0 : -1;
    tab.addEventListener('keydown', (event) => this.onTabKey(event, view));
    this.tabs.set(view.id, { tab, badge, warnings });
    return tab;
  }

  /** Arrow keys, Home and End move between the tabs, as in VS Code's panel. */
  private onTabKey(event: KeyboardEvent, view: PanelView): void {
    const i = this.views.indexOf(view);
    const last = this.views.length - 1;
    const to = { ArrowRight: i === last ? 0 : i + 1, ArrowLeft: i === 0 ? last : i - 1, Home: 0, End: last }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = this.views[to];
    this.select(next.id);
    this.tabs.get(next.id)!.tab.focus();
  }
}
