// The Post-mortem view: when the run ended in an exception (the run model's `postmortem`), the error and
// its cause, the failing stack with each frame's variables as they were at the throw, and what was going
// on then; a warning on the tab says there is one. A run that did not fail gets a note of what it would show.
import { describeExit, exitOutcome } from '../../protocol/exit';
import type { PostmortemEvent } from '../../protocol/events';
import { postmortemContext, type PostmortemContext } from '../../protocol/run-model';
import { h, icon } from '../dom';
import { keepFocus } from '../focus';
import type { Reveal } from '../site';
import type { PanelRun } from '../state';
import type { MountedView, PanelView, ViewContext } from '../view';
import { renderContext } from './render-context';
import { renderError } from './render-error';
import { renderStack } from './render-stack';
import postmortemCss from './postmortem.css' with { type: 'text' };

export const postmortemView: PanelView = {
  id: 'postmortem',
  title: 'Post-mortem',
  icon: 'debug-alt',
  warnings: (run) => (run.model.postmortem ? 1 : 0),
  warningTitle: () => 'The run ended in an exception: its post-mortem',
  mount: (context) => new PostmortemView(context),
};

const WHAT_IT_SHOWS = 'When a run ends in an uncaught exception, an unhandled rejection or process.exit with a non-zero code, this view shows the error and its cause, every frame of the failing stack with its variables as they were at the throw, and what training was doing.';

class PostmortemView implements MountedView {
  readonly element: HTMLElement;
  private readonly emptyNote = h('div', { class: 'empty pm-empty' });
  private readonly report = h('div', { class: 'pm-report' });
  private readonly contextSlot = h('div', { class: 'pm-context-slot' });
  private readonly reveal: Reveal;
  private run: PanelRun | undefined;
  private shown: PostmortemEvent | undefined;
  private shownContext = '';

  constructor(private readonly context: ViewContext) {
    installStyles();
    this.reveal = (site) => context.post({ type: 'reveal-site', site });
    this.element = h('div', { class: 'postmortem-view' }, this.emptyNote, this.report);
  }

  render(run: PanelRun): void {
    if (run !== this.run) {
      this.run = run;
      this.shown = undefined;
      this.shownContext = '';
      this.report.replaceChildren();
    }
    const pm = run.model.postmortem;
    this.emptyNote.hidden = pm !== undefined;
    if (!pm) {
      this.emptyNote.replaceChildren(...emptyText(run));
      return;
    }
    const cwd = run.model.run?.cwd;
    if (pm !== this.shown) {
      this.shown = pm;
      const debug = (): void => this.context.post({ type: 'debug-exception', runId: run.runId });
      this.report.replaceChildren(renderError(pm, cwd, this.reveal, debug), renderStack(pm.frames, pm.framesOmitted, { root: cwd }, this.reveal), this.contextSlot);
    }
    const context = postmortemContext(run.model);
    const key = contextKey(context);
    if (key !== this.shownContext) {
      this.shownContext = key;
      keepFocus(() => this.contextSlot.replaceChildren(renderContext(pm, context, cwd, this.reveal)));
    }
  }
}

/** What the context shows changed: the objects it was drawn from, by what identifies them. */
function contextKey(context: PostmortemContext): string {
  const { training, logs, memory, calls } = context;
  return JSON.stringify([training, logs, memory?.time, calls.map((c) => c.seq)]);
}

function emptyText(run: PanelRun): (Node | string)[] {
  const { exit, status } = run.model;
  if (status !== 'finished') return [icon('pass'), ' The run has not failed. ', WHAT_IT_SHOWS];
  if (exit && exitOutcome(exit) === 'failed') {
    return [icon('warning'), ` The run failed (${describeExit(exit)}) but left no post-mortem: a process killed by a signal or out of memory cannot write one. `, WHAT_IT_SHOWS];
  }
  return [icon('pass'), ' The run did not fail. ', WHAT_IT_SHOWS];
}

let stylesInstalled = false;

/** The view's stylesheet, as a constructed stylesheet: no file to link and nothing the panel's CSP must allow. */
function installStyles(): void {
  if (stylesInstalled) return;
  stylesInstalled = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(postmortemCss);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
