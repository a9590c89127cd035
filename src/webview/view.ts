// A view of the panel (Calls, Training, Pipeline, Post-mortem, …): one file that shows the run model
// its own way, with its own state, registered in views.ts. The shell shows one view at a time and
// renders only that one: a view brings itself up to date with the model whenever it is rendered.
import type { WebviewToHostMessage } from '../protocol/webview-messages';
import type { PanelRun } from './state';

export interface ViewContext {
  /** To the extension host; a view's own messages are declared, with their guards, in webview-messages.ts. */
  post(message: WebviewToHostMessage): void;
  /** The view's saved state (what `save` returns) changed: the panel saves it soon. */
  stateChanged(): void;
}

export interface MountedView {
  readonly element: HTMLElement;
  /** Brings the element up to date with the run; a run that is not the one rendered last is a new run. */
  render(run: PanelRun): void;
  /** Shows the part of the view a host message names (the Shapes view: a file's line). */
  select?(target: unknown): void;
  /** Small JSON the panel saves to survive a reload, handed back to `mount`. */
  save?(): unknown;
}

export interface PanelView {
  readonly id: string; // saved with the panel's state: keep it stable
  readonly title: string;
  readonly icon: string; // a codicon name
  /** A count shown on the view's tab. */
  badge?(run: PanelRun): number | undefined;
  /** A count of warnings (health alerts) shown on the tab with a warning icon; none when 0. */
  warnings?(run: PanelRun): number;
  /** What the warning count means, for its hover title; "N health alerts" when absent. */
  warningTitle?(count: number): string;
  /** Builds the view's element, once, when it is first shown; `saved` is what its `save` returned before a reload. */
  mount(context: ViewContext, saved: unknown): MountedView;
}
