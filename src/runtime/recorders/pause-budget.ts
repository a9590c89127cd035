// How much the post-mortem's inspector may pause the program: two budgets that refill with time, one in
// pauses and one in milliseconds paused. A throw-and-catch loop (10,000 a second) spends them within a
// fraction of a second, and the inspector then pauses at uncaught errors only, for a while; after that
// while only what the rates refilled in it is there to spend, so such a loop is slowed by the first
// burst and then by about 2 % (20 ms a second) at the most. What a plain run throws spends little:
// loading a TypeScript script throws and catches ~40 errors in its first second (tsx resolving paths),
// and one snapshot of a deep TF.js stack takes 10–60 ms (more on a busy machine, whose wall clock counts
// the time the thread waits for a core); a snapshot is taken before it is paid for. A budget of so much
// a second and no more, as before, cut the inspector to uncaught errors just before the error that ends
// such a run, which then paused where TF.js rethrew it, without the kernel's operands.
export interface PauseLimits {
  /** Pauses that may come at once, and how many a second refill them. */
  burst: number;
  perSecond: number;
  /** Milliseconds of pauses that may come at once, and how many a second refill them. */
  burstMs: number;
  msPerSecond: number;
}

export const PAUSE_LIMITS: PauseLimits = { burst: 200, perSecond: 50, burstMs: 100, msPerSecond: 20 };

export class PauseBudget {
  private pauses: number;
  private ms: number;
  private last: number | null = null;

  constructor(private readonly limits: PauseLimits = PAUSE_LIMITS) {
    this.pauses = limits.burst;
    this.ms = limits.burstMs;
  }

  /** Pays for a pause that began at `began` (performance.now()) and took `pausedMs`; false once a budget is spent. */
  pay(began: number, pausedMs: number): boolean {
    const seconds = this.last === null ? 0 : Math.max(0, began - this.last) / 1000;
    this.last = began;
    this.pauses = Math.min(this.limits.burst, this.pauses + seconds * this.limits.perSecond) - 1;
    this.ms = Math.min(this.limits.burstMs, this.ms + seconds * this.limits.msPerSecond) - pausedMs;
    return this.pauses >= 0 && this.ms >= 0;
  }

  /** The limits in words, for a note. */
  describe(): string {
    const { burst, perSecond, burstMs, msPerSecond } = this.limits;
    return `more than ${burst} at once or ${perSecond} a second, or more than ${burstMs} ms of pauses at once or ${msPerSecond} ms a second`;
  }
}
