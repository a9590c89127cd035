// Readable text for trace events: the same printer for a live run (`trainspect run`) and a saved
// trace (`trainspect show`). Returns lines; the caller decides where they go.
import { constants as osConstants } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallEvent, EpochEvent, ExitEvent, HealthEvent, ModelEvent, NoticeEvent, PipelineEvent, RunEvent, SplitLabelsEvent, StackFrame, StepEvent, TraceEvent } from '../protocol/events';
import { batchText, shapesText, stepCallText, stepOutcome } from '../protocol/pipeline-text';
import { argumentCount, argumentLabel, parametersNotPassed, partLabelsText, plural, splitProblems, splitSentence } from '../protocol/call-text';
import { healthText, kernelTensorText } from '../protocol/health-text';
import { describeExit, exitOutcome, formatDuration } from '../protocol/exit';
import { metricText } from '../protocol/metric-text';
import { describePreview, formatPreviewInline, type Preview } from '../protocol/preview';
import { applyEvent, createRunModel, loopTitle, postmortemContext, type RunModel } from '../protocol/run-model';
import { postmortemLines } from './postmortem-lines';
import { visible } from './terminal-text';

export interface FormatOptions {
  cwd: string; // paths under it are shown relative
  color: boolean;
  prefix: string; // put before every line, e.g. "[trainspect] "
  showOutput: boolean; // print recorded script output as it was written (show only; a live run passes it through)
  showUncaught: boolean; // print uncaught errors (a live run's stderr already has them)
  maxStackFrames: number;
  /**
   * The run model the caller keeps, each event applied before it is formatted (a live run has one); the
   * formatter keeps its own without. The post-mortem's lines say what training was doing from it.
   */
  model?: RunModel;
}

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39], green: [32, 39] } as const;
type Style = keyof typeof codes;

export class EventFormatter {
  /** The latest fit call of each model, for its epoch lines (one entry per model). */
  private readonly fits = new Map<number, ModelEvent>();
  /** The pipeline summary: the latest event, and what of it has been printed. */
  private pipeline: { latest?: PipelineEvent; printed: boolean; failurePrinted: boolean } = { printed: false, failurePrinted: false };
  /** The latest step of each custom loop (by loopId), for its line at the end of the run. */
  private readonly loops = new Map<number, StepEvent>();

  /** The model the formatter applies events to itself, when the caller keeps none. */
  private readonly ownModel: RunModel | undefined;

  constructor(private readonly options: FormatOptions) {
    this.ownModel = options.model ? undefined : createRunModel();
  }

  /** The lines for one event, each with the prefix and a trailing newline; '' for events not shown. */
  format(event: TraceEvent): string {
    if (this.ownModel) applyEvent(this.ownModel, event);
    if (event.type === 'output') return this.options.showOutput ? event.text : ''; // as the script wrote it
    const lines = this.lines(event);
    return lines.map((l) => `${this.options.prefix}${l}\n`).join('');
  }

  private style(style: Style, text: string): string {
    if (!this.options.color) return text;
    const [open, close] = codes[style];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  }

  private lines(event: TraceEvent): string[] {
    switch (event.type) {
      case 'run': return this.runLines(event);
      case 'call': return this.callLines(event);
      case 'phase': return [this.style('dim', `training began (${visible(event.api)})`)];
      case 'uncaught': return this.options.showUncaught ? [this.style('red', visible(`${event.origin}: ${formatPreviewInline(event.error, 400)}`))] : [];
      case 'notice': return [this.noticeLine(event)];
      case 'exit': return [...this.pendingPipelineLines(), ...this.loopLines(), ...this.postmortemLines(), this.exitLine(event)];
      case 'step': this.loops.set(event.loopId, event); return [];
      case 'split-labels': return this.splitLabelsLines(event);
      case 'callable': case 'limit': case 'output': return [];
      case 'model': return [this.modelLine(event)];
      case 'epoch': return [this.epochLine(event)];
      case 'batch': case 'weights': case 'memory': case 'images': case 'shape-site': case 'shapes': return [];
      case 'postmortem': return []; // printed at exit: after the error the script printed, with all that led to it
      case 'pipeline': return this.pipelineLines(event);
      case 'health': return [this.healthLine(event)];
    }
  }

  private runLines(run: RunEvent): string[] {
    const what = run.targets.length ? visible(run.targets.join(', ')) : 'every callable';
    const args = run.args.length ? ` ${visible(run.args.join(' '))}` : '';
    return [this.style('bold', `tracing ${what} in ${this.where(run.script)}${args} (first ${run.maxCalls} call${run.maxCalls === 1 ? '' : 's'} each)`)];
  }

  private callLines(call: CallEvent): string[] {
    const out = [`${this.style('bold', this.style('cyan', `${visible(call.callable)}(…)`))} #${call.callNumber} at ${this.where(call.site.file)}:${call.site.line}  ${this.style('dim', formatDuration(call.durationMs) + (call.async ? ' until settled' : ''))}`];
    const params = call.params ?? [];
    call.args.forEach((arg, i) => out.push(this.valueLine(visible(argumentLabel(params, i)), arg)));
    const more = argumentCount(call) - call.args.length;
    if (more > 0) out.push(`  ${this.style('dim', `… ${plural(more, 'more argument')} not captured`)}`);
    for (const param of parametersNotPassed(call)) {
      out.push(`  ${this.style('green', visible(param.name).padEnd(8))} ${this.style('dim', param.default !== undefined ? 'not passed: the default' : 'not passed')}  ${param.default !== undefined ? `= ${visible(param.default)}` : 'undefined'}`);
    }
    if (argumentCount(call) === 0) out.push(`  ${this.style('dim', '(no arguments)')}`);
    if (call.error) out.push(this.valueLine(call.async ? 'rejects' : 'throws', call.error, 'red'));
    else if (call.result) out.push(this.valueLine(call.async ? 'resolves' : 'returns', call.result));
    if (call.split && !call.error) out.push(`  ${this.style(splitProblems(call.split).length ? 'yellow' : 'dim', splitSentence(call.split))}`);
    const stack = this.stackLine(call.stack);
    if (stack) out.push(`  ${this.style('dim', 'called from')} ${stack}`);
    return out;
  }

  /** What a labeller said of the items in each part of a split. */
  private splitLabelsLines(event: SplitLabelsEvent): string[] {
    const head = `${this.style('bold', this.style('cyan', visible(event.callable)))} labelled the split's items (${plural(event.counted, 'call')} counted):`;
    const parts = event.parts.map((part, i) => `  ${this.style('green', `[${i}]`.padEnd(8))} ${visible(partLabelsText(part))}`);
    if (event.otherLabels) parts.push(`  ${this.style('dim', `… ${plural(event.otherLabels, 'call')} with labels beyond the first 100`)}`);
    return [head, ...parts];
  }

  /** A fit call begins: which model, how it trains, how big it is. */
  private modelLine(model: ModelEvent): string {
    this.fits.set(model.modelId, model);
    const data = model.api === 'fit' ? `, batch size ${model.batchSize ?? '?'}, ${plural(model.samples ?? 0, 'sample')}` : '';
    const params = `${plural(model.totalParams, 'parameter')}${model.trainableParams !== model.totalParams ? ` (${model.trainableParams.toLocaleString('en-US')} trainable)` : ''}`;
    return `${this.style('bold', visible(model.model))} ${model.api} #${model.fitCall}: ${plural(model.epochs - (model.initialEpoch ?? 0), 'epoch')}${data}; ${plural(model.layers.length, 'layer')}, ${params}`;
  }

  /** One line per epoch: model, epoch/epochs, each loss and metric. */
  private epochLine(epoch: EpochEvent): string {
    const model = this.fits.get(epoch.modelId);
    const name = model && model.fitCall === epoch.fitCall ? visible(model.model) : `model ${epoch.modelId}`;
    const of = model && model.fitCall === epoch.fitCall ? `/${model.epochs}` : '';
    const entries = Object.entries(epoch.logs);
    const ordered = [...entries.filter(([k]) => !k.startsWith('val_')), ...entries.filter(([k]) => k.startsWith('val_'))]; // TF.js puts val_ first
    const logs = ordered.map(([key, value]) => `${visible(key)} ${this.style(key.startsWith('val_') ? 'cyan' : 'green', metricText(value))}`);
    return `${this.style('bold', name)} epoch ${epoch.epoch + 1}${of}  ${logs.join('  ')}  ${this.style('dim', formatDuration(epoch.durationMs))}`;
  }

  /**
   * The pipeline summary, once: when it has its batch or a failed step (an earlier event, written as
   * training began, may not have seen the dataset's first items yet), else at exit; a failure after it.
   */
  private pipelineLines(event: PipelineEvent): string[] {
    const state = this.pipeline;
    state.latest = event;
    const failed = event.failedStep !== null || event.batchError !== undefined;
    if (!state.printed && (event.batch || failed)) return this.pipelineSummary(event);
    if (state.printed && failed && !state.failurePrinted) return this.pipelineFailure(event);
    return [];
  }

  private pendingPipelineLines(): string[] {
    const { latest, printed } = this.pipeline;
    const worth = latest && (latest.batch || latest.failedStep !== null || latest.steps.length > 1);
    return worth && !printed ? this.pipelineSummary(latest) : [];
  }

  private pipelineSummary(event: PipelineEvent): string[] {
    this.pipeline.printed = true;
    const item = event.item ? ` ${visible(formatPreviewInline(event.item, 80))}` : '';
    const out = [this.style('bold', `pipeline: ${event.itemIndex !== null ? `item ${event.itemIndex}` : 'one item'}${item}`)];
    event.steps.forEach((step, i) => {
      const { threw, value, note } = stepOutcome(event, i);
      const shapes = shapesText(step.output);
      const what = note ?? (value ? `${threw ? 'threw ' : '→ '}${visible(formatPreviewInline(value, 70))}` : '');
      const line = `  ${String(i + 1).padStart(2)} ${this.style('cyan', visible(stepCallText(step)))} ${what}${shapes && !threw ? this.style('dim', `  ${visible(shapes)}`) : ''}${step.link === 'other-item' ? this.style('dim', '  (recorded with another item)') : ''}`;
      out.push(i === event.failedStep ? this.style('red', line) : line);
    });
    if (event.batch) out.push(`  ${this.style('green', 'batch')} ${visible(batchText(event.batch))}`);
    out.push(...this.pipelineFailure(event));
    return out;
  }

  private pipelineFailure(event: PipelineEvent): string[] {
    const step = event.failedStep !== null ? event.steps[event.failedStep] : undefined;
    if (!step && !event.batchError) return [];
    this.pipeline.failurePrinted = true;
    if (step) return [this.style('red', `  failed at step ${event.failedStep! + 1}: ${visible(step.callable)} at ${this.where(step.site.file)}:${step.site.line}`)];
    return [this.style('red', `  the first batch failed: ${visible(formatPreviewInline(event.batchError!, 120))}`)];
  }

  /** At the end, one line per custom loop: its steps, the last step's losses and metrics, memory then. */
  private loopLines(): string[] {
    return [...this.loops.values()].map((last) => {
      const logs = Object.entries(last.logs).map(([key, value]) => `${visible(key)} ${this.style('green', metricText(value))}`);
      const values = logs.length ? `last ${logs.join('  ')}` : this.style('dim', 'no loss recorded (minimize returns it when called as minimize(f, true))');
      const memory = this.style('dim', `${plural(last.numTensors, 'tensor')} (${last.numBytes.toLocaleString('en-US')} B) after it`);
      return `${this.style('bold', visible(loopTitle(last)))}: ${plural(last.step + 1, 'step')}; ${values}; ${memory}`;
    });
  }

  /** One line per health alert, in the panel's words (src/protocol/health-text.ts); a kernel alert names the user's line. */
  private healthLine(alert: HealthEvent): string {
    const text = healthText(alert);
    const label = this.style(text.severity === 'error' ? 'red' : 'yellow', 'health:');
    const site = text.site ? ` at ${this.style('bold', `${this.where(text.site.file)}:${text.site.line}:${text.site.column}`)}${text.siteNote ? ` (${text.siteNote})` : ''}` : '';
    const inputs = alert.kind === 'non-finite-kernel' && alert.finding ? [`inputs ${text.inputs.map(kernelTensorText).join(', ') || 'none'}`] : [];
    const rest = [...inputs, ...text.details].map((d) => `; ${visible(d)}`).join('');
    return `${label} ${visible(text.headline)}${site}${rest}`;
  }

  private valueLine(label: string, value: Preview, style: Style = 'green'): string {
    return `  ${this.style(style, label.padEnd(8))} ${this.style('dim', visible(describePreview(value)))}  ${visible(formatPreviewInline(value))}`;
  }

  /** The caller's first user frames; library frames are folded into a count. */
  private stackLine(stack: StackFrame[]): string {
    const user = stack.filter((f) => f.user).slice(0, this.options.maxStackFrames);
    const frames = user.length ? user : stack.slice(0, 1);
    const shown = frames.map((f) => `${f.function === null ? '<anonymous>' : visible(f.function)} (${f.file ? this.where(f.file) : '?'}${f.line !== null ? `:${f.line}` : ''}${f.column !== null ? `:${f.column}` : ''})`);
    const hidden = stack.length - frames.length;
    return shown.join(' ← ') + (hidden > 0 ? this.style('dim', ` (+${hidden} more frame${hidden === 1 ? '' : 's'})`) : '');
  }

  /** The run's post-mortem (src/cli/postmortem-lines.ts), when it ended in an exception. */
  private postmortemLines(): string[] {
    const model = this.options.model ?? this.ownModel!;
    if (!model.postmortem) return [];
    return postmortemLines(model.postmortem, postmortemContext(model), { style: (style, text) => this.style(style, text), where: (file) => this.where(file) });
  }

  private noticeLine(notice: NoticeEvent): string {
    const label = notice.level === 'error' ? this.style('red', 'error:') : notice.level === 'warning' ? this.style('yellow', 'warning:') : this.style('dim', 'note:');
    return `${label} ${visible(notice.message)}`;
  }

  private exitLine(exit: ExitEvent): string {
    return this.style(exitOutcome(exit) === 'failed' ? 'red' : 'bold', visible(describeExit(exit)));
  }

  /** A file of the trace, relative to cwd when inside it, safe to print. */
  private where(file: string): string {
    return visible(this.shortFile(file));
  }

  private shortFile(file: string): string {
    let absolute = file;
    try {
      if (file.startsWith('file://')) absolute = fileURLToPath(file);
    } catch {
      return file; // not a URL Node can turn into a path: shown as written
    }
    return path.isAbsolute(absolute) ? relativeIfInside(absolute, this.options.cwd) : file;
  }

}

/** The CLI's exit code for a finished run (see docs/cli.md). */
export function exitCodeForRun(model: RunModel): number {
  const { exit, notices } = model;
  if (notices.some((n) => n.code === 'script-not-found')) return EXIT_CODES.scriptNotFound;
  if (!exit || notices.some((n) => n.code === 'spawn-failed' || n.code === 'no-runtime')) return EXIT_CODES.internal;
  if (exit.stoppedBy === 'limit') return 0;
  if (exit.stoppedBy === 'user') return EXIT_CODES.interrupted;
  if (exit.code !== null) return exit.code;
  if (exit.signal) return 128 + ((osConstants.signals as Record<string, number>)[exit.signal] ?? 0);
  return EXIT_CODES.internal;
}

export const EXIT_CODES = {
  usage: 64,
  badTrace: 65,
  scriptNotFound: 66,
  internal: 70,
  cannotWriteTrace: 73,
  interrupted: 130,
} as const;

/** An absolute path relative to `cwd` when it lies inside it, else as it is. */
export function relativeIfInside(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
