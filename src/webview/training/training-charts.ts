// The training curves: a toolbar (smoothing, log axes, what x counts) over one chart per metric. Given
// each curve's points once (attach) and told when more arrived (sync); draws at most once per animation
// frame whatever the number of points, follows the VS Code theme and the element's width.
import uPlotCss from 'uplot/dist/uPlot.min.css' with { type: 'text' };
import { DEFAULT_SMOOTHING_WEIGHT } from '../../protocol/series/ema-smoothing';
import { isAccuracyLike } from '../../protocol/series/metric-names';
import { X_AXES, type PointColumns, type XAxis } from '../../protocol/series/point-columns';
import { X_AXIS_LABELS } from './axis-format';
import { onThemeChange, readChartTheme } from './chart-theme';
import { MetricChart, type ChartSettings, type CurveSpec } from './metric-chart';
import chartsCss from './training-charts.css' with { type: 'text' };

export type { ChartSettings, CurveSpec } from './metric-chart';

export interface ChartKey {
  id: string; // one chart per id: "model 1/loss"
  title: string;
  metric: string; // decides the 0–1 axis: "acc", "loss"
}

export const DEFAULT_CHART_SETTINGS: ChartSettings = { smoothing: DEFAULT_SMOOTHING_WEIGHT, logX: false, logY: false, xAxis: 'step' };

const SMOOTHING_MAX = 0.999; // TensorBoard's slider stops there: at 1 the curve is flat

export class TrainingCharts {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly charts = new Map<string, MetricChart>();
  private readonly dirty = new Set<MetricChart>();
  private readonly smoothingValue: HTMLOutputElement;
  private readonly stopWatchingTheme: () => void;
  private readonly resizes: ResizeObserver;
  private frame = 0;
  private current: ChartSettings;

  constructor(settings: Partial<ChartSettings> = {}, private readonly onSettingsChange?: (settings: ChartSettings) => void) {
    installStyles();
    this.current = { ...DEFAULT_CHART_SETTINGS, ...settings };
    this.element = document.createElement('div');
    this.element.className = 'training-charts';
    this.grid = document.createElement('div');
    this.grid.className = 'chart-grid';
    this.smoothingValue = document.createElement('output');
    this.element.append(this.toolbar(), this.grid);
    this.stopWatchingTheme = onThemeChange(() => this.retheme());
    // A width change redraws: the thinning depends on the number of pixel columns.
    this.resizes = new ResizeObserver(() => { for (const chart of this.charts.values()) this.schedule(chart); });
    this.resizes.observe(this.grid);
  }

  get settings(): ChartSettings {
    return { ...this.current };
  }

  /** Draws a curve of these points on the chart of `key` (made on first use); sync() shows points added later. */
  attach(key: ChartKey, curve: CurveSpec, points: PointColumns): void {
    let chart = this.charts.get(key.id);
    if (!chart) {
      chart = new MetricChart(key.title, isAccuracyLike(key.metric), this.current, readChartTheme(), (c) => this.schedule(c));
      this.charts.set(key.id, chart);
      this.grid.append(chart.element);
    }
    chart.addCurve(curve, points);
  }

  /** Shows the points added since the last call, drawing on the next frame (once, whatever the number of points). */
  sync(): void {
    for (const chart of this.charts.values()) chart.sync();
  }

  chart(id: string): MetricChart | undefined {
    return this.charts.get(id);
  }

  setSettings(settings: Partial<ChartSettings>): void {
    this.current = { ...this.current, ...settings, smoothing: Math.max(0, Math.min(settings.smoothing ?? this.current.smoothing, SMOOTHING_MAX)) };
    this.syncToolbar();
    for (const chart of this.charts.values()) chart.setSettings(this.current);
    this.onSettingsChange?.(this.settings);
  }

  /** Draws what is pending now instead of on the next frame. */
  flush(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const charts = [...this.dirty];
    this.dirty.clear();
    for (const chart of charts) chart.draw();
  }

  /** Removes every chart (a new run). */
  clear(): void {
    for (const chart of this.charts.values()) chart.destroy();
    this.charts.clear();
    this.dirty.clear();
  }

  destroy(): void {
    this.clear();
    this.stopWatchingTheme();
    this.resizes.disconnect();
    if (this.frame) cancelAnimationFrame(this.frame);
    this.element.remove();
  }

  private schedule(chart: MetricChart): void {
    this.dirty.add(chart);
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.flush(); });
  }

  private retheme(): void {
    const theme = readChartTheme();
    for (const chart of this.charts.values()) chart.setTheme(theme);
  }

  private toolbar(): HTMLElement {
    const bar = document.createElement('div');
    bar.className = 'chart-toolbar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Chart settings');

    const smoothing = document.createElement('label');
    smoothing.className = 'smoothing';
    const slider = document.createElement('input');
    slider.type = 'range';
    slider.min = '0';
    slider.max = String(SMOOTHING_MAX);
    slider.step = '0.001';
    slider.dataset.setting = 'smoothing';
    slider.title = 'Smooths the per-batch curves: TensorBoard\'s exponential moving average, debiased; the raw values stay faint beneath. Per-epoch and validation curves are drawn unsmoothed: each point is already an epoch\'s value, and smoothing a few points makes them lag';
    slider.addEventListener('input', () => this.setSettings({ smoothing: Number(slider.value) }));
    smoothing.append('Smoothing', slider, this.smoothingValue);

    const toggle = (setting: 'logX' | 'logY', text: string, title: string) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.dataset.setting = setting;
      box.addEventListener('change', () => this.setSettings({ [setting]: box.checked }));
      label.title = title;
      label.append(box, text);
      return label;
    };

    const xAxis = document.createElement('label');
    const select = document.createElement('select');
    select.dataset.setting = 'xAxis';
    for (const axis of X_AXES) {
      const option = document.createElement('option');
      option.value = axis;
      option.textContent = axis === 'time' ? 'Time (s)' : X_AXIS_LABELS[axis];
      select.append(option);
    }
    select.addEventListener('change', () => this.setSettings({ xAxis: select.value as XAxis }));
    xAxis.append('X', select);

    bar.append(smoothing, toggle('logY', 'Log y', 'Logarithmic y axis (values ≤ 0 are left out)'), toggle('logX', 'Log x', 'Logarithmic x axis'), xAxis);
    this.syncToolbar(bar);
    return bar;
  }

  private syncToolbar(bar: HTMLElement = this.element): void {
    const control = <T extends HTMLElement>(setting: keyof ChartSettings) => bar.querySelector<T>(`[data-setting="${setting}"]`);
    const slider = control<HTMLInputElement>('smoothing');
    if (slider) slider.value = String(this.current.smoothing);
    this.smoothingValue.textContent = this.current.smoothing.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
    for (const setting of ['logX', 'logY'] as const) {
      const box = control<HTMLInputElement>(setting);
      if (box) box.checked = this.current[setting];
    }
    const select = control<HTMLSelectElement>('xAxis');
    if (select) select.value = this.current.xAxis;
  }
}

let stylesInstalled = false;

/** uPlot's stylesheet and ours, as a constructed stylesheet: no file to link and nothing the panel's CSP must allow. */
function installStyles(): void {
  if (stylesInstalled) return;
  stylesInstalled = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`${uPlotCss}\n${chartsCss}`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
