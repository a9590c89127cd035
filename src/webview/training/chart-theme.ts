// The charts' colours, read from the CSS variables VS Code gives every webview (its `charts.*` colours),
// so that they follow the light, dark and high-contrast themes. A canvas cannot use var(): the values
// are read here, and read again when the theme changes (VS Code sets the body's class and the variables).

export type ChartColor = 'blue' | 'orange' | 'green' | 'purple' | 'red' | 'yellow';

export interface ChartTheme {
  series: Record<ChartColor, string>;
  faint: Record<ChartColor, string>; // the raw series beneath the smoothed one
  text: string;
  grid: string;
  font: string; // canvas font for axis values
  highContrast: boolean;
}

// VS Code's dark defaults, for a page without its variables (a standalone HTML report).
const FALLBACK: Record<ChartColor | 'foreground' | 'lines', string> = {
  blue: '#3794ff', orange: '#d18616', green: '#89d185', purple: '#b180d7', red: '#f14c4c', yellow: '#cca700', foreground: '#cccccc', lines: '#cccccc80',
};

/** Any CSS colour as [r, g, b, a] (a canvas normalises it). */
function rgba(color: string): [number, number, number, number] {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return [128, 128, 128, 1];
  ctx.fillStyle = '#000';
  ctx.fillStyle = color;
  const normal = String(ctx.fillStyle);
  if (normal.startsWith('#')) return [parseInt(normal.slice(1, 3), 16), parseInt(normal.slice(3, 5), 16), parseInt(normal.slice(5, 7), 16), 1];
  const parts = normal.match(/[\d.]+/g)?.map(Number) ?? [128, 128, 128, 1];
  return [parts[0], parts[1], parts[2], parts[3] ?? 1];
}

function withAlpha(color: string, alpha: number): string {
  const [r, g, b, a] = rgba(color);
  return `rgba(${r}, ${g}, ${b}, ${Math.round(a * alpha * 1000) / 1000})`;
}

export function readChartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const variable = (name: string, fallback: string) => style.getPropertyValue(`--vscode-${name}`).trim() || fallback;
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const colors = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'] as const;
  const series = Object.fromEntries(colors.map((c) => [c, variable(`charts-${c}`, FALLBACK[c])])) as Record<ChartColor, string>;
  const faint = Object.fromEntries(colors.map((c) => [c, withAlpha(series[c], highContrast ? 0.35 : 0.22)])) as Record<ChartColor, string>;
  const text = variable('charts-foreground', variable('foreground', FALLBACK.foreground));
  const lines = variable('charts-lines', FALLBACK.lines);
  const bodyStyle = getComputedStyle(document.body);
  const fontSize = Math.max(10, Math.round((parseFloat(bodyStyle.fontSize) || 13) * 0.85));
  return {
    series,
    faint,
    text,
    grid: withAlpha(lines, highContrast ? 0.6 : 0.35),
    font: `${fontSize}px ${variable('font-family', bodyStyle.fontFamily || 'sans-serif')}`,
    highContrast,
  };
}

/** Calls back when VS Code switches theme: it changes the body's class. */
export function onThemeChange(callback: () => void): () => void {
  const observer = new MutationObserver(callback);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}
