// What the comparison panel is sent (src/protocol/comparison-view.ts): a short curve whole; a long one
// thinned per column with every spike kept, the points left out counted so that the panel's smoothing
// (PointColumns fed the sent points) stays near TensorBoard's smoothing of every point; and the guard.
import assert from 'node:assert/strict';
import { isComparisonView, sentCurve, SENT_COLUMNS } from '../../../src/protocol/comparison-view';
import { smoothSeries } from '../../../src/protocol/series/ema-smoothing';
import { PointColumns, type SeriesPoint } from '../../../src/protocol/series/point-columns';
import { metricNumber } from '../../../src/protocol/run-model/training';

/** A noisy decaying loss, deterministic, with one spike and one NaN. */
function lossCurve(n: number): SeriesPoint[] {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, i) => ({
    step: i + 1, epoch: (i + 1) / 1000, time: i * 3,
    value: i === 54_321 ? 40 : i === 77_777 ? NaN : 2 * Math.exp(-i / 30_000) + 0.3 * random(),
  }));
}

function received(curve: ReturnType<typeof sentCurve>, weight: number): PointColumns {
  const points = new PointColumns(weight);
  for (let i = 0; i < curve.value.length; i++) {
    points.append({ step: curve.step[i], epoch: curve.epoch[i], time: curve.time[i], value: metricNumber(curve.value[i]) }, curve.folded && { finite: curve.folded.finite[i], sum: curve.folded.sum[i] });
  }
  return points;
}

describe('comparison view: the curves sent to the panel', () => {
  it('sends a curve of up to 5 points a column whole, NaN as the trace writes it', () => {
    const points = lossCurve(5 * SENT_COLUMNS).map((p, i) => (i === 3 ? { ...p, value: NaN } : p));
    const curve = sentCurve(points);
    assert.equal(curve.value.length, points.length);
    assert.equal(curve.folded, undefined);
    assert.equal(curve.value[3], 'NaN');
    assert.deepEqual(curve.step, points.map((p) => p.step));
  });

  it('thins a 100,000-point curve to at most 20,000, keeping the spike, the NaN and both ends, and counting what it left out', () => {
    const points = lossCurve(100_000);
    const curve = sentCurve(points);
    assert.ok(curve.value.length <= 5 * SENT_COLUMNS, `${curve.value.length} points sent`);
    assert.ok(curve.value.length > SENT_COLUMNS, `${curve.value.length} points sent`);
    assert.equal(curve.points, 100_000);
    assert.ok(curve.step.includes(54_322) && curve.value.includes(40), 'the spike');
    assert.ok(curve.value.includes('NaN'), 'the NaN');
    assert.equal(curve.step[0], 1);
    assert.equal(curve.step.at(-1), 100_000);
    const finite = points.filter((p) => Number.isFinite(p.value));
    const sentFinite = curve.value.filter((v) => typeof v === 'number').length;
    assert.equal(curve.folded!.finite.reduce((a, b) => a + b, 0) + sentFinite, finite.length, 'every finite point is sent or counted');
    const sum = finite.reduce((a, p) => a + p.value, 0);
    const sentSum = (curve.value.filter((v) => typeof v === 'number') as number[]).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(curve.folded!.sum.reduce((a, b) => a + b, 0) + sentSum - sum) < 1e-6 * sum);
  });

  it('smooths the thinned curve in the panel close to smoothing every point: within a quarter of the noise at 0.6, 0.002 at 0.99', () => {
    const points = lossCurve(100_000);
    const curve = sentCurve(points);
    const full = smoothSeries(points.map((p) => p.value), 0.6);
    const index = new Map(points.map((p, i) => [p.step, i]));
    for (const [weight, bound] of [[0.6, 0.075], [0.99, 0.002]]) {
      const panel = received(curve, 0.6);
      panel.setWeight(weight); // the slider: re-smoothed from the sent points and what they carry
      const expected = weight === 0.6 ? full : smoothSeries(points.map((p) => p.value), weight);
      let worst = 0;
      for (let k = 0; k < panel.length; k++) {
        const i = index.get(panel.x('step')[k])!;
        if (Number.isFinite(expected[i])) worst = Math.max(worst, Math.abs(panel.smoothed()[k] - expected[i]));
      }
      console.log(`      weight ${weight}: off by ${worst.toFixed(4)} at most`);
      assert.ok(worst < bound, `weight ${weight}: off by ${worst} at most (the noise is 0.3 wide, the loss spans 0.3–2.3)`);
    }
  });

  it('guards a show-comparison: curves of one length per column, a curve or null per run, finals per run', () => {
    const curve = sentCurve(lossCurve(10));
    const summary = { script: '/w/fit.js', args: [], cwd: '/w', targets: [], startTime: '2026-01-01T00:00:00.000Z', durationMs: 1, status: 'finished', detail: null, finalLoss: 1, finalMetrics: {}, eventCount: 3 };
    const run = { label: 'fit.js', summary, damagedLines: 0, traceFile: '/w/a.jsonl' };
    const final = { last: { loss: 1, acc: 'NaN' }, bestValLoss: null, epochs: 1, batches: 2, durationMs: 1 };
    const view = { runs: [run, run], differences: [], charts: [{ id: 'loss/batch', title: 'loss · per batch', metric: 'loss', kind: 'batch', curves: [curve, null] }], finals: [final, final], finalColumns: ['loss'] };
    assert.ok(isComparisonView(JSON.parse(JSON.stringify(view))));
    assert.ok(!isComparisonView({ ...view, charts: [{ ...view.charts[0], curves: [curve] }] }), 'a curve per run');
    assert.ok(!isComparisonView({ ...view, charts: [{ ...view.charts[0], curves: [{ ...curve, step: curve.step.slice(1) }, null] }] }), 'columns of one length');
    assert.ok(!isComparisonView({ ...view, finals: [final] }), 'finals per run');
    assert.ok(!isComparisonView({ ...view, runs: [{ ...run, label: 3 }, run] }));
    assert.ok(!isComparisonView({ ...view, finals: [{ ...final, last: { loss: '<b>' } }, final] }), 'values as the trace writes them');
  });
});
