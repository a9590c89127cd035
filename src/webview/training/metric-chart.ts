// One metric's chart: its curves (training and validation, per batch or per epoch) on one uPlot plot,
// a smoothed curve drawn over its raw values in a faint line, the others (per epoch) as they are. The points stay in their PointColumns (every
// one up to 250,000 a curve, see point-columns.ts), smoothed there as they arrive; what uPlot gets is the visible range thinned to the plot's pixel columns, at most once per animation frame
// (the owner schedules draw()). While the whole run is shown, appending re-thins only the last column.
import uPlot from 'uplot';
import { lowerBound, nearestIndex, thinToColumns, type ColumnWindow } from '../../protocol/series/column-thinning';
import { growingWindow, LiveThinning } from '../../protocol/series/live-thinning';
import type { PointColumns, XAxis } from '../../protocol/series/point-columns';
import { formatNumber, formatX, formatXExactly, X_AXIS_LABELS } from './axis-format';
import type { ChartColor, ChartTheme } from './chart-theme';

export interface ChartSettings {
  smoothing: number; // TensorBoard's weight, 0 (none) to 0.999
  logX: boolean;
  logY: boolean;
  xAxis: XAxis;
}

export interface CurveSpec {
  id: string;
  label: string; // "train", "val", "train (epoch)"
  color: ChartColor;
  /**
   * Whether the smoothing setting applies: to the noisy per-batch series only. A per-epoch value is
   * already an average over the epoch (validation: one evaluation per epoch), and an EMA over a few
   * such points lags far behind them (6 epochs at 0.6: 0.45 drawn for a raw 0.17), so they are drawn raw.
   */
  smooth: boolean;
}

interface Curve {
  spec: CurveSpec;
  store: PointColumns;
  seen: { length: number; revision: number }; // what sync() saw last
  thinning: LiveThinning; // while the whole run is shown
  readout: { swatch: HTMLElement; value: HTMLElement; raw: HTMLElement };
}

interface Range { min: number; max: number }

const PLOT_HEIGHT = 200;

export class MetricChart {
  readonly element: HTMLElement;
  private readonly curves: Curve[] = [];
  private readonly plotSlot: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly readoutX: HTMLElement;
  private readonly resetZoomButton: HTMLButtonElement;
  private plot: uPlot | undefined;
  private zoom: Range | null = null;
  private hoverX: number | null = null;
  private drawnPoints = 0;

  constructor(
    readonly title: string,
    private readonly ratio: boolean, // accuracy-like: a 0–1 axis
    private settings: ChartSettings,
    private theme: ChartTheme,
    private readonly requestDraw: (chart: MetricChart) => void,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'metric-chart';
    this.element.setAttribute('aria-label', `${title} chart`);
    const header = document.createElement('header');
    const heading = document.createElement('h4');
    heading.textContent = title;
    this.resetZoomButton = document.createElement('button');
    this.resetZoomButton.type = 'button';
    this.resetZoomButton.className = 'reset-zoom';
    this.resetZoomButton.textContent = 'Reset zoom';
    this.resetZoomButton.title = 'Show the whole run (or double-click the chart)';
    this.resetZoomButton.hidden = true;
    this.resetZoomButton.addEventListener('click', () => this.resetZoom());
    header.append(heading, this.resetZoomButton);
    this.readout = document.createElement('div');
    this.readout.className = 'chart-readout';
    this.readoutX = document.createElement('span');
    this.readoutX.className = 'readout-x';
    this.readout.append(this.readoutX);
    this.plotSlot = document.createElement('div');
    this.plotSlot.className = 'plot';
    this.element.append(header, this.readout, this.plotSlot);
  }

  /** Draws a curve of these points, which may grow: sync() shows the ones added since. */
  addCurve(spec: CurveSpec, points: PointColumns): void {
    if (spec.smooth) points.setWeight(this.settings.smoothing);
    const curve: Curve = { spec, store: points, seen: { length: points.length, revision: points.revision }, thinning: new LiveThinning(), readout: this.readoutItem(spec) };
    this.curves.push(curve);
    this.paintSwatch(curve);
    this.destroyPlot(); // uPlot's series are fixed at creation
    this.requestDraw(this);
  }

  /** If points were added to the curves (or folded) since the last call, draws on the next frame. */
  sync(): void {
    let changed = false;
    for (const { store, seen } of this.curves) {
      if (store.length === seen.length && store.revision === seen.revision) continue;
      seen.length = store.length;
      seen.revision = store.revision;
      changed = true;
    }
    if (changed) this.requestDraw(this);
  }

  setSettings(settings: ChartSettings): void {
    const previous = this.settings;
    this.settings = settings;
    if (settings.xAxis !== previous.xAxis || settings.logX !== previous.logX) this.zoom = null;
    if (settings.logX !== previous.logX || settings.logY !== previous.logY || settings.xAxis !== previous.xAxis) this.destroyPlot();
    for (const curve of this.curves) {
      if (curve.spec.smooth) curve.store.setWeight(settings.smoothing);
      curve.thinning = new LiveThinning(); // another axis may have the same range
    }
    this.resetZoomButton.hidden = this.zoom === null;
    this.requestDraw(this);
  }

  setTheme(theme: ChartTheme): void {
    this.theme = theme;
    for (const curve of this.curves) this.paintSwatch(curve);
    this.destroyPlot();
    this.requestDraw(this);
  }

  /** The visible x range; null when all of it is shown. */
  get zoomRange(): Range | null {
    return this.zoom;
  }

  zoomTo(range: Range): void {
    this.zoom = range.max > range.min ? range : null;
    this.resetZoomButton.hidden = this.zoom === null;
    this.requestDraw(this);
  }

  resetZoom(): void {
    this.zoomTo({ min: 0, max: 0 });
  }

  /** The y axis's range as last drawn. */
  get yRange(): Range | null {
    const y = this.plot?.scales.y;
    return y && y.min != null && y.max != null ? { min: y.min, max: y.max } : null;
  }

  /** How many points uPlot was last given, over all curves (thinning keeps it near 4 per pixel column). */
  get pointsDrawn(): number {
    return this.drawnPoints;
  }

  get pointsStored(): number {
    return this.curves.reduce((n, c) => n + c.store.length, 0);
  }

  draw(): void {
    const width = this.plotSlot.clientWidth;
    if (width === 0) return; // not laid out (a hidden view): drawn when it shows, through the resize observer
    const extent = this.extent();
    if (!extent) return;
    if (!this.plot) this.plot = this.createPlot(width);
    else if (this.plot.width !== width) this.plot.setSize({ width, height: PLOT_HEIGHT });
    const plot = this.plot;
    const { logX } = this.settings;
    // The whole run: a range that grows in steps, so that appending re-thins only the last column.
    const live = this.zoom === null;
    const window = padded(live ? growingWindow(extent.min, extent.max, logX) : this.zoom!, logX);
    const columns = Math.max(1, Math.round(plot.bbox.width / uPlot.pxRatio));
    const tables = this.curves.map((c) => this.thinned(c, { ...window, columns, log: logX }, live));
    const data = tables.length === 1 ? tables[0] : uPlot.join(tables);
    this.drawnPoints = tables.reduce((n, t) => n + t[0].length, 0);
    plot.batch(() => {
      plot.setData(data, false);
      plot.setScale('x', window);
    });
    this.updateReadout();
  }

  destroy(): void {
    this.destroyPlot();
    this.element.remove();
  }

  private destroyPlot(): void {
    this.plot?.destroy();
    this.plot = undefined;
  }

  /** The x range of all points; on a log axis, of the points right of 0. */
  private extent(): Range | null {
    let min = Infinity;
    let max = -Infinity;
    for (const { store } of this.curves) {
      if (store.length === 0) continue;
      const xs = store.x(this.settings.xAxis);
      const first = this.settings.logX ? lowerBound(xs, store.length, Number.MIN_VALUE) : 0;
      if (first === store.length) continue;
      min = Math.min(min, xs[first]);
      max = Math.max(max, xs[store.length - 1]);
    }
    return min <= max ? { min, max } : null;
  }

  /** [x, raw, smoothed] of a smoothed curve, [x, raw] of one drawn as it is. */
  private thinned(curve: Curve, window: ColumnWindow, live: boolean): uPlot.AlignedData {
    const { store, spec } = curve;
    const xs = store.x(this.settings.xAxis);
    const raw = store.values();
    const smoothed = store.smoothed();
    const columns = spec.smooth ? [raw, smoothed] : [raw];
    const kept = live
      ? curve.thinning.thin(xs, store.length, columns, window, store.revision)
      : thinToColumns(xs, store.length, columns, window);
    const logY = this.settings.logY;
    const drawable = (y: number) => (Number.isFinite(y) && (!logY || y > 0) ? y : null); // null: a gap in the line
    const x = new Float64Array(kept.length);
    const rawY: (number | null)[] = new Array(kept.length);
    const smoothY: (number | null)[] = new Array(kept.length);
    for (let k = 0; k < kept.length; k++) {
      const i = kept[k];
      x[k] = xs[i];
      rawY[k] = drawable(raw[i]);
      smoothY[k] = drawable(smoothed[i]);
    }
    return spec.smooth ? [x, rawY, smoothY] : [x, rawY];
  }

  private createPlot(width: number): uPlot {
    const { theme, settings } = this;
    const axis = settings.xAxis;
    const measure = document.createElement('canvas').getContext('2d');
    const textWidth = (values: string[]) => {
      if (!measure) return 40;
      measure.font = theme.font;
      return Math.max(0, ...values.map((v) => measure.measureText(v).width));
    };
    const axisStyle = {
      stroke: theme.text,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1, size: 4 },
    };
    const series: uPlot.Series[] = [{}];
    for (const { spec } of this.curves) {
      if (spec.smooth) series.push({ label: `${spec.label} (raw)`, stroke: theme.faint[spec.color], width: 1, points: { show: false } });
      series.push({ label: spec.label, stroke: theme.series[spec.color], width: 2 });
    }
    const options: uPlot.Options = {
      width,
      height: PLOT_HEIGHT,
      legend: { show: false },
      series,
      scales: {
        x: { time: false, auto: false, distr: settings.logX ? 3 : 1 },
        y: { distr: settings.logY ? 3 : 1, ...(this.ratio && !settings.logY ? { range: [0, 1] as uPlot.Range.MinMax } : {}) },
      },
      axes: [
        { ...axisStyle, space: 56, values: (_u, splits) => splits.map((v) => formatX(axis, v)) },
        {
          ...axisStyle,
          // On a log axis uPlot passes null for the minor ticks it leaves unlabelled.
          values: (_u, splits) => splits.map((v) => (v === null || v === undefined ? '' : formatNumber(v))),
          size: (_u, values) => Math.ceil(textWidth(values ?? [])) + 14,
        },
      ],
      cursor: {
        drag: { x: true, y: false, setScale: false },
        bind: { dblclick: () => null }, // our own double-click resets the zoom to the whole run
        points: { size: 6 },
      },
      hooks: {
        setSelect: [(u) => this.zoomToSelection(u)],
        setCursor: [(u) => this.hover(u)],
      },
    };
    const plot = new uPlot(options, [[]], this.plotSlot);
    plot.over.addEventListener('dblclick', () => this.resetZoom());
    plot.root.setAttribute('role', 'img');
    plot.root.setAttribute('aria-label', `${this.title} by ${X_AXIS_LABELS[axis].toLowerCase()}: ${this.curves.map((c) => c.spec.label).join(', ')}`);
    return plot;
  }

  private zoomToSelection(u: uPlot): void {
    const { left, width } = u.select;
    if (width < 3) return;
    const min = u.posToVal(left, 'x');
    const max = u.posToVal(left + width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.zoomTo({ min, max });
  }

  private hover(u: uPlot): void {
    const left = u.cursor.left;
    this.hoverX = left !== undefined && left >= 0 ? u.posToVal(left, 'x') : null;
    this.updateReadout();
  }

  private readoutItem(spec: CurveSpec): Curve['readout'] {
    const item = document.createElement('span');
    item.className = 'readout-item';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'readout-label';
    label.textContent = spec.label;
    const value = document.createElement('span');
    value.className = 'readout-value';
    const raw = document.createElement('span');
    raw.className = 'readout-raw';
    item.append(swatch, label, value, raw);
    this.readout.append(item);
    return { swatch, value, raw };
  }

  private paintSwatch(curve: Curve): void {
    curve.readout.swatch.style.backgroundColor = this.theme.series[curve.spec.color]; // CSSOM, which the CSP allows
  }

  /** Each curve's point nearest the cursor, or its latest point when the cursor is elsewhere. */
  private updateReadout(): void {
    const axis = this.settings.xAxis;
    const smoothing = this.settings.smoothing > 0;
    this.readoutX.textContent = this.hoverX === null ? 'latest' : `${X_AXIS_LABELS[axis]} ${formatXExactly(axis, this.hoverX)}`;
    for (const { store, spec, readout } of this.curves) {
      const i = this.hoverX === null ? store.length - 1 : nearestIndex(store.x(axis), store.length, this.hoverX);
      const smoothed = smoothing && spec.smooth;
      readout.value.textContent = i < 0 ? '–' : formatNumber((smoothed ? store.smoothed() : store.values())[i]);
      readout.raw.textContent = i >= 0 && smoothed ? `raw ${formatNumber(store.values()[i])}` : '';
      readout.value.title = i < 0 ? '' : `${X_AXIS_LABELS[axis]} ${formatXExactly(axis, store.x(axis)[i])}`;
    }
  }
}

/** A range uPlot can draw: a single x gets room on both sides. */
function padded(range: Range, log: boolean): Range {
  if (range.max > range.min) return range;
  return log ? { min: range.min / 2, max: range.max * 2 } : { min: range.min - 0.5, max: range.max + 0.5 };
}
