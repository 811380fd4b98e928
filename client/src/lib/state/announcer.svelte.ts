// Text for a polite live region, at most once per interval: in a busy Q&A a screen reader
// would otherwise read every new question and never finish a sentence of the page. Items that
// arrive within the interval are summed up in one message when it ends.
export class Announcer<T> {
  /** What the live region shows; a screen reader reads each change. */
  message = $state('');

  readonly #format: (items: T[]) => string;
  readonly #intervalMs: number;
  readonly #clock: () => number;
  #pending: T[] = [];
  #lastAt = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(format: (items: T[]) => string, intervalMs = 10_000, clock: () => number = () => Date.now()) {
    this.#format = format;
    this.#intervalMs = intervalMs;
    this.#clock = clock;
  }

  add(item: T): void {
    this.#pending.push(item);
    if (this.#timer !== undefined) return;
    const wait = this.#lastAt + this.#intervalMs - this.#clock();
    if (wait <= 0) {
      this.#flush();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, wait);
  }

  destroy(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    this.message = this.#format(this.#pending);
    this.#pending = [];
    this.#lastAt = this.#clock();
  }
}
