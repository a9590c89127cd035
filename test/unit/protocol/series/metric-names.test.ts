import * as assert from 'node:assert/strict';
import { isAccuracyLike, parseMetricName } from '../../../../src/protocol/series/metric-names';

describe('metric names', () => {
  it('pairs a validation metric with its training metric', () => {
    assert.deepEqual(parseMetricName('val_loss'), { metric: 'loss', validation: true });
    assert.deepEqual(parseMetricName('loss'), { metric: 'loss', validation: false });
  });

  it('knows the 0–1 metrics', () => {
    for (const name of ['acc', 'val_acc', 'accuracy', 'binary_acc', 'categoricalAccuracy', 'sparse_categorical_accuracy', 'auc', 'precision', 'val_recall']) assert.ok(isAccuracyLike(name), name);
    for (const name of ['loss', 'val_loss', 'mse', 'meanAbsoluteError', 'cosineProximity', 'accumulated']) assert.ok(!isAccuracyLike(name), name);
  });
});
