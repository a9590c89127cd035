// The Training view's health alerts, above the charts: one item per alert, a headline (the user's line
// a link that opens it in the editor) and its details, in the words the CLI prints too
// (src/protocol/health-text.ts). The run model keeps the alerts in trace order and only appends, so a
// render adds the ones that arrived since.
import type { HealthEvent, KernelTensor } from '../../protocol/events';
import { healthText, kernelTensorText } from '../../protocol/health-text';
import { h, icon } from '../dom';
import { siteLink, type Reveal } from '../site';
import type { PanelRun } from '../state';

/** How many alerts the Training tab's warning badge counts. */
export const healthAlertCount = (run: PanelRun): number => run.model.health.length;

export class HealthList {
  readonly element = h('ul', { class: 'health-alerts', attrs: { 'aria-label': 'Health alerts' } });
  private run: PanelRun | undefined;
  private shown = 0; // run.model.health[0, shown) are in the list

  constructor(private readonly reveal: Reveal) {
    this.element.hidden = true;
  }

  render(run: PanelRun): void {
    if (run !== this.run) {
      this.run = run;
      this.shown = 0;
      this.element.replaceChildren();
    }
    const { health } = run.model;
    for (; this.shown < health.length; this.shown++) this.element.appendChild(renderAlert(health[this.shown], run.model.run?.cwd, this.reveal));
    this.element.hidden = health.length === 0;
  }
}

function renderAlert(alert: HealthEvent, cwd: string | undefined, reveal: Reveal): HTMLLIElement {
  const text = healthText(alert);
  const headline = h('div', { class: 'health-headline' }, icon(text.severity), h('span', {},
    h('span', { class: 'health-headline-text' }, text.headline),
    text.site && ' at ',
    text.site && siteLink(text.site, cwd, reveal),
    text.siteNote && h('span', { class: 'health-site-note' }, ` (${text.siteNote})`)));
  const details = h('div', { class: 'health-details' },
    text.inputs.length > 0 && h('span', { class: 'health-inputs' }, 'inputs ', ...tensorList(text.inputs)),
    ...text.details.map((d) => h('span', { class: 'health-detail' }, d)));
  return h('li', { class: `health-alert health-${text.severity}`, attrs: { 'data-kind': alert.kind } }, headline, details);
}

/** The tensors, comma-separated, the ones holding NaN/Infinity marked. */
function tensorList(tensors: readonly KernelTensor[]): (HTMLElement | string)[] {
  return tensors.flatMap((t, i) => {
    const el = h('span', { class: `health-tensor${t.nonFinite ? ' non-finite' : ''}` }, kernelTensorText(t));
    return i ? [', ', el] : [el];
  });
}
