// What an editor says of a line's tensor-producing calls and traced callables after a run: the hover's
// Markdown (every captured or source text escaped: it is text, never Markdown or HTML) and the inlay
// hint at the line's end. No vscode import: the extension wraps these in its providers.
import { argumentLabel } from '../protocol/call-text';
import type { LayerRow, ShapeSample, SiteShapes } from '../protocol/events';
import { describePreview, formatPreviewInline, type NumberValue, type NumericStats, type Preview } from '../protocol/preview';
import type { CallableModel, RunModel } from '../protocol/run-model';
import type { IndexedSite } from './shape-index';

/** Every character Markdown (or HTML in it) could read, backslash-escaped; line breaks as spaces. */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, '\\$&').replace(/\s*[\r\n]+\s*/g, ' ');

const count = (n: number): string => n.toLocaleString('en-US');
const times = (n: number): string => `${count(n)} ${n === 1 ? 'time' : 'times'}`;
const code = (text: string): string => `\`${text}\``; // only for text made here of digits, brackets and commas
const dims = (shape: readonly (number | null)[]): string => `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;

function statNumber(value: NumberValue): string {
  if (typeof value === 'string') return value;
  if (value === 0 || Number.isInteger(value)) return String(value);
  const size = Math.abs(value);
  return size >= 1e5 || size < 1e-3 ? value.toExponential(3) : String(Number(value.toPrecision(4)));
}

/** "range −0.52 to 3.1 · mean 0.41 · std 0.62 · no NaN/Inf" (of the last sampled result). */
function statsLine(stats: NumericStats): string {
  const bad = stats.nanCount || stats.infCount ? `**${count(stats.nanCount)} NaN, ${count(stats.infCount)} ±Infinity**` : 'no NaN/Inf';
  return `range ${escapeMarkdown(statNumber(stats.min))} to ${escapeMarkdown(statNumber(stats.max))} · mean ${escapeMarkdown(statNumber(stats.mean))} · std ${escapeMarkdown(statNumber(stats.std))} · ${bad}`;
}

/** The shape it had most often (the first of those in a tie: the earliest seen). */
export function commonShape(shapes: SiteShapes): ShapeSample | undefined {
  return shapes.shapes.reduce<ShapeSample | undefined>((best, s) => (!best || s.count > best.count ? s : best), undefined);
}

const calleeText = (site: IndexedSite): string => `**${escapeMarkdown(site.entry.site.callee)}**`;

/** The layer's shapes and parameters: the site's own once built, else the training's layer table row of that name. */
function layerFacts(layer: NonNullable<SiteShapes['layer']>, training: RunModel['training']): string {
  let output: string | undefined = layer.outputShape ? code(dims(layer.outputShape)) : undefined;
  let params = layer.params;
  if (output === undefined || params === null) {
    const row = layerRow(training, layer.name);
    if (row && output === undefined && row.outputShape) output = code(Array.isArray(row.outputShape[0]) ? (row.outputShape as (number | null)[][]).map(dims).join(', ') : dims(row.outputShape as (number | null)[]));
    if (row && params === null) params = row.params;
  }
  const parts = [
    layer.inputShape ? `input ${code(dims(layer.inputShape))}` : undefined,
    output ? `output ${output}` : undefined,
    params !== null ? `${count(params)} parameters` : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'not built yet: no shapes or parameters';
}

function layerRow(training: RunModel['training'], name: string): LayerRow | undefined {
  for (const trained of training.values()) {
    const row = trained.fits[trained.fits.length - 1]?.layers.find((l) => l.name === name);
    if (row) return row;
  }
  return undefined;
}

function siteParagraphs(site: IndexedSite, training: RunModel['training']): string[] {
  const shapes = site.entry.shapes;
  if (!shapes) return [`${calleeText(site)}: its shapes are written at the end of each epoch and when the run ends`];
  if (shapes.layer) {
    const { name, className } = shapes.layer;
    return [`${calleeText(site)} → layer ${escapeMarkdown(name)} (${escapeMarkdown(className)})`, layerFacts(shapes.layer, training)];
  }
  const main = commonShape(shapes);
  const out = [`${calleeText(site)} → ${main ? `${code(dims(main.shape))} ${escapeMarkdown(main.dtype)}` : 'a tensor'}`];
  if (shapes.stats) out.push(statsLine(shapes.stats));
  const severalDtypes = new Set(shapes.shapes.map((s) => s.dtype)).size > 1;
  const each = shapes.shapes.map((s) => `${code(dims(s.shape))}${severalDtypes ? ` ${escapeMarkdown(s.dtype)}` : ''} ×${count(s.count)}`);
  if (shapes.otherShapes) each.push(`${count(shapes.otherShapes)} of other shapes`);
  out.push(`ran ${times(shapes.calls)}: ${each.join(', ')}`);
  return out;
}

const previewText = (p: Preview): string => `${escapeMarkdown(describePreview(p))}: ${escapeMarkdown(formatPreviewInline(p))}`;

function callableParagraphs(callable: CallableModel): string[] {
  const call = callable.calls[callable.calls.length - 1];
  if (!call) return [];
  const params = call.params ?? [];
  const out = [`**${escapeMarkdown(callable.callable.name)}**, its last recorded call (#${count(call.callNumber)}):`];
  call.args.forEach((arg, i) => out.push(`${escapeMarkdown(argumentLabel(params, i))} — ${previewText(arg)}`));
  if (call.error) out.push(`threw — ${previewText(call.error)}`);
  else if (call.result) out.push(`returned — ${previewText(call.result)}`);
  return out;
}

export interface ShapeHoverInput {
  /** The line's shape sites, the one under the cursor first. */
  sites: readonly IndexedSite[];
  callables: readonly CallableModel[];
  training: RunModel['training'];
  /** Said first: why what follows may not be about the text in the editor. */
  note?: string;
}

/** The hover's Markdown; undefined when there is nothing to say. */
export function shapeHoverMarkdown(input: ShapeHoverInput): string | undefined {
  const sections = [
    ...input.sites.map((s) => siteParagraphs(s, input.training)),
    ...input.callables.map(callableParagraphs),
  ].filter((paragraphs) => paragraphs.length > 0);
  if (!sections.length) return undefined;
  const body = sections.map((paragraphs) => paragraphs.join('\n\n')).join('\n\n---\n\n');
  return input.note ? `*${escapeMarkdown(input.note)}*\n\n${body}` : body;
}

/** The inlay hint of a line: what its last site to run first produced (the line's value, outermost call). */
export function shapeHintText(sites: readonly IndexedSite[]): string | undefined {
  const last = sites.reduce<IndexedSite | undefined>((a, s) => (s.entry.shapes && (!a || s.entry.site.id > a.entry.site.id) ? s : a), undefined);
  const shapes = last?.entry.shapes;
  if (!shapes) return undefined;
  if (shapes.layer) {
    const { className, outputShape, params } = shapes.layer;
    return `⟨${[className, outputShape && outputShape.map((d) => (d === null ? '?' : d)).join('×'), params !== null && `${count(params)} params`].filter(Boolean).join(' ')}⟩`;
  }
  const main = commonShape(shapes);
  if (!main) return undefined;
  const others = shapes.shapes.length - 1 + (shapes.otherShapes ? 1 : 0);
  return `⟨${main.shape.length ? main.shape.join('×') : 'scalar'} ${main.dtype}${others ? ` +${others} ${others === 1 ? 'shape' : 'shapes'}` : ''}⟩`;
}
