/**
 * A first-come, first-served lock. `acquire()` resolves with a release function once every
 * earlier holder has released.
 */
export class ExclusiveLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
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
