/** A counting semaphore: at most `limit` holders; waiters are served in arrival order. */
export interface Semaphore {
  /** Resolves with a release function once a slot is free, or with null when the signal aborts first. */
  acquire(signal?: AbortSignal): Promise<(() => void) | null>;
  /** Holders right now. */
  active(): number;
  /** Callers waiting for a slot. */
  waiting(): number;
  /** Changes the limit (config reload); waiters are served when the limit grows. */
  setLimit(limit: number): void;
}

export function createSemaphore(initialLimit: number): Semaphore {
  let limit = Math.max(1, initialLimit);
  let held = 0;
  const queue: { grant: (release: () => void) => void }[] = [];

  const release = (): void => {
    held -= 1;
    pump();
  };
  const makeRelease = (): (() => void) => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
    };
  };
  const pump = (): void => {
    while (held < limit && queue.length > 0) {
      const next = queue.shift();
      if (!next) break;
      held += 1;
      next.grant(makeRelease());
    }
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.resolve(null);
      if (held < limit && queue.length === 0) {
        held += 1;
        return Promise.resolve(makeRelease());
      }
      return new Promise((resolve) => {
        const waiter = {
          grant: (r: () => void) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(r);
          },
        };
        const onAbort = (): void => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          resolve(null);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
      });
    },
    active: () => held,
    waiting: () => queue.length,
    setLimit(next) {
      limit = Math.max(1, next);
      pump();
    },
  };
}
