// The Pipeline view (fastai's DataBlock.summary and show_batch): the steps one item went through,
// each with what it took and returned and their shapes, the batch that reached the model, the step
// that failed, and a grid of the first images of the first batches.
import type { ImagesEvent, PipelineEvent, PipelineStep } from '../../protocol/events';
import { batchTensorText, LINK_TEXT, shapesText, stepOutcome } from '../../protocol/pipeline-text';
import { clear, h, icon } from '../dom';
import { renderPreview, type TextContext } from '../render-preview';
import { siteLink, type Reveal } from '../site';
import type { PanelRun } from '../state';
import type { MountedView, PanelView, ViewContext } from '../view';
import { renderImageGrid } from './image-grid';

export const pipelineView: PanelView = {
  id: 'pipeline',
  title: 'Pipeline',
  icon: 'type-hierarchy-sub',
  badge: (run) => run.model.pipeline?.steps.length,
  mount: (context) => new PipelineView(context),
};

class PipelineView implements MountedView {
  readonly element = h('div', { class: 'pipeline-view' });
  private shown: { pipeline?: PipelineEvent; images: readonly ImagesEvent[]; imageCount: number; status?: string } = { images: [], imageCount: 0 };

  constructor(private readonly context: ViewContext) {}

  render(run: PanelRun): void {
    const { pipeline, images, status } = run.model;
    const same = this.shown.pipeline === pipeline && this.shown.images === images && this.shown.imageCount === images.length && this.shown.status === status;
    if (same) return;
    this.shown = { pipeline, images, imageCount: images.length, status };
    clear(this.element);
    const reveal: Reveal = (site) => this.context.post({ type: 'reveal-site', site });
    const ctx: TextContext = { root: run.model.run?.cwd };
    if (!pipeline) {
      this.element.appendChild(h('p', { class: 'empty' }, status === 'finished'
        ? 'No pipeline summary: no call of a user callable was recorded and no model trained.'
        : 'The pipeline summary comes when training begins (or when the script ends).'));
    } else {
      this.element.append(renderSummary(pipeline, ctx, reveal));
    }
    for (const event of images) this.element.appendChild(renderImageGrid(event));
  }
}

function renderSummary(event: PipelineEvent, ctx: TextContext, reveal: Reveal): HTMLElement {
  const head = event.item
    ? h('div', { class: 'pipeline-item' }, renderPreview(event.item, event.itemIndex !== null ? `item ${event.itemIndex}` : 'item', ctx))
    : h('p', { class: 'value-note' }, 'No item could be followed from one call to the next: the steps are the calls that were recorded.');
  return h('section', { class: 'pipeline', attrs: { 'aria-label': 'Pipeline summary' } },
    h('h4', {}, icon('type-hierarchy-sub'), ' One item through the pipeline'),
    head,
    event.steps.length
      ? h('ol', { class: 'pipeline-steps' }, ...event.steps.map((step, i) => renderStep(event, step, i, ctx, reveal)))
      : h('p', { class: 'value-note' }, 'No step recorded yet.'),
    renderBatch(event));
}

function renderStep(event: PipelineEvent, step: PipelineStep, i: number, ctx: TextContext, reveal: Reveal): HTMLElement {
  const failed = i === event.failedStep;
  const { threw, value, note } = stepOutcome(event, i);
  const shapes = threw ? undefined : shapesText(step.output);
  return h('li', {
    class: `pipeline-step link-${step.link}${failed ? ' failed' : ''}`,
    attrs: { 'data-seq': String(step.seq), 'aria-label': `Step ${i + 1}: ${step.callable}${failed ? ', failed' : ''}` },
  },
  h('div', { class: 'step-header' },
    icon(failed ? 'error' : threw ? 'arrow-up' : 'symbol-method'),
    h('span', { class: 'call-name' }, step.callable),
    h('span', { class: 'badge', title: `Call ${step.callNumber} of ${step.callable}` }, `#${step.callNumber}`),
    h('span', { class: 'step-link' }, LINK_TEXT[step.link]),
    siteLink(step.site, ctx.root, reveal)),
  step.input ? renderPreview(step.input, step.param ?? (step.arg !== null ? `arg ${step.arg}` : undefined), ctx) : null,
  note ? h('div', { class: 'value-note' }, note) : null,
  value ? renderPreview(value, threw ? 'threw' : 'returned', ctx) : null,
  shapes ? h('div', { class: 'step-shapes' }, icon('symbol-array'), ` ${shapes}`) : null,
  failed ? h('div', { class: 'step-failed' }, icon('error'), ` This step failed: ${step.callable} threw.`) : null);
}

function renderBatch(event: PipelineEvent): HTMLElement {
  const { batch } = event;
  if (!batch) return h('p', { class: 'value-note pipeline-batch' }, event.batchError ? 'No batch reached the model: the first one failed.' : 'No batch has reached a model yet.');
  const where = batch.api === 'fit' ? `fit: x and y as passed${batch.batchSize !== null ? ` (batches of ${batch.batchSize})` : ''}` : batch.api === 'fitDataset' ? 'fitDataset: its first batch' : 'trainOnBatch';
  return h('section', { class: 'pipeline-batch', attrs: { 'aria-label': 'Batch that reaches the model' } },
    h('h4', {}, icon('arrow-down'), ` Batch that reaches the model — ${where}`),
    ...batch.x.map((t) => h('div', { class: 'batch-tensor' }, h('code', {}, batchTensorText(t, 'x')))),
    ...batch.y.map((t) => h('div', { class: 'batch-tensor' }, h('code', {}, batchTensorText(t, 'y')))));
}
