// One run as the extension shows it: its state, every event so far, and the events not yet sent to the
// panel, flushed in batches so a chatty script does not flood the webview. No vscode import.
import { EventEmitter } from 'node:events';
import type { TraceEvent } from '../protocol/events';
import type { RunState } from '../protocol/webview-messages';
import type { TraceRun } from '../host/runner';
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
  state: RunState;
  keepRunning: boolean;
  renderedCalls = 0;
  calls = 0;
  readonly events: TraceEvent[] = []; // append-only: snapshots rely on it
  private pending: TraceEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(readonly id: string, readonly title: string, private readonly run: TraceRun | undefined, keepRunning: boolean, state: RunState = 'starting') {
    super();
    this.state = state;
    this.keepRunning = keepRunning;
    run?.on('event', (event: TraceEvent) => this.onEvent(event));
  }

  /** A run restored from the panel's saved state after a reload: over, whatever it was then. */
  static restored(id: string, title: string, events: TraceEvent[], keepRunning: boolean): RunSession {
    const session = new RunSession(id, title, undefined, keepRunning, 'finished');
    session.events.push(...events);
    session.calls = events.filter((e) => e.type === 'call').length;
    return session;
  }

  get pid(): number | undefined {
    return this.run?.pid;
  }

  get live(): boolean {
    return this.state !== 'finished';
  }

  /**
   * The run as it is now. Taken on every batch, so the events are not copied here: `events` is the
   * first `length` of the session's append-only list, copied (once) only when someone reads it.
   */
  snapshot(): RunSnapshot {
    const all = this.events;
    const length = all.length;
    let copy: readonly TraceEvent[] | undefined;
    return {
      id: this.id, state: this.state, pid: this.pid, renderedCalls: this.renderedCalls,
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
    this.keepRunning = true;
    this.emitState();
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

  private onEvent(event: TraceEvent): void {
    this.events.push(event);
    this.pending.push(event);
    if (event.type === 'call') this.calls++;
    if (event.type === 'run' && this.state === 'starting') this.setState('running');
    // The runner stops the child at the limit unless it was told to keep running.
    if (event.type === 'limit' && !this.keepRunning && this.live) this.setState('stopping');
    if (event.type === 'exit') {
      this.flush();
      this.setState('finished');
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
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
    if (this.state === state || this.state === 'finished') return;
    this.state = state;
    this.emitState();
  }

  private emitState(): void {
    this.emit('state');
    this.emit('change');
  }
}
