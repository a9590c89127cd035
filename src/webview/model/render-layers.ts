// A model's layer table, as tfjs-vis' modelSummary and model.summary() show it: each layer's name,
// class, output shape, parameter count and whether it trains, then the totals. In a narrow panel the
// class and whether it trains move to a line under the name, and in a narrower one the shape too
// (panel.css), so that names stay whole and the parameters in view.
import type { LayerRow, ModelEvent } from '../../protocol/events';
import { h } from '../dom';

export const count = (n: number): string => n.toLocaleString('en-US');

/** As model.summary() writes it: `[null,3]` (null: the batch dimension), several outputs one after another, `multiple` when not known. */
export function shapeText(shape: LayerRow['outputShape']): string {
  if (shape === null) return 'multiple';
  const one = (s: (number | null)[]) => `[${s.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
  return shape.length > 0 && Array.isArray(shape[0]) ? (shape as (number | null)[][]).map(one).join(', ') : one(shape as (number | null)[]);
}

function layerRow(layer: LayerRow): HTMLTableRowElement {
  const shape = shapeText(layer.outputShape);
  const detail = h('span', { class: 'layer-detail' },
    layer.className, h('span', { class: 'detail-shape' }, ` · ${shape}`), layer.trainable ? null : ' · not trainable');
  return h('tr', { class: layer.trainable ? 'layer' : 'layer frozen' },
    h('th', { class: 'name', title: layer.name, attrs: { scope: 'row' } }, h('span', { class: 'layer-name' }, layer.name), detail),
    h('td', { class: 'class-name' }, layer.className),
    h('td', { class: 'shape' }, shape),
    layer.params === null
      ? h('td', { class: 'num', title: 'the layer could not count its parameters' }, '?')
      : h('td', { class: 'num' }, count(layer.params)),
    h('td', { class: 'trainable' }, layer.trainable ? 'yes' : 'no'));
}

/** A cell per column, each with its column's class, so that a column hidden in a narrow panel is hidden here too. */
function totalRow(label: string, n: number, cls: string): HTMLTableRowElement {
  return h('tr', { class: cls }, h('th', { class: 'name', attrs: { scope: 'row' } }, label), h('td', { class: 'class-name' }), h('td', { class: 'shape' }), h('td', { class: 'num' }, count(n)), h('td', { class: 'trainable' }));
}

export function renderLayers(fit: ModelEvent): HTMLElement {
  const head = (text: string, cls = '') => h('th', { class: cls, attrs: { scope: 'col' } }, text);
  return h('div', { class: 'table-scroll' }, h('table', { class: 'model-table layer-table', attrs: { 'aria-label': `Layers of ${fit.model}` } },
    h('thead', {}, h('tr', {}, head('Layer', 'name'), head('Class', 'class-name'), head('Output shape', 'shape'), head('Params', 'num'), head('Trainable', 'trainable'))),
    h('tbody', {}, ...fit.layers.map(layerRow)),
    h('tfoot', {},
      totalRow('Total params', fit.totalParams, 'total'),
      totalRow('Trainable params', fit.trainableParams, 'total-trainable'),
      totalRow('Non-trainable params', fit.totalParams - fit.trainableParams, 'total-frozen'))));
}
