import type { Sql } from './types.js';

/**
 * What a fenced write did: the callback's value, or a refusal because this process no longer holds
 * the current leader epoch (a newer leader took over). A refusal is an expected outcome, not an
 * error: the caller skips what depended on the write, and the fence tells its owner to step down.
 */
export type Fenced<T> = { ok: true; value: T } | { ok: false; epoch: number | null; current: number | null };

/**
 * The guard of every write that decides what is sent or run: outbox claims and deliveries, run-slot
 * claims, runs, probe state, finding streaks and alert transitions. `write` checks the epoch and
 * runs the callback in one transaction, so a write is either made by the current leader or not
 * made at all (docs/storage.md, "Fencing").
 */
export interface Fence {
  /** The epoch this process writes under; null while it does not lead. */
  epoch(): number | null;
  /**
   * Runs `fn` when this process holds the current epoch; refuses otherwise. On the epoch fence `fn`
   * runs inside the check's transaction; statements that must commit together open
   * `tx.transaction` (it joins that one, and is the only transaction on a single-writer fence).
   */
  write<T>(fn: (tx: Sql) => Promise<T>): Promise<Fenced<T>>;
}

/** The epoch of a state with one writer (SQLite: its file lock admits one process). */
export const SINGLE_WRITER_EPOCH = 0;

/**
 * The fence of a single-writer state: SQLite's lock file already keeps a second writer out, so the
 * epoch is a constant and every write is admitted, on the handle as it is (no transaction added:
 * the hot path stays what it was). One-shot commands use it too.
 */
export function singleWriterFence(db: Sql): Fence {
  return {
    epoch: () => SINGLE_WRITER_EPOCH,
    write: async (fn) => ({ ok: true, value: await fn(db) }),
  };
}
