import { Clock } from '../../server/src/modules/clock/clock.js';

interface PendingTimer {
  at: number;
  fn: () => void;
}

/**
 * A clock that stands still until the test moves it, at the rate the test says it runs.
 *
 * Its timers fire when the test moves the clock to or past their instant, never on their own:
 * a test of a boundary (an agenda item ending, a block closing) sets the clock there and waits
 * for what the boundary causes, instead of sleeping until a real-time timer wakes. One clock may
 * be passed to several app instances in one process; moving it fires the timers of all.
 */
export class ManualClock extends Clock {
  readonly mode = 'rehearsal' as const;
  private ms: number;
  private readonly timers = new Set<PendingTimer>();
  private readonly setWaiters: ((at: Date) => void)[] = [];

  constructor(
    start: Date,
    readonly rate = 1,
  ) {
    super();
    this.ms = start.getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(seconds: number): void {
    this.moveTo(this.ms + seconds * 1000);
  }

  set(at: Date): void {
    this.moveTo(at.getTime());
  }

  /** As `Clock.setTimer`, on this clock's time: `fn` runs once the test moves the clock to `at`. */
  override setTimer(at: Date, fn: () => void): () => void {
    const target = at.getTime();
    if (Number.isNaN(target)) throw new RangeError('Clock.setTimer: invalid instant');
    const timer: PendingTimer = { at: target, fn };
    this.timers.add(timer);
    for (const resolve of this.setWaiters.splice(0)) resolve(new Date(target));
    // Already due: still asynchronously, as the contract says.
    if (target <= this.ms) this.fireDue();
    return () => void this.timers.delete(timer);
  }

  /**
   * Resolves with the instant of the next timer anyone sets from now on. Moving the clock past a
   * boundary whose timer has not been set again yet would skip the next one; wait for this first.
   */
  nextTimerSet(): Promise<Date> {
    return new Promise((resolve) => this.setWaiters.push(resolve));
  }

  /** The instants of the timers waiting to fire, earliest first. */
  pendingTimers(): Date[] {
    return [...this.timers]
      .map((t) => t.at)
      .sort((a, b) => a - b)
      .map((ms) => new Date(ms));
  }

  private moveTo(ms: number): void {
    this.ms = ms;
    this.fireDue();
  }

  private fireDue(): void {
    const due = [...this.timers].filter((t) => t.at <= this.ms).sort((a, b) => a.at - b.at);
    for (const timer of due) {
      // Never synchronously: the caller of setTimer may store its cancel function first, and a
      // timer cancelled meanwhile does not fire.
      setImmediate(() => {
        if (this.timers.delete(timer)) timer.fn();
      });
    }
  }
}
