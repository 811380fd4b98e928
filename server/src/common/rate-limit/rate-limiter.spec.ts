import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  const rule = { what: 'questions', limit: 3, windowMs: 60_000 };

  it('admits up to the limit in a window, then says when to retry', () => {
    let now = 1_000;
    const limiter = new RateLimiter(() => now);
    expect([1, 2, 3].map(() => limiter.take('p:1', rule).ok)).toEqual([true, true, true]);
    now += 20_000;
    expect(limiter.take('p:1', rule)).toEqual({ ok: false, retryAfterMs: 40_000 });
    expect(limiter.take('p:2', rule).ok).toBe(true);
    now += 40_000;
    expect(limiter.take('p:1', rule).ok).toBe(true);
  });
});
