// Emits the one `limit` event: when every target has been recorded maxCalls times, or when training
// began after every target was called at least once. Only when targets were named.
import { emit } from './event-writer';
import { now } from './clock';
import type { Registry } from './registry';
import { matchesTarget } from '../protocol/runtime-config';
import type { LimitEvent } from '../protocol/events';

export class LimitWatch {
  private done = false;

  /** `beforeStop` runs just before the event that makes the host stop the script (to write what is pending). */
  constructor(private readonly targets: readonly string[], private readonly maxCalls: number, private readonly registry: Registry, private readonly beforeStop?: () => void) {}

  private counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const t of this.targets) counts[t] = 0;
    for (const s of this.registry.traced) {
      for (const t of this.targets) if (matchesTarget(t, s.name, s.site.line, s.info.kind)) counts[t] += s.completed;
    }
    return counts;
  }

  private fire(reason: LimitEvent['reason'], counts: Record<string, number>): void {
    this.done = true;
    this.beforeStop?.();
    emit({ type: 'limit', reason, counts, time: now() });
  }

  /** After each recorded call. */
  afterCall(): void {
    if (this.done || this.targets.length === 0) return;
    const counts = this.counts();
    if (Object.values(counts).every((n) => n >= this.maxCalls)) this.fire('max-calls', counts);
  }

  /** When training begins. */
  trainingStarted(): void {
    if (this.done || this.targets.length === 0) return;
    const counts = this.counts();
    if (Object.values(counts).every((n) => n >= 1)) this.fire('training-started', counts);
  }
}
