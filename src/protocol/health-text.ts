// Where a health alert is, in words, as the CLI's alert lines and the editor's notifications say it.
import type { HealthWhere } from './events';

/** Which loop and batch a health alert is about: "xor fit #1, epoch 2 batch 4", "trainOnBatch call 7 of m". */
export function healthWhereText(where: HealthWhere): string {
  if (where.loop === 'minimize') return `optimizer.minimize call ${where.batch + 1}`;
  if (where.loop === 'trainOnBatch') return `trainOnBatch call ${where.batch + 1}${where.model !== null ? ` of ${where.model}` : ''}`;
  const epoch = where.epoch !== null ? `, epoch ${where.epoch + 1}` : '';
  return `${where.model ?? `model ${where.modelId}`} ${where.loop} #${where.fitCall ?? '?'}${epoch} batch ${where.batch + 1}`;
}
