// The Model view: per model trained, its layer table (from the fit call's model event) and its weight
// statistics after the latest epoch beside those after the first — tfjs-vis' modelSummary and
// show.layer, outside a browser. A model's section is drawn again only when its data changed.
import type { WeightsEvent } from '../../protocol/events';
import { plural } from '../../protocol/call-text';
import { epochsDoneAt, trainedModels, weightChanges, type TrainedModel } from '../../protocol/run-model';
import { clear, h, icon } from '../dom';
import type { PanelRun } from '../state';
import type { MountedView, PanelView } from '../view';
import { renderLayers } from './render-layers';
import { renderWeights, type StatsTimes } from './render-weights';

export const modelView: PanelView = {
  id: 'model',
  title: 'Model',
  icon: 'layers',
  badge: (run) => run.model.training.size || undefined,
  mount: () => new ModelView(),
};

/** What a model's section was drawn from: the same objects mean nothing changed. */
interface Drawn { fits: number; epochs: number; weights: WeightsEvent | undefined; live: boolean; element: HTMLElement }

class ModelView implements MountedView {
  readonly element: HTMLElement;
  private readonly emptyNote = h('p', { class: 'empty' });
  private readonly modelList = h('div', { class: 'models' });
  private run: PanelRun | undefined;
  private drawn = new Map<number, Drawn>();

  constructor() {
    this.element = h('div', { class: 'model-view' }, this.emptyNote, this.modelList);
  }

  render(run: PanelRun): void {
    if (run !== this.run) {
      this.run = run;
      this.drawn = new Map();
      clear(this.modelList);
    }
    const models = trainedModels(run.model);
    const live = run.model.status !== 'finished';
    this.emptyNote.hidden = models.length > 0;
    this.emptyNote.replaceChildren(live
      ? h('span', {}, icon('loading', 'codicon-modifier-spin'), ' Waiting for a model to train (its first fit or fitDataset call)…')
      : run.model.exit?.stoppedBy === 'limit'
        ? 'The run stopped at the call limit before a model trained: Run again, keep running trains it with Trainspect watching.'
        : 'No TensorFlow.js model trained in this run.');
    const names = new Map<string, number>();
    for (const m of models) { const name = m.fits[0]?.model ?? ''; names.set(name, (names.get(name) ?? 0) + 1); }
    for (const trained of models) {
      const before = this.drawn.get(trained.modelId);
      const epochs = trained.epochs.length + trained.droppedEpochs;
      if (before && before.fits === trained.fits.length && before.epochs === epochs && before.weights === trained.weights.last && before.live === live) continue;
      const element = renderModel(trained, (names.get(trained.fits[0]?.model ?? '') ?? 0) > 1, live);
      if (before) {
        before.element.replaceWith(element);
        keepScroll(before.element, element);
      } else this.modelList.appendChild(element);
      this.drawn.set(trained.modelId, { fits: trained.fits.length, epochs, weights: trained.weights.last, live, element });
    }
  }
}

/** "epoch 4" (epochs done across the fit calls), or by fit call past the epochs the model keeps. */
function statsTime(trained: TrainedModel, weights: WeightsEvent): string {
  const done = epochsDoneAt(trained, weights);
  return done !== undefined ? `epoch ${done}` : `epoch ${weights.epoch + 1} of fit #${weights.fitCall}`;
}

function renderModel(trained: TrainedModel, sameNameAsAnother: boolean, live: boolean): HTMLElement {
  const fit = trained.fits.at(-1);
  const name = fit ? fit.model : `model ${trained.modelId}`;
  const title = sameNameAsAnother ? `${name} (model ${trained.modelId})` : name;
  const epochs = trained.epochs.length + trained.droppedEpochs;
  const facts = [...(fit ? [plural(fit.layers.length, 'layer'), plural(fit.totalParams, 'parameter')] : []), plural(trained.fits.length, 'fit call'), `${plural(epochs, 'epoch')} trained`];
  const { first, last } = trained.weights;
  const weights = last && first
    ? renderWeights(name, weightChanges(trained), { first: statsTime(trained, first), latest: statsTime(trained, last) } satisfies StatsTimes)
    : h('p', { class: 'empty' }, live ? 'Weight statistics come after the first epoch.' : 'No epoch ended: no weight statistics.');
  return h('section', { class: 'trained-model', attrs: { 'aria-label': `Model ${title}`, 'data-model-id': String(trained.modelId) } },
    h('header', { class: 'model-header' }, icon('symbol-class'), h('h3', { class: 'model-name' }, title), h('span', { class: 'model-facts' }, facts.join(' · '))),
    fit ? renderLayers(fit) : null,
    weights);
}

/** A table scrolled sideways (a narrow panel) stays where it was when its section is drawn again. */
function keepScroll(from: HTMLElement, to: HTMLElement): void {
  const before = from.querySelectorAll<HTMLElement>('.table-scroll');
  to.querySelectorAll<HTMLElement>('.table-scroll').forEach((el, i) => { if (before[i]) el.scrollLeft = before[i].scrollLeft; });
}
