// The one source of "now" for business rules (DESIGN.md, Time). Either the real clock, or a
// rehearsal clock that replays a past course from a chosen instant, optionally faster.
// Nothing else should call Date.now() or new Date() to decide what is on; ask the Clock.

export type ClockMode = 'real' | 'rehearsal';

/** setTimeout silently fires after ~1 ms for larger delays, so longer waits are re-armed. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Abstract so it can be the Nest injection token: `constructor(private readonly clock: Clock)`.
 */
export abstract class Clock {
  abstract readonly mode: ClockMode;
  /** Clock milliseconds per real millisecond: 1 for the real clock, 60 replays a minute a second. */
  abstract readonly rate: number;

  abstract now(): Date;

  nowMs(): number {
    return this.now().getTime();
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  /** The shape `GET /api/health` reports. */
  snapshot(): { mode: ClockMode; now: string; rate: number } {
    return { mode: this.mode, now: this.nowIso(), rate: this.rate };
  }

  /**
   * Calls `fn` once, as soon as the clock reads `at` or later (at once, but still asynchronously,
   * when `at` has passed). Returns a cancel function; cancelling twice or after firing is harmless.
   *
   * The wait is converted to real time with `rate` and re-checked on every wake-up: a timer can
   * wake a millisecond early and long waits are split, so `fn` never sees a clock before `at`.
   * `fn` is never called synchronously, so a caller may store the cancel function first and
   * re-schedule from inside `fn` without the two stepping on each other.
   */
  setTimer(at: Date, fn: () => void): () => void {
    const target = at.getTime();
    if (Number.isNaN(target)) throw new RangeError('Clock.setTimer: invalid instant');
    let handle: ReturnType<typeof setTimeout> | undefined;
    let done = false;

    const wake = (): void => {
      handle = undefined;
      if (done) return;
      const remaining = target - this.nowMs();
      if (remaining <= 0) {
        done = true;
        fn();
        return;
      }
      arm(remaining);
    };
    const arm = (clockMs: number): void => {
      // ceil: rounding down would wake before `at` and spin on 0 ms re-arms.
      const realMs = Math.min(Math.max(Math.ceil(clockMs / this.rate), 1), MAX_TIMEOUT_MS);
      handle = setTimeout(wake, realMs);
    };

    const remaining = target - this.nowMs();
    if (remaining <= 0) handle = setTimeout(wake, 0);
    else arm(remaining);

    return () => {
      done = true;
      if (handle !== undefined) clearTimeout(handle);
      handle = undefined;
    };
  }
}

export class RealClock extends Clock {
  readonly mode = 'real' as const;
  readonly rate = 1;

  constructor(private readonly realNow: () => number = () => Date.now()) {
    super();
  }

  now(): Date {
    return new Date(this.realNow());
  }
}

/** Clock time = start + (real time elapsed since construction) × rate. */
export class RehearsalClock extends Clock {
  readonly mode = 'rehearsal' as const;
  private readonly startMs: number;
  private readonly realStartedAt: number;

  constructor(
    start: Date,
    readonly rate = 1,
    private readonly realNow: () => number = () => Date.now(),
  ) {
    super();
    if (Number.isNaN(start.getTime())) throw new RangeError('RehearsalClock: invalid start instant');
    if (!Number.isFinite(rate) || rate <= 0)
      throw new RangeError(`RehearsalClock: rate must be > 0, got ${rate}`);
    this.startMs = start.getTime();
    this.realStartedAt = realNow();
  }

  now(): Date {
    // Whole milliseconds, so fractional rates never produce sub-millisecond instants.
    return new Date(Math.floor(this.startMs + (this.realNow() - this.realStartedAt) * this.rate));
  }
}

export function createClock(config: { clockStart: Date | null; clockRate: number }): Clock {
  if (config.clockStart) return new RehearsalClock(config.clockStart, config.clockRate);
  // The real clock cannot run faster; silently ignoring the rate would hide a setup mistake.
  if (config.clockRate !== 1) {
    throw new RangeError(
      `CLOCK_RATE=${config.clockRate} needs CLOCK_START; the real clock always runs at rate 1.`,
    );
  }
  return new RealClock();
}
