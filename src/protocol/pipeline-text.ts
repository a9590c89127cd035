// What the pipeline summary says, in words and shapes: one reading for the panel and the CLI.
import type { BatchTensor, PipelineBatch, PipelineEvent, PipelineLink, PipelineStep } from './events';
import type { Preview } from './preview';

/** Why a step is in the summary. */
export const LINK_TEXT: Record<PipelineLink, string> = {
  source: 'returned the items',
  'all-items': 'took all the items',
  item: 'took the item',
  previous: 'took what a step before returned',
  'other-item': 'recorded only with another item',
  failed: 'threw',
};

const shape = (dims: readonly number[]): string => `[${dims.join(',')}]`;

/** The tensor shapes a value holds, e.g. "[32,32,3] float32" or "xs [32,32,3] float32, ys [6] float32"; undefined when none. */
export function shapesText(p: Preview | null | undefined, depth = 2): string | undefined {
  if (!p) return undefined;
  if (p.kind === 'tensor') return `${shape(p.shape)} ${p.dtype}`;
  if (p.kind === 'typedarray') return `${p.className}(${p.length.toLocaleString('en-US')})`;
  if (depth === 0) return undefined;
  const parts: string[] = [];
  if (p.kind === 'object') {
    for (const e of p.entries) {
      const inner = shapesText(e.value, depth - 1);
      if (inner) parts.push(`${e.key} ${inner}`);
    }
  } else if (p.kind === 'array') {
    p.items.forEach((item, i) => {
      const inner = shapesText(item, depth - 1);
      if (inner) parts.push(`[${i}] ${inner}`);
    });
  }
  return parts.length ? parts.join(', ') : undefined;
}

const num = (n: number): string => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(4))));

/** One tensor of a batch: "x [32,32,32,3] float32 ∈ [0, 1]". */
export function batchTensorText(t: BatchTensor, role: string): string {
  const name = t.name !== undefined ? `${role}.${t.name}` : role;
  const range = t.min !== null && t.max !== null ? ` ∈ [${num(t.min)}, ${num(t.max)}]` : t.backend && t.backend !== 'cpu' && t.backend !== 'wasm' ? ` (values on ${t.backend}, not read)` : '';
  return `${name} ${shape(t.shape)} ${t.dtype}${range}${t.nan ? ` ${t.nan.toLocaleString('en-US')} NaN/Inf!` : ''}`;
}

/** The batch line: which API, then x and y. */
export function batchText(batch: PipelineBatch): string {
  const tensors = [...batch.x.map((t) => batchTensorText(t, 'x')), ...batch.y.map((t) => batchTensorText(t, 'y'))];
  const where = batch.api === 'fit' ? `fit (x and y as passed${batch.batchSize !== null ? `, batches of ${batch.batchSize}` : ''})` : batch.api === 'fitDataset' ? 'fitDataset (its first batch)' : 'trainOnBatch';
  return `${where}: ${tensors.length ? tensors.join('  ') : 'no tensors'}`;
}

/** How a step took its input: "labelFromFilename(file)". */
export const stepCallText = (step: PipelineStep): string =>
  `${step.callable}(${step.arg === null ? '' : step.param ?? `arg ${step.arg}`})`;

/**
 * What the failed step threw: its own error, or — when the script caught it, so the call's error was
 * not captured — what rejected fitDataset's first batch, which is that error.
 */
export function failureOf(event: PipelineEvent): Preview | undefined {
  const step = event.failedStep !== null ? event.steps[event.failedStep] : undefined;
  if (step?.error && step.error.kind !== 'unreadable') return step.error;
  return event.batchError ?? step?.error;
}

/** What step `i` came to: its result, or what it threw (a step the failed one threw through passed its error on). */
export function stepOutcome(event: PipelineEvent, i: number): { threw: boolean; value?: Preview; note?: string } {
  const step = event.steps[i];
  if (i === event.failedStep) return { threw: true, value: failureOf(event) };
  if (step.error) {
    const passedOn = event.failedStep !== null && event.failedStep > i && step.error.kind === 'unreadable';
    return passedOn ? { threw: true, note: `threw: the error of step ${event.failedStep! + 1} went through it` } : { threw: true, value: step.error };
  }
  return { threw: false, value: step.output };
}
