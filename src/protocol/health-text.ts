// What a health alert says, in words: one reading for the panel's alerts and the CLI's lines (and
// where it is for the editor's notifications), so they say the same thing. Each alert reads as a headline (with the user's line after it, when known) and
// details; the panel links the site and marks the non-finite inputs, the CLI prints it on one line.
import type { HealthEvent, HealthWhere, KernelFinding, KernelTensor, SourceSite } from './events';
import { plural } from './call-text';
import { formatDuration } from './exit';

export interface HealthText {
  /** 'error': the loss or a kernel went non-finite; 'warning': a likely leak, or a check that found nothing. */
  severity: 'error' | 'warning';
  /** "loss became NaN at logtarget fit #1, epoch 1 batch 4"; the site, when there is one, goes after it ("… at file:7:22"). */
  headline: string;
  site: SourceSite | null;
  /** What the site is when it is not the op's own line: "the fit call's line: …"; '' when it is. */
  siteNote: string;
  /** The kernel's inputs (a finding only): each shown as kernelTensorText says. */
  inputs: KernelTensor[];
  /** Phrases after the headline, in order. */
  details: string[];
}

/** Which loop and batch a health alert is about: "xor fit #1, epoch 2 batch 4", "trainOnBatch call 7 of m". */
export function healthWhereText(where: HealthWhere): string {
  if (where.loop === 'minimize') return `optimizer.minimize call ${where.batch + 1}`;
  if (where.loop === 'trainOnBatch') return `trainOnBatch call ${where.batch + 1}${where.model !== null ? ` of ${where.model}` : ''}`;
  const epoch = where.epoch !== null ? `, epoch ${where.epoch + 1}` : '';
  return `${where.model ?? `model ${where.modelId}`} ${where.loop} #${where.fitCall ?? '?'}${epoch} batch ${where.batch + 1}`;
}

/** What one step of the loop is called: a fit call's batch, a custom loop's call. */
const stepOf = (where: HealthWhere): 'batch' | 'call' => (where.loop === 'fit' || where.loop === 'fitDataset' ? 'batch' : 'call');
const stepsOf = (where: HealthWhere): string => (stepOf(where) === 'batch' ? 'batches' : 'calls');

/** "x [32,10] float32 (3 NaN/Inf, weight dense/kernel)". */
export function kernelTensorText(t: KernelTensor): string {
  const notes = [t.nonFinite ? `${t.nonFinite.toLocaleString('en-US')} NaN/Inf` : '', t.variable ? `weight ${t.variable}` : ''].filter(Boolean);
  return `${t.name} [${t.shape.join(',')}] ${t.dtype}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

export const signedBytes = (bytes: number): string => `${bytes >= 0 ? '+' : '-'}${Math.abs(bytes).toLocaleString('en-US')} B`;

/** "Log", "RealDiv (backward: gradient of Sqrt)", "Mul (backward)". */
export const kernelText = (f: KernelFinding): string =>
  `${f.kernel}${f.backward ? ` (backward${f.gradientOf ? `: gradient of ${f.gradientOf}` : ''})` : ''}`;

/** Why the site is not the op's own line, when it is not. */
function siteNote(f: KernelFinding, where: HealthWhere): string {
  if (f.siteFrom === 'training-call') return `the ${where.loop} call's line, not the op's: no line of yours is on the kernel's stack`;
  if (f.siteFrom === 'forward-kernel') return 'the line of the op whose gradient it computes';
  return '';
}

export function healthText(alert: HealthEvent): HealthText {
  const where = healthWhereText(alert);
  const none = { site: null, siteNote: '', inputs: [] };
  switch (alert.kind) {
    case 'non-finite-loss':
      return {
        severity: 'error', ...none,
        headline: `${alert.metric} became ${alert.value} at ${where}`,
        details: alert.kernelCheck ? [`checking every kernel of the next ${stepOf(alert)}`] : [],
      };
    case 'leak':
      return {
        severity: 'warning', ...none,
        headline: `tensors grow by ${alert.tensorsPerBatch.toLocaleString('en-US')} per ${stepOf(alert)} (${signedBytes(alert.bytesPerBatch)}) over the last ${plural(alert.overBatches, stepOf(alert), stepsOf(alert))}: a missing tf.tidy or dispose?`,
        details: [`in ${where}`, `${plural(alert.numTensors, 'tensor')} (${alert.numBytes.toLocaleString('en-US')} B) now`],
      };
    case 'non-finite-kernel': {
      const checked = `${plural(alert.kernelsChecked, 'kernel')} checked after the non-finite loss at ${stepOf(alert)} ${alert.lossBatch + 1} (${formatDuration(alert.checkMs)})`;
      const f = alert.finding;
      if (!f) return { severity: 'warning', ...none, headline: `no kernel output was NaN or Infinity in ${where}`, details: [checked] };
      return {
        severity: 'error',
        headline: `first non-finite value: ${kernelText(f)}`,
        site: f.site,
        siteNote: f.site ? siteNote(f, alert) : '',
        inputs: f.inputs,
        details: [
          f.origin === 'kernel' ? 'made from finite inputs' : 'an input already held it (a weight the previous update made non-finite, or the data)',
          `in ${where}`,
          checked,
        ],
      };
    }
  }
}
