// What was going on when the run failed (src/protocol/run-model/postmortem-context.ts): where training
// was and its latest losses and metrics, tensor memory, the last recorded calls, and what the snapshot
// of the variables is worth.
import type { PostmortemEvent } from '../../protocol/events';
import { metricText } from '../../protocol/metric-text';
import { snapshotText } from '../../protocol/postmortem-text';
import type { PostmortemContext } from '../../protocol/run-model';
import { h, icon } from '../dom';
import { siteLink, type Reveal } from '../site';

const fmt = (n: number): string => n.toLocaleString('en-US');

export function renderContext(pm: PostmortemEvent, context: PostmortemContext, cwd: string | undefined, reveal: Reveal): HTMLElement {
  const facts = h('dl', { class: 'facts pm-facts' });
  const fact = (term: string, ...value: (Node | string | null)[]): void => facts.append(h('dt', {}, term), h('dd', {}, ...value));
  const { training, logs, memory, calls } = context;
  if (training) {
    const batch = training.batch !== undefined ? ` · batch ${training.batch}${training.batches !== null ? `/${training.batches}` : ''}` : '';
    fact('Training', h('span', { class: 'pm-model' }, training.model), ` fit #${training.fitCall} · epoch ${training.epoch}/${training.epochs}${batch}`,
      ...logs.flatMap(([name, value]) => ['  ', h('span', { class: 'pm-metric' }, h('span', { class: 'value-label' }, name), ` ${metricText(value)}`)]));
  }
  if (memory) fact('Tensor memory', `${fmt(memory.numTensors)} tensors · ${fmt(memory.numBytes)} B`, h('span', { class: 'pm-note' }, ` after batch ${memory.batch + 1}`));
  if (calls.length) {
    fact('Last calls', h('ul', { class: 'pm-calls' }, ...calls.map((call) => h('li', {},
      h('code', { class: 'call-name' }, call.callable), ` #${call.callNumber} `, siteLink(call.site, cwd, reveal),
      call.error ? h('span', { class: 'pm-threw' }, ' ', icon('error'), call.async ? ' rejected' : ' threw') : null))));
  }
  fact('Variables', snapshotText(pm));
  return h('section', { class: 'pm-context', attrs: { 'aria-label': 'When it failed' } }, h('h4', {}, icon('pulse'), ' When it failed'), facts);
}
