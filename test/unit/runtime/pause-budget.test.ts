import * as assert from 'node:assert/strict';
import { PauseBudget } from '../../../src/runtime/recorders/pause-budget';

/** Pays for `count` pauses of `ms` each, `every` ms apart from `start`; the index of the first refused, or -1. */
function firstRefused(budget: PauseBudget, count: number, ms: number, every: number, start = 0): number {
  for (let i = 0; i < count; i++) if (!budget.pay(start + i * every, ms)) return i;
  return -1;
}

describe('runtime: the post-mortem\'s pause budget', () => {
  it('lets a TypeScript script\'s start-up burst through, so the error that ends the run still pauses at its throw', () => {
    // ~40 throws caught while tsx resolves paths, on a machine five times slower than the lead's
    assert.equal(firstRefused(new PauseBudget(), 40, 1.5, 10), -1);
    // and a slow snapshot or two on the way (each is taken before it is paid for)
    const budget = new PauseBudget();
    assert.equal(budget.pay(0, 45), true);
    assert.equal(budget.pay(500, 45), true);
  });

  it('stops a loop of 10,000 throws a second within its first 200 pauses', () => {
    const at = firstRefused(new PauseBudget(), 10_000, 0.1, 0.1);
    assert.ok(at > 0 && at <= 200, String(at));
  });

  it('stops pauses of 2 ms at 30 a second once the milliseconds run out (60 ms a second against 20 refilled)', () => {
    const at = firstRefused(new PauseBudget(), 1000, 2, 1000 / 30);
    // 100 ms at once, then 40 ms a second more than refilled: about 2.5 s, the 75th pause or so
    assert.ok(at > 60 && at < 95, String(at));
  });

  it('pays forever for pauses that stay under both rates', () => {
    assert.equal(firstRefused(new PauseBudget(), 5000, 0.5, 40), -1); // 25 a second, 12.5 ms a second, 200 s
  });

  it('once spent, lets through only what its rates refilled since: a loop after a back-off is not given the burst again', () => {
    const budget = new PauseBudget();
    assert.ok(firstRefused(budget, 10_000, 0.1, 0.1) > 0);
    // one second of back-off later: 50 pauses, 20 ms, not 200 and 100 ms
    const again = firstRefused(budget, 10_000, 0.1, 0.1, 1001);
    assert.ok(again > 0 && again <= 51, String(again));
  });

  it('is full after a quiet while, and never fuller', () => {
    const budget = new PauseBudget({ burst: 3, perSecond: 1, burstMs: 100, msPerSecond: 1 });
    assert.equal(firstRefused(budget, 10, 1, 0), 3);
    assert.equal(firstRefused(budget, 10, 1, 0, 60_000), 3);
  });

  it('says its limits in a note', () => {
    assert.equal(new PauseBudget().describe(), 'more than 200 at once or 50 a second, or more than 100 ms of pauses at once or 20 ms a second');
  });
});
