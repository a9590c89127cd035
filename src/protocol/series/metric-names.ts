// What a metric's name in tf.js training logs says: whether it is a validation metric (Keras and tf.js
// prefix `val_`), which metric it belongs with, and whether it is a 0–1 ratio (drawn on a 0–1 axis, as
// tfjs-vis does). tf.js names `accuracy` `acc`; other metrics keep their function's name. Pure.

export interface MetricName {
  metric: string; // "loss", "acc"
  validation: boolean;
}

export function parseMetricName(name: string): MetricName {
  return name.startsWith('val_') ? { metric: name.slice(4), validation: true } : { metric: name, validation: false };
}

const RATIO = /(^|_)acc$|accuracy$|^auc$|^precision$|^recall$/i;

/** acc, accuracy, val_acc, categoricalAccuracy, sparse_categorical_accuracy, auc, precision, recall. */
export function isAccuracyLike(name: string): boolean {
  return RATIO.test(parseMetricName(name).metric);
}
