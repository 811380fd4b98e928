/**
 * A first-come, first-served lock. `acquire()` resolves with a release function once every
 * earlier holder has released.
 */
export class ExclusiveLock {
  private tail: Promise<void> = Promise.resolve();
  private outstanding = 0;

  /** Callers holding the lock or waiting for it (the metrics show the embedded session's use). */
  get pending(): number {
    return this.outstanding;
  }

  acquire(): Promise<() => void> {
    let release!: () => void;
    this.outstanding += 1;
    const released = new Promise<void>((resolve) => {
      release = () => {
        this.outstanding -= 1;
        resolve();
      };
    });
    const granted = this.tail.then(() => onceOnly(release));
    this.tail = this.tail.then(() => released);
    return granted;
  }
}

function onceOnly(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
