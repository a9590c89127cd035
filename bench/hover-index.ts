// Hover lookup on a run of MAX_SHAPE_SITES (10,000) shape sites: the index built as the events go into
// the run model, then, per hover, the line's sites at a column and the hover's Markdown, as the
// editor's hover provider asks for them (src/extension/shape-hover.ts). Budget: < 5 ms per hover.
//   node --import tsx bench/hover-index.ts [--hovers 20000]
import { performance } from 'node:perf_hooks';
import type { SiteShapes, TraceEvent } from '../src/protocol/events';
import { applyEvent, createRunModel, MAX_SHAPE_SITES } from '../src/protocol/run-model';
import { shapeHintText, shapeHoverMarkdown } from '../src/host/shape-hover-text';
import { ShapeIndex } from '../src/host/shape-index';

export const HOVER_BUDGET_MS = 5;
const FILES = 40;
const SITES_PER_LINE = 3; // chained calls: x.matMul(w).add(b).relu()

export interface HoverIndexFigures {
  sites: number;
  buildMs: number; // applying the events to a run model and the index, together
  hovers: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
  firstMs: number; // the first hover: cold code
  hintsPerFileMs: number; // every hint of a file of 250 sites
}

/** The events of a run whose files have MAX_SHAPE_SITES sites, three to a line, and their stats. */
function runEvents(): TraceEvent[] {
  const events: TraceEvent[] = [];
  const stats: SiteShapes[] = [];
  for (let id = 1; id <= MAX_SHAPE_SITES; id++) {
    const file = `/work/project/src/model-${id % FILES}.js`;
    const nth = Math.floor((id - 1) / FILES);
    const line = 1 + Math.floor(nth / SITES_PER_LINE);
    const column = 5 + 12 * (nth % SITES_PER_LINE);
    events.push({ type: 'shape-site', id, site: { file, line, column }, callee: 'x.matMul(…).add', kind: 'op', time: id });
    stats.push({
      id, calls: 119, otherShapes: 0, layer: null,
      shapes: [{ shape: [32, 10], dtype: 'float32', count: 118 }, { shape: [16, 10], dtype: 'float32', count: 1 }],
      stats: { min: -1.5, max: 2.25, mean: 0.125, std: 0.875, nanCount: 0, infCount: 0, zeroCount: 4 },
    });
  }
  for (let i = 0; i < stats.length; i += 500) events.push({ type: 'shapes', sites: stats.slice(i, i + 500), time: MAX_SHAPE_SITES + i });
  return events;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export function hoverIndexBench(hovers = 20_000): HoverIndexFigures {
  const events = runEvents();
  const start = performance.now();
  const model = createRunModel();
  const index = new ShapeIndex(null);
  for (const event of events) {
    applyEvent(model, event);
    index.take(event, model);
  }
  const buildMs = performance.now() - start;

  const lines = Math.ceil(MAX_SHAPE_SITES / FILES / SITES_PER_LINE);
  const times: number[] = [];
  let seed = 7;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  let chars = 0;
  for (let i = 0; i < hovers; i++) {
    const file = `/work/project/src/model-${random(FILES)}.js`;
    const t0 = performance.now();
    const line = 1 + random(lines);
    const sites = index.sitesAt(file, line, 1 + random(40));
    chars += (shapeHoverMarkdown({ sites, callables: index.callablesOn(file, line), training: model.training }) ?? '').length;
    times.push(performance.now() - t0);
  }
  if (chars === 0) throw new Error('no hover had any text');
  const firstMs = times[0];
  times.sort((a, b) => a - b);

  const t1 = performance.now();
  let hints = 0;
  for (const sites of index.siteLines('/work/project/src/model-1.js').values()) if (shapeHintText(sites)) hints++;
  const hintsPerFileMs = performance.now() - t1;
  if (hints === 0) throw new Error('no hint');
  return { sites: model.shapes.sites.size, buildMs, hovers, medianMs: quantile(times, 0.5), p99Ms: quantile(times, 0.99), maxMs: times[times.length - 1], firstMs, hintsPerFileMs };
}

export function hoverIndexText(f: HoverIndexFigures): string {
  const ms = (v: number) => `${v.toFixed(3)} ms`;
  return `hover on ${f.sites.toLocaleString('en-US')} sites (${f.hovers.toLocaleString('en-US')} hovers): median ${ms(f.medianMs)}, p99 ${ms(f.p99Ms)}, max ${ms(f.maxMs)}, the first ${ms(f.firstMs)} (cold: it loads Intl's number formatting) ` +
    `(budget < ${HOVER_BUDGET_MS} ms); index built in ${ms(f.buildMs)}; a file's ${Math.round(f.sites / FILES)} hints in ${ms(f.hintsPerFileMs)}`;
}

if (require.main === module) {
  const i = process.argv.indexOf('--hovers');
  const figures = hoverIndexBench(i > 0 ? Number(process.argv[i + 1]) : undefined);
  console.log(hoverIndexText(figures));
  if (figures.p99Ms >= HOVER_BUDGET_MS) process.exitCode = 1;
}
