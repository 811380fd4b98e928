/**
 * Socket requests being handled right now. Shutdown waits for them: a question acknowledged as
 * stored must be stored, and one being stored must finish before the database closes.
 */
let running = 0;
const idleWaiters = new Set<() => void>();

export async function tracked<T>(work: () => Promise<T>): Promise<T> {
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    if (running === 0) for (const resolve of idleWaiters) resolve();
  }
}

/** Resolves when nothing is in flight, or after `timeoutMs`; says which. */
export function whenIdle(timeoutMs: number): Promise<'idle' | 'timeout'> {
  if (running === 0) return Promise.resolve('idle');
  return new Promise((resolve) => {
    const done = (outcome: 'idle' | 'timeout') => {
      clearTimeout(timer);
      idleWaiters.delete(onIdle);
      resolve(outcome);
    };
    const onIdle = () => done('idle');
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    idleWaiters.add(onIdle);
  });
}
