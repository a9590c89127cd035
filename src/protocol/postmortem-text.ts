// What a post-mortem says, in words: one reading for the panel's Post-mortem view and the CLI's lines,
// so that both name the error, its tensors and its frames the same way.
import type { FrameScope, PostmortemEvent, PostmortemFrame, ScopeKind, TensorOperand } from './events';
import { metricText } from './metric-text';
import { describePreview, formatPreviewInline, type NumberValue, type Preview, type TensorPreview } from './preview';

/** The error that ended the run: its class (or what kind of value was thrown) and its message. */
export interface ErrorText {
  /** "Uncaught exception", "Unhandled rejection", "Exited" (process.exit with a non-zero code). */
  origin: string;
  /** "TypeError"; for a value that is not an Error, what it is ("a string of 19 characters"); "process.exit(1)". */
  className: string;
  message: string; // '' for process.exit
}

const ORIGINS: Record<PostmortemEvent['origin'], string> = {
  uncaughtException: 'Uncaught exception',
  unhandledRejection: 'Unhandled rejection',
  exit: 'Exited',
};

export function errorText(pm: PostmortemEvent): ErrorText {
  const origin = ORIGINS[pm.origin];
  const { error } = pm;
  if (pm.origin === 'exit') return { origin, className: `process.exit(${formatPreviewInline(error)})`, message: '' };
  if (error.kind === 'error') return { origin, className: error.className, message: error.message };
  if (error.kind === 'string') return { origin, className: describePreview(error), message: error.value };
  return { origin, className: describePreview(error), message: formatPreviewInline(error, 400) };
}

/** A statistic as the Model view and the CLI's epoch lines write numbers: four significant digits. */
const stat = (v: NumberValue): string => (typeof v === 'string' ? v : metricText(v));

/** A tensor on one line, shape first: its head, its statistics or first values, and NaN!/Inf! flags. */
export interface TensorParts {
  head: string; // "Tensor float32 [32,784]"
  values: string; // "x∈[-1.2, 3.4] μ=0.01 σ=0.98", or the first values, or why none were read; '' when none
  flags: string[]; // "NaN!", "Inf!"
}

export function tensorParts(t: TensorPreview): TensorParts {
  const head = `${t.className} ${t.dtype} [${t.shape.join(',')}]`;
  const flags = [t.stats?.nanCount ? 'NaN!' : '', t.stats?.infCount ? 'Inf!' : ''].filter(Boolean);
  if (t.disposed) return { head, values: '(disposed)', flags };
  if (t.stats) return { head, values: `x∈[${stat(t.stats.min)}, ${stat(t.stats.max)}] μ=${stat(t.stats.mean)} σ=${stat(t.stats.std)}`, flags };
  if (t.values?.length) {
    const values = (t.values as (NumberValue | string)[]).map((v) => (t.dtype === 'string' ? JSON.stringify(v) : stat(v as NumberValue)));
    return { head, values: `[${values.join(', ')}${t.size > t.values.length ? ', …' : ''}]`, flags };
  }
  if (t.backend && t.backend !== 'cpu') return { head, values: `on ${t.backend} (values not read)`, flags };
  return { head, values: '', flags };
}

/** "Tensor float32 [32,784] x∈[-1.2, 3.4] μ=0.01 σ=0.98 NaN!". */
export function tensorLine(t: TensorPreview): string {
  const { head, values, flags } = tensorParts(t);
  return [head, values, ...flags].filter(Boolean).join(' ');
}

/** A variable's value on one line: a tensor as tensorLine, anything else as the CLI writes a value. */
export const valueLine = (value: Preview, max = 100): string => (value.kind === 'tensor' ? tensorLine(value) : formatPreviewInline(value, max));

/** "a [32,784] float32". */
export const operandText = (o: TensorOperand): string => `${o.name} [${o.shape.join(',')}] ${o.dtype}`;

export const frameName = (f: PostmortemFrame): string => f.function ?? '(anonymous)';

/** The file's last path segment, for a frame's short location. */
export const baseName = (file: string): string => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) || file;

const SCOPE_TITLES: Record<ScopeKind, string> = {
  local: 'Local', block: 'Block', catch: 'Catch', closure: 'Closure', module: 'Module', script: 'Script', with: 'With', eval: 'Eval', global: 'Global',
};

/** "Local", "Closure (makeLoss)", as a debugger's Variables view titles them (a local scope's name is its frame's). */
export const scopeTitle = (scope: FrameScope): string => `${SCOPE_TITLES[scope.kind] ?? scope.kind}${scope.name && scope.kind === 'closure' ? ` (${scope.name})` : ''}`;

/**
 * The stack as it is shown: the frames in their order, each run of library frames (not the user's own
 * code) one fold that stands in its place, so that the user's frames stand out and nothing is reordered.
 */
export type StackEntry =
  | { kind: 'frame'; frame: PostmortemFrame; index: number }
  | { kind: 'library'; frames: { frame: PostmortemFrame; index: number }[] };

export function stackEntries(frames: readonly PostmortemFrame[]): StackEntry[] {
  const entries: StackEntry[] = [];
  frames.forEach((frame, index) => {
    const last = entries.at(-1);
    if (frame.user) entries.push({ kind: 'frame', frame, index });
    else if (last?.kind === 'library') last.frames.push({ frame, index });
    else entries.push({ kind: 'library', frames: [{ frame, index }] });
  });
  return entries;
}

/** What the snapshot of the frames is worth: how long it took, or why it is partial or missing. */
export function snapshotText(pm: PostmortemEvent): string {
  const ms = `${metricText(pm.snapshotMs)} ms`;
  if (pm.snapshot === 'complete') return `variables read in ${ms}, as the error was thrown`;
  if (pm.snapshot === 'partial') return `some scopes could not be read${pm.note ? `: ${pm.note}` : ''} (${ms})`;
  return `no variables were read${pm.note ? `: ${pm.note}` : ''}`;
}

/** Frames the runtime left out past its maxFrames: "… 12 more frames not recorded". */
export const omittedFramesText = (n: number): string => `… ${n.toLocaleString('en-US')} more frame${n === 1 ? '' : 's'} not recorded`;
