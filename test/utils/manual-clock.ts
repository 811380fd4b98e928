import { Clock } from '../../server/src/modules/clock/clock.js';

/** A clock that stands still until the test moves it, at the rate the test says it runs. */
export class ManualClock extends Clock {
  readonly mode = 'rehearsal' as const;
  private ms: number;

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
    this.ms += seconds * 1000;
  }

  set(at: Date): void {
    this.ms = at.getTime();
  }
}
