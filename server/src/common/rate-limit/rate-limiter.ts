/**
 * Fixed-window counters per key ("participant:<id>:question", "address:<ip>:vote", ...).
 *
 * Rate limits protect the server, so they run on real time, not the business clock: a rehearsal
 * clock at rate 60 must not let anyone ask sixty times faster.
 */
export interface RateRule {
  /** What is limited, for the error message: "questions", "votes". */
  what: string;
  limit: number;
  windowMs: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private lastSweep = 0;

  constructor(private readonly realNow: () => number = () => performance.now()) {}

  take(key: string, rule: RateRule): RateDecision {
    const now = this.realNow();
    this.sweep(now, rule.windowMs);
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= rule.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= rule.limit) {
      return { ok: false, retryAfterMs: Math.ceil(window.startedAt + rule.windowMs - now) };
    }
    window.count += 1;
    return { ok: true };
  }

  /** Forgets finished windows now and then, so memory follows the active keys only. */
  private sweep(now: number, windowMs: number): void {
    if (now - this.lastSweep < Math.max(windowMs, 10_000)) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= 60_000) this.windows.delete(key);
    }
  }
}
