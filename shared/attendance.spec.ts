import { describe, expect, it } from 'vitest';
import { creditBetween, isLive, roundCredits, type CreditBeat, type CreditItem } from './attendance.js';

const T0 = Date.parse('2024-02-22T13:00:00Z');
const s = (seconds: number) => T0 + seconds * 1000;
// Talk A 13:00-13:20, talk B 13:20-13:40, a gap, Q&A 13:45-14:00.
const ITEMS: CreditItem[] = [
  { id: 'a', start: s(0), end: s(1200) },
  { id: 'b', start: s(1200), end: s(2400) },
  { id: 'qa', start: s(2700), end: s(3600) },
];
const REAL = { clockRate: 1, maxLagSeconds: 120 };

/** A beat at `at` seconds, watching `lag` seconds behind the server clock. */
function beat(at: number, lag = 20, playing = true): CreditBeat {
  return { at: s(at), playing, streamTime: s(at - lag) };
}

describe('creditBetween', () => {
  it('credits the time between two playing, live beats to the item on air', () => {
    expect(creditBetween(beat(100), beat(130), ITEMS, REAL)).toEqual({ ms: 30_000, byItem: { a: 30_000 } });
  });

  it('credits nothing for the first beat', () => {
    expect(creditBetween(null, beat(100), ITEMS, REAL)).toEqual({ ms: 0, byItem: {} });
  });

  it.each([
    ['the previous beat paused', beat(100, 20, false), beat(130)],
    ['the current beat paused', beat(100), beat(130, 20, false)],
    ['both paused', beat(100, 20, false), beat(130, 20, false)],
  ])('credits nothing when %s', (_label, previous, current) => {
    expect(creditBetween(previous, current, ITEMS, REAL).ms).toBe(0);
  });

  it('credits a hidden tab that still plays (visibility is logged, not a condition)', () => {
    // The beat shape has no visibility: the rule deliberately ignores it (a listener counts).
    expect(creditBetween(beat(100), beat(130), ITEMS, REAL).ms).toBe(30_000);
  });

  it('credits nothing without a stream time (unknown is not live)', () => {
    const unknown: CreditBeat = { at: s(130), playing: true, streamTime: null };
    expect(creditBetween(beat(100), unknown, ITEMS, REAL).ms).toBe(0);
    expect(creditBetween(unknown, beat(160), ITEMS, REAL).ms).toBe(0);
  });

  it('treats a lag of exactly maxLagSeconds as live and one ms more as a replay', () => {
    expect(creditBetween(beat(200, 120), beat(230, 120), ITEMS, REAL).ms).toBe(30_000);
    const late = { at: s(230), playing: true, streamTime: s(230 - 120) - 1 };
    expect(creditBetween(beat(200, 120), late, ITEMS, REAL).ms).toBe(0);
  });

  it('credits nothing to a replay five minutes behind', () => {
    expect(creditBetween(beat(700, 300), beat(730, 300), ITEMS, REAL).ms).toBe(0);
  });

  it('credits nothing to a stream time far ahead of the clock', () => {
    expect(creditBetween(beat(100, -200), beat(130, -200), ITEMS, REAL).ms).toBe(0);
  });

  it('counts a gap of exactly 2.5 intervals and nothing for a longer one', () => {
    expect(creditBetween(beat(100), beat(175), ITEMS, REAL).ms).toBe(75_000);
    const justOver = { at: s(175) + 1, playing: true, streamTime: s(155) + 1 };
    expect(creditBetween(beat(100), justOver, ITEMS, REAL).ms).toBe(0);
    expect(creditBetween(beat(100), beat(700), ITEMS, REAL).ms).toBe(0);
  });

  it('gives a burst of fast beats only the time that passed', () => {
    const beats = [100, 100.5, 101, 101.5, 102, 102.5].map((t) => beat(t));
    const total = beats
      .slice(1)
      .reduce((sum, current, i) => sum + creditBetween(beats[i], current, ITEMS, REAL).ms, 0);
    expect(total).toBe(2_500);
  });

  it('credits nothing for a beat at the same instant or out of order', () => {
    expect(creditBetween(beat(100), beat(100), ITEMS, REAL).ms).toBe(0);
    expect(creditBetween(beat(130), beat(100), ITEMS, REAL).ms).toBe(0);
  });

  it('splits a span across the boundary between two talks by stream time', () => {
    // Server 13:20:30 with 20 s lag: the stream shows 13:20:10, so the span is 13:20:00-13:20:10.
    expect(creditBetween(beat(1220), beat(1230), ITEMS, REAL)).toEqual({ ms: 10_000, byItem: { b: 10_000 } });
    // Span 13:19:40-13:20:10: twenty seconds of A, ten of B.
    expect(creditBetween(beat(1200), beat(1230), ITEMS, REAL)).toEqual({
      ms: 30_000,
      byItem: { a: 20_000, b: 10_000 },
    });
  });

  it('follows the stream, not the server clock, at a boundary', () => {
    // The server is already in talk B, but a viewer 60 s behind still sees talk A.
    expect(creditBetween(beat(1230, 60), beat(1260, 60), ITEMS, REAL)).toEqual({
      ms: 30_000,
      byItem: { a: 30_000 },
    });
  });

  it('credits no item for stream time between items, and only the overlap at the edge', () => {
    expect(creditBetween(beat(2500), beat(2530), ITEMS, REAL)).toEqual({ ms: 0, byItem: {} });
    // Stream span 13:44:40-13:45:10: only the 10 s after the Q&A starts count.
    expect(creditBetween(beat(2710), beat(2730), ITEMS, REAL)).toEqual({
      ms: 10_000,
      byItem: { qa: 10_000 },
    });
  });

  it('credits ten event seconds per real second on a rehearsal clock at rate 10', () => {
    const rehearsal = { clockRate: 10, maxLagSeconds: 120 };
    // 30 real seconds between beats are 300 event seconds; the viewer lags 20 real s = 200 event s.
    expect(creditBetween(beat(300, 200), beat(600, 200), ITEMS, rehearsal)).toEqual({
      ms: 300_000,
      byItem: { a: 300_000 },
    });
    // The gap limit scales too: 75 real s = 750 event s count, 76 do not.
    expect(creditBetween(beat(300, 200), beat(1050, 200), ITEMS, rehearsal).ms).toBe(750_000);
    expect(creditBetween(beat(300, 200), beat(1060, 200), ITEMS, rehearsal).ms).toBe(0);
    // A replay 5 real minutes behind is 3000 event seconds behind: nothing.
    expect(creditBetween(beat(3300, 3000), beat(3600, 3000), ITEMS, rehearsal).ms).toBe(0);
  });

  it('honours a custom beat interval', () => {
    const fast = { clockRate: 1, maxLagSeconds: 120, beatIntervalSeconds: 10 };
    expect(creditBetween(beat(100), beat(125), ITEMS, fast).ms).toBe(25_000);
    expect(creditBetween(beat(100), beat(126), ITEMS, fast).ms).toBe(0);
  });
});

describe('isLive', () => {
  it('scales the lag limit with the clock rate', () => {
    expect(isLive(beat(1000, 1000), { clockRate: 10, maxLagSeconds: 120 })).toBe(true);
    expect(isLive(beat(1000, 1000), { clockRate: 1, maxLagSeconds: 120 })).toBe(false);
  });
});

describe('roundCredits', () => {
  it.each([
    ['none', 1.234, 1.23],
    ['down-0.25', 1.49, 1.25],
    ['down-0.5', 1.49, 1],
    ['down-0.5', 1.4999999999, 1.5],
    ['nearest-0.5', 1.74, 1.5],
    ['nearest-0.5', 1.75, 2],
  ] as const)('%s rounds %d to %d', (mode, value, expected) => {
    expect(roundCredits(value, mode)).toBe(expected);
  });
});
