/**
 * One transaction at a time per process. Transactions run async callbacks, so without a gate two
 * of them (or a transaction and a plain statement on SQLite's single connection) would interleave.
 * `idle` lets the hot path skip the queue when nothing holds the gate.
 */
export interface Gate {
  /** True when no transaction holds or waits for the gate. */
  readonly idle: boolean;
  /** Runs `fn` once every earlier holder has finished. */
  hold<T>(fn: () => Promise<T>): Promise<T>;
}

export function createGate(): Gate {
  let tail: Promise<void> = Promise.resolve();
  let holders = 0;
  return {
    get idle() {
      return holders === 0;
    },
    async hold(fn) {
      holders += 1;
      const before = tail;
      let release: () => void = () => undefined;
      tail = new Promise<void>((r) => (release = r));
      try {
        await before;
        return await fn();
      } finally {
        holders -= 1;
        release();
      }
    },
  };
}
