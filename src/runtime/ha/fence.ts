import type { Fence, Fenced, Sql } from '../../storage/index.js';

const CHECK = 'SELECT epoch FROM leader_epoch WHERE id = 1';

/** The leader epoch's fence on a shared PostgreSQL state, plus taking the epoch on election. */
export interface EpochFence extends Fence {
  /**
   * Called once this process holds the leader lock: bumps the epoch (waiting for every fenced write
   * of the previous leader to end) and writes under the new one from now on. Returns it.
   */
  takeLead(holder: string): Promise<number>;
}

export interface EpochFenceOptions {
  /** Called once, on the first write refused after this process had led: it must step down. */
  onStale: (refused: { epoch: number; current: number | null }) => void;
  now?: () => number;
}

/**
 * A fence on the `leader_epoch` row (migration 0106); the daemon uses it on PostgreSQL (a SQLite
 * state has one writer and keeps the constant epoch, though this fence works there too). Each write first takes a share lock on the row
 * and compares its epoch with ours, in the write's own transaction; the bump on election takes the
 * row's update lock. So the bump waits for fenced writes in flight, and every write that starts
 * after it sees the new epoch: an old leader that was paused (or cut off from its lock connection
 * but not from the database) can no longer claim, deliver, run or transition anything, and its
 * first refused write makes it step down.
 */
export function createEpochFence(db: Sql, opts: EpochFenceOptions): EpochFence {
  const now = opts.now ?? Date.now;
  let mine: number | null = null;
  let stepped = false;
  return {
    epoch: () => mine,
    async takeLead(holder) {
      const row = await db.get<{ epoch: number }>(
        'UPDATE leader_epoch SET epoch = epoch + 1, holder = ?, since = ? WHERE id = 1 RETURNING epoch',
        [holder, now()],
      );
      if (!row) throw new Error('leader_epoch row missing: migration 0106 not applied');
      mine = row.epoch;
      return row.epoch;
    },
    async write<T>(fn: (tx: Sql) => Promise<T>): Promise<Fenced<T>> {
      const epoch = mine;
      const out = await db.transaction(async (tx): Promise<Fenced<T>> => {
        // SQLite's write transaction already excludes every other writer; PostgreSQL needs the row lock.
        const row = await tx.get<{ epoch: number }>(tx.dialect === 'postgres' ? `${CHECK} FOR SHARE` : CHECK);
        const current = row?.epoch ?? null;
        if (epoch === null || current !== epoch) return { ok: false, epoch, current };
        return { ok: true, value: await fn(tx) };
      });
      if (!out.ok && out.epoch !== null && !stepped) {
        stepped = true;
        opts.onStale({ epoch: out.epoch, current: out.current });
      }
      return out;
    },
  };
}
