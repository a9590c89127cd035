// One run as the extension shows it: its run model (state, limit, calls, training), the events a panel
// needs to catch up (bounded: src/protocol/catch-up.ts), and the events not yet sent to the panel,
// flushed in batches so a chatty script does not flood the webview. Memory stays bounded however long
// the run: the trace file, not the session, keeps every event. No vscode import.
import { EventEmitter } from 'node:events';
import { createCatchUpLog, keepForCatchUp, type CatchUpLog } from '../protocol/catch-up';
import type { TraceEvent } from '../protocol/events';
import { applyEvent, createRunModel, isLive, recordedCalls, setKeepRunning, setRunState, type RunModel, type RunState } from '../protocol/run-model';
import type { TraceRun } from '../host/runner';
import { ShapeIndex } from '../host/shape-index';
import type { RunSnapshot } from './api';

const BATCH_MS = 50;
let counter = 0;

export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${++counter}`;
}

/**
 * Emits 'batch' (events: TraceEvent[]) at most every 50 ms while events arrive, 'state' when state or
 * keepRunning change, and 'change' after either (and when the webview reports what it rendered).
 */
export class RunSession extends EventEmitter {
  readonly model: RunModel;
  renderedCalls = 0;
  panelReceived = { events: 0, steps: 0 };
  /** The view the panel's webview last said it shows after a select-view. */
  panelView: string | undefined;
  /** Where the run's trace (every event) is written; undefined for a run restored after a reload. */
  traceFile: string | undefined;
  /** What a panel that opens now is sent (show-run). */
  readonly catchUp: CatchUpLog = createCatchUpLog();
  /** The run's shape sites and callables by file and line, and its files' hashes, for the editor's hovers and hints. */
  readonly shapeIndex: ShapeIndex;
  private pending: TraceEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly id: string, readonly title: string, private readonly run: TraceRun | undefined, keepRunning: boolean, status: RunState = 'starting') {
    super();
    this.model = createRunModel({ status, keepRunning });
    this.shapeIndex = run ? new ShapeIndex() : new ShapeIndex(null); // restored: today's files are not what ran
    run?.on('event', (event: TraceEvent) => this.onEvent(event));
  }

  /** A run restored from the panel's saved state after a reload: over, whatever it was then. */
  static restored(id: string, title: string, events: TraceEvent[], keepRunning: boolean): RunSession {
    const session = new RunSession(id, title, undefined, keepRunning, 'finished');
    for (const event of events) session.take(event);
    return session;
  }

  /**
   * What a page that shows this run now is sent (show-run): the catch-up list, once the events not yet
   * sent have gone out in a batch. The list already holds those, so a page that gets it must not be
   * sent them again later: a webview that said 'ready' within a batch's 50 ms counted them twice.
   */
  catchUpNow(): readonly TraceEvent[] {
    this.flush();
    return this.catchUp.events;
  }

  /** A stored run's next events, read from its trace in order (streamed in: the panel gets them as a live run's). */
  takeStored(events: readonly TraceEvent[]): void {
    for (const event of events) this.take(event);
    this.emit('change');
  }

  get state(): RunState {
    return this.model.status;
  }

  get keepRunning(): boolean {
    return this.model.keepRunning;
  }

  /** Calls the run recorded so far. */
  get calls(): number {
    return recordedCalls(this.model);
  }

  get pid(): number | undefined {
    return this.run?.pid;
  }

  get live(): boolean {
    return isLive(this.model);
  }

  /** The run, callable, call and post-mortem events the run model keeps: the files and calls a panel's request may name. */
  recordedEvents(): TraceEvent[] {
    const { run, callables, calls, shapes, postmortem } = this.model;
    return [...(run ? [run] : []), ...[...callables.values()].map((c) => c.callable), ...calls, ...[...shapes.sites.values()].map((s) => s.site), ...(postmortem ? [postmortem] : [])];
  }

  /**
   * The run as it is now. Taken on every batch, so the events are not copied here: `events` is the
   * first `length` of the catch-up list as it was (whatever leaves that list makes a new one), copied
   * (once) only when someone reads it.
   */
  snapshot(): RunSnapshot {
    const all = this.catchUp.events;
    const length = all.length;
    let copy: readonly TraceEvent[] | undefined;
    return {
      id: this.id, state: this.state, pid: this.pid, renderedCalls: this.renderedCalls, panelReceived: { ...this.panelReceived }, panelView: this.panelView, model: this.model, traceFile: this.traceFile, shapeIndex: this.shapeIndex,
      get events() {
        copy ??= Object.freeze(all.slice(0, length));
        return copy;
      },
    };
  }

  stop(): Promise<void> {
    if (!this.run || !this.live) return Promise.resolve();
    this.setState('stopping');
    return this.run.stop();
  }

  continuePastLimit(): void {
    if (!this.run || !this.live || this.keepRunning) return;
    this.run.keepRunning();
    setKeepRunning(this.model, true);
    this.emitState();
  }

  /** What the panel's webview reports its run model holds (its latest 'received' message). */
  received(events: number, steps: number): void {
    this.panelReceived = { events, steps };
  }

  /** The webview shows `view` (its view-shown message). */
  viewShown(view: string): void {
    this.panelView = view;
    this.emit('change');
  }

  rendered(calls: number): void {
    if (calls === this.renderedCalls) return;
    this.renderedCalls = calls;
    this.emit('change');
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.removeAllListeners();
  }

  /** The event into the catch-up list and the run model (the run event starts it, the limit stops it unless kept running, the exit ends it). */
  private take(event: TraceEvent): void {
    keepForCatchUp(this.catchUp, this.model, event);
    applyEvent(this.model, event);
    this.shapeIndex.take(event, this.model);
  }

  private onEvent(event: TraceEvent): void {
    this.pending.push(event);
    const before = this.model.status;
    this.take(event);
    if (event.type === 'exit') this.flush(); // the last batch before the state that says it is over
    if (this.model.status !== before) this.emitState();
    if (event.type !== 'exit') this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.length) return;
    const batch = this.pending;
    this.pending = [];
    this.emit('batch', batch);
    this.emit('change');
  }

  private setState(state: RunState): void {
    if (setRunState(this.model, state)) this.emitState();
  }

  private emitState(): void {
    this.emit('state');
    this.emit('change');
  }
}
