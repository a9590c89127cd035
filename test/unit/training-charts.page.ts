// Bundled by test/unit/webview-training-charts.test.ts into the test page (with esbuild, like the panel):
// the training charts plus what the test does inside the page, where timing and pixels are measured.
import { TrainingCharts, type ChartKey, type CurveSpec } from '../../src/webview/training/training-charts';
import { PointColumns, type SeriesPoint } from '../../src/protocol/series/point-columns';

const BATCHES_PER_EPOCH = 100;
const LOSS: ChartKey = { id: 'm1/loss', title: 'loss', metric: 'loss' };
const ACC: ChartKey = { id: 'm1/acc', title: 'acc', metric: 'acc' };
const LR: ChartKey = { id: 'm1/lr', title: 'lr', metric: 'lr' };
const TRAIN: CurveSpec = { id: 'train', label: 'train', color: 'blue', smooth: true };
const VAL: CurveSpec = { id: 'val', label: 'val', color: 'orange', smooth: false }; // once per epoch: drawn as it is

let charts: TrainingCharts;
let seed = 12345;
const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

/** Batch `b` (from 1) of a run: a loss that falls with noise and rare spikes, an accuracy that rises. */
function batchPoint(b: number, value: number): SeriesPoint {
  return { step: b, epoch: b / BATCHES_PER_EPOCH, time: b * 12, value };
}
const loss = (b: number) => (b === 50_000 ? NaN : b % 20_011 === 0 ? 6 : 2.3 * Math.exp(-b / 20_000) + 0.05 + random() * 0.4);
const acc = (b: number) => Math.min(1, 0.1 + 0.85 * (1 - Math.exp(-b / 15_000)) + (random() - 0.5) * 0.2);
const lr = (b: number) => 0.01 * Math.pow(0.5, Math.floor(b / 25_000)) * (1 + random() * 0.05);

let curves: Map<string, PointColumns>;

/** Adds batches [from, to] to the curves, as the panel's TrainingCurves get them, then tells the charts. */
function append(from: number, to: number): void {
  const add = (key: ChartKey, curve: CurveSpec, point: SeriesPoint) => {
    const id = `${key.id}/${curve.id}`;
    let points = curves.get(id);
    if (!points) {
      curves.set(id, (points = new PointColumns()));
      charts.attach(key, curve, points);
    }
    points.append(point);
  };
  for (let b = from; b <= to; b++) {
    add(LOSS, TRAIN, batchPoint(b, loss(b)));
    add(ACC, TRAIN, batchPoint(b, acc(b)));
    add(LR, TRAIN, batchPoint(b, lr(b)));
    if (b % BATCHES_PER_EPOCH === 0) {
      add(LOSS, VAL, batchPoint(b, 2.3 * Math.exp(-b / 25_000) + 0.15 + random() * 0.05));
      add(ACC, VAL, batchPoint(b, 0.1 + 0.8 * (1 - Math.exp(-b / 18_000))));
    }
  }
  charts.sync();
}

const harness = {
  mount(): void {
    curves = new Map();
    charts = new TrainingCharts();
    document.body.append(charts.element);
  },

  /** Appends `batches` batches in chunks, as a recorded trace arrives, then draws; the times it took. */
  load(batches: number, chunk: number): { appendMs: number; drawMs: number; stored: number; drawn: number } {
    const t0 = performance.now();
    for (let b = 1; b <= batches; b += chunk) append(b, Math.min(batches, b + chunk - 1));
    const t1 = performance.now();
    charts.flush();
    const t2 = performance.now();
    const all = [LOSS, ACC, LR].map((k) => charts.chart(k.id)!);
    return { appendMs: t1 - t0, drawMs: t2 - t1, stored: all.reduce((n, c) => n + c.pointsStored, 0), drawn: all.reduce((n, c) => n + c.pointsDrawn, 0) };
  },

  /** Live training: one batch at a time, drawn after each; every frame's time in ms. */
  stream(from: number, batches: number): number[] {
    const times: number[] = [];
    for (let b = from; b < from + batches; b++) {
      const t0 = performance.now();
      append(b, b);
      charts.flush();
      times.push(performance.now() - t0);
    }
    return times;
  },

  /** Milliseconds to re-smooth and redraw every chart at a new weight. */
  setSettings(settings: Parameters<TrainingCharts['setSettings']>[0]): number {
    const t0 = performance.now();
    charts.setSettings(settings);
    charts.flush();
    return performance.now() - t0;
  },

  chartIds(): string[] {
    return [...document.querySelectorAll('.metric-chart h4')].map((h) => h.textContent ?? '');
  },

  chart(id: string) {
    const c = charts.chart(id)!;
    return { zoom: c.zoomRange, yRange: c.yRange, drawn: c.pointsDrawn, stored: c.pointsStored, readout: (c.element.querySelector('.chart-readout') as HTMLElement).innerText };
  },

  /** Pixels of the chart's canvas within `tolerance` of an RGB colour. */
  countColor(id: string, [r, g, b]: [number, number, number], tolerance = 24): number {
    const canvas = charts.chart(id)!.element.querySelector('canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= tolerance) n++;
    }
    return n;
  },

  flush(): void {
    charts.flush();
  },
};

(window as unknown as { harness: typeof harness }).harness = harness;
