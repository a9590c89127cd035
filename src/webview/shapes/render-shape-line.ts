// One line of the Shapes view: its place (a link to the line), then each call site on it — the callee
// as written, how often it ran, and every distinct shape it produced with its count, in the order they
// first appeared; a layer's name, class and shapes once it was built.
import { plural } from '../../protocol/call-text';
import type { ShapeSample } from '../../protocol/events';
import type { ShapeSiteModel } from '../../protocol/run-model';
import { count, shapeText } from '../model/render-layers';
import { h, icon } from '../dom';
import { shortPath, type Reveal } from '../site';
import type { ShapeLine } from './shape-lines';

function shapeChip(sample: ShapeSample, calls: number): HTMLElement {
  const share = calls > 0 ? Math.round((sample.count / calls) * 100) : 0;
  return h('li', { class: 'shape-sample', title: `${count(sample.count)} of ${plural(calls, 'call')} (${share}%)` },
    h('span', { class: 'shape-dtype' }, sample.dtype), ' ',
    h('span', { class: 'shape-dims' }, shapeText(sample.shape)),
    h('span', { class: 'shape-count' }, `×${count(sample.count)}`));
}

function renderSite(entry: ShapeSiteModel): HTMLElement {
  const { site, shapes } = entry;
  const calls = shapes?.calls ?? 0;
  const head = h('div', { class: 'shape-site-head' },
    h('code', { class: 'shape-callee' }, site.callee),
    h('span', { class: 'shape-site-facts' }, `${site.kind} · col ${site.site.column}${shapes ? ` · ${plural(calls, 'call')}` : ''}`));
  if (!shapes) return h('li', { class: 'shape-site' }, head, h('p', { class: 'empty shape-pending' }, 'Ran; its shapes are counted at the end of the epoch or of the run.'));
  const layer = shapes.layer;
  return h('li', { class: 'shape-site' }, head,
    shapes.shapes.length
      ? h('ul', { class: 'shape-samples', attrs: { 'aria-label': `Shapes at ${site.callee}` } },
        ...shapes.shapes.map((s) => shapeChip(s, calls)),
        shapes.otherShapes > 0 ? h('li', { class: 'shape-sample shape-other', title: 'calls whose shape was not among those kept' }, `+${count(shapes.otherShapes)} other`) : null)
      : layer ? null : h('p', { class: 'empty shape-none' }, 'No tensor came out of it.'),
    layer
      ? h('p', { class: 'shape-layer' }, icon('layers'), ' ', h('span', { class: 'shape-layer-name' }, layer.name), ` (${layer.className})`,
        layer.inputShape && layer.outputShape ? ` ${shapeText(layer.inputShape)} → ${shapeText(layer.outputShape)}` : '',
        layer.params !== null ? ` · ${count(layer.params)} params` : '')
      : null);
}

export function renderShapeLine(line: ShapeLine, cwd: string | undefined, reveal: Reveal): HTMLElement {
  const place = `${shortPath(line.file, cwd)}:${line.line}`;
  const first = line.sites[0].site.site;
  return h('section', { class: 'shape-line', attrs: { 'aria-label': `Shapes at ${place}`, 'data-file': line.file, 'data-line': String(line.line) } },
    h('button', { class: 'link site shape-line-link', title: `Open ${line.file} at line ${line.line}`, attrs: { type: 'button' }, onClick: () => reveal(first) }, place),
    h('ul', { class: 'shape-sites' }, ...line.sites.map(renderSite)));
}
