// The top of the panel: which script, the run's state, Stop / Keep running while it runs, and how it
// ended (exit code, signal, who stopped it, an uncaught error), plus Trainspect's notices.
import type { NoticeEvent } from '../protocol/events';
import { capitalize, describeExit } from '../protocol/exit';
import { finalOutcome, limitWouldStop } from '../protocol/run-model';
import type { PanelRun } from './state';
import { h, icon } from './dom';
import { shortPath, type Reveal } from './site';
import { renderPreview } from './render-preview';
import { trainingFact } from './training-fact';

export interface HeaderActions {
  stop(): void;
  keepRunning(): void;
  /** The same script, targets and arguments again; `keepRunning`: past the call limit. */
  runAgain(keepRunning: boolean): void;
  reveal: Reveal;
}

const STATE_TEXT = { starting: 'Starting…', running: 'Running', stopping: 'Stopping…' } as const;

const OUTCOME_BADGE = {
  succeeded: { text: 'Finished', icon: 'pass' },
  failed: { text: 'Failed', icon: 'error' },
  stopped: { text: 'Stopped', icon: 'debug-stop' },
  ended: { text: 'Ended', icon: 'circle-slash' }, // no exit event: e.g. restored after a reload mid-run
} as const;

function stateBadge(shown: PanelRun): HTMLElement {
  const attrs = { role: 'status', 'aria-live': 'polite' };
  const { status } = shown.model;
  const outcome = finalOutcome(shown.model);
  if (status === 'finished' && outcome) {
    const badge = OUTCOME_BADGE[outcome];
    return h('span', { class: `state state-finished outcome-${outcome}`, attrs }, icon(badge.icon), ` ${badge.text}`);
  }
  return h('span', { class: `state state-${status}`, attrs }, icon('loading', 'codicon-modifier-spin'), ` ${STATE_TEXT[status as keyof typeof STATE_TEXT]}`);
}

const NOTICE_ICON = { info: 'info', warning: 'warning', error: 'error' } as const;

function renderNotice(n: NoticeEvent): HTMLElement {
  return h('li', { class: `notice notice-${n.level}`, attrs: { 'data-code': n.code } }, icon(NOTICE_ICON[n.level]), ' ', n.message);
}

export function renderHeader(shown: PanelRun, actions: HeaderActions): HTMLElement {
  const model = shown.model;
  const run = model.run;
  const cwd = run?.cwd;
  const buttons = h('div', { class: 'actions' });
  if (model.status === 'starting' || model.status === 'running') {
    buttons.appendChild(h('button', { class: 'button', attrs: { type: 'button', 'data-action': 'stop', 'aria-label': 'Stop the run' }, onClick: actions.stop }, icon('debug-stop'), ' Stop'));
  }
  if (limitWouldStop(model)) {
    const max = run?.maxCalls;
    buttons.appendChild(h('button', {
      class: 'button secondary',
      title: `The run stops by itself once every traced callable was called ${max ?? 'N'} times; keep it running to the end of the script`,
      attrs: { type: 'button', 'data-action': 'keep-running' },
      onClick: actions.keepRunning,
    }, icon('debug-continue'), ' Keep running'));
  }

  if (model.status === 'finished' && run) {
    buttons.appendChild(h('button', {
      class: 'button',
      title: `Run ${shortPath(run.script, cwd)} again, tracing ${run.targets.length ? run.targets.join(', ') : 'every callable'}`,
      attrs: { type: 'button', 'data-action': 'run-again' },
      onClick: () => actions.runAgain(false),
    }, icon('debug-rerun'), ' Run again'));
    if (run.targets.length) {
      buttons.appendChild(h('button', {
        class: 'button secondary',
        title: `Run it again, recording the first ${run.maxCalls} calls of each traced callable, and let it go on to the end of the script`,
        attrs: { type: 'button', 'data-action': 'run-again-keep-running' },
        onClick: () => actions.runAgain(true),
      }, icon('debug-continue'), ' Run again, keep running'));
    }
  }

  const facts = h('dl', { class: 'facts' });
  const fact = (name: string, value: string | HTMLElement) => facts.append(h('dt', {}, name), h('dd', {}, value));
  if (run) {
    fact('Script', shortPath(run.script, cwd) + (run.args.length ? ` ${run.args.join(' ')}` : ''));
    fact('Tracing', run.targets.length ? run.targets.join(', ') : 'every callable');
    fact('Calls recorded', `first ${run.maxCalls} of each`);
    if (run.node) fact('Node', `${run.node}${run.pid !== null ? ` · pid ${run.pid}` : ''}`);
  }
  const training = trainingFact(model);
  if (training) fact(training.name, training.value);
  if (model.limit) {
    const counts = Object.entries(model.limit.counts).map(([name, n]) => `${name} ×${n}`).join(', ');
    fact('Call limit', `${model.limit.reason === 'max-calls' ? 'reached' : 'training began'}${counts ? ` — ${counts}` : ''}`);
  }
  if (model.exit) fact('Result', capitalize(describeExit(model.exit)));
  if (model.output.wrote.stdout || model.output.wrote.stderr) fact('Output', 'in the “Trainspect” output channel');

  const header = h('header', { class: 'run-header' },
    h('div', { class: 'title-row' },
      h('h2', { class: 'run-title' }, icon('beaker'), ' ', shown.title),
      stateBadge(shown),
      buttons),
    facts);

  for (const u of model.uncaught) {
    // The error the post-mortem describes is shown there in full: above that view it would say it twice.
    const described = model.postmortem?.origin === u.origin;
    header.appendChild(h('section', { class: described ? 'uncaught in-postmortem' : 'uncaught', attrs: { role: 'alert' } },
      h('h3', {}, icon('error'), u.origin === 'unhandledRejection' ? ' Unhandled promise rejection' : ' Uncaught exception'),
      renderPreview(u.error, undefined, { root: cwd })));
  }
  if (model.notices.length) header.appendChild(h('ul', { class: 'notices' }, ...model.notices.map(renderNotice)));
  return header;
}
