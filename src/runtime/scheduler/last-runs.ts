import { singleWriterFence, type Fence, type Sql } from '../../storage/index.js';

/** What the scheduler remembers of one job across restarts. */
export interface LastRunRow {
  /** Job key, `target|canary` for canary pairs. */
  key: string;
  /** The expression the row was written under; a changed schedule ignores the row. */
  schedule: string;
  /** Epoch ms the last run started, null when it never ran. */
  lastRunAt: number | null;
  /** Epoch ms of the slot the job is next due at (without jitter). */
  nextDueAt: number;
}

/** One run's claim on its slot: it may run, the slot already ran, or this process no longer leads. */
export type SlotClaim = 'claimed' | 'taken' | 'fenced';

/** What `claim` records for a run about to start. */
export interface SlotClaimInput {
  key: string;
  schedule: string;
  /** The cron slot (epoch ms) the run belongs to. */
  slotAt: number;
  startedAt: number;
  nextDueAt: number;
}

/** Persistence of last-run and next-due times (`scheduler_last_runs`) and of slot claims (`run_slots`). */
export interface LastRunStore {
  /** Every row, by key. */
  load(): Promise<Map<string, LastRunRow>>;
  /**
   * Claims (job, slot) under the fence and, when the claim is new, records that the run started and
   * when the job is next due, in the same transaction.
   */
  claim(input: SlotClaimInput): Promise<SlotClaim>;
  /** Records rows for jobs seen for the first time, so downtime before their first run is noticed. */
  seed(rows: { key: string; schedule: string; nextDueAt: number }[]): Promise<void>;
}

/**
 * How long a slot's claim is kept. A claim only has to outlive the moments when a second run of its
 * slot could be attempted (a failover, a restart's catch-up), which are minutes; `runs.slot_at`
 * keeps the lasting record. Pruned per job at most once per this period, so that rows stay
 * bounded (about two periods of slots per job) without a delete on every run.
 */
export const SLOT_CLAIM_RETENTION_MS = 600_000;

interface RowShape {
  key: string;
  schedule: string;
  last_run_at: number | null;
  next_due_at: number;
}

export function createLastRunStore(db: Sql, fence: Fence = singleWriterFence(db)): LastRunStore {
  const upsert = `INSERT INTO scheduler_last_runs (key, schedule, last_run_at, next_due_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET schedule = excluded.schedule, last_run_at = excluded.last_run_at,
       next_due_at = excluded.next_due_at`;
  const insertNew = `INSERT INTO scheduler_last_runs (key, schedule, last_run_at, next_due_at) VALUES (?, ?, NULL, ?)
     ON CONFLICT(key) DO UPDATE SET schedule = excluded.schedule, next_due_at = excluded.next_due_at
     WHERE scheduler_last_runs.schedule <> excluded.schedule`;
  const insertClaim = 'INSERT INTO run_slots (job, slot_at, epoch, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT (job, slot_at) DO NOTHING';
  const pruneClaims = 'DELETE FROM run_slots WHERE job = ? AND slot_at < ?';
  const prunedAt = new Map<string, number>();
  return {
    async load() {
      const rows = await db.query<RowShape>('SELECT key, schedule, last_run_at, next_due_at FROM scheduler_last_runs');
      return new Map(
        rows.map((r) => [r.key, { key: r.key, schedule: r.schedule, lastRunAt: r.last_run_at, nextDueAt: r.next_due_at }]),
      );
    },
    async claim(c) {
      const epoch = fence.epoch();
      const out = await fence.write((db) => db.transaction(async (tx) => {
        // The unique key decides: a conflict means this slot already ran (a previous leader ran it).
        if ((await tx.run(insertClaim, [c.key, c.slotAt, epoch, c.startedAt])).changes !== 1) return 'taken' as const;
        await tx.run(upsert, [c.key, c.schedule, c.startedAt, c.nextDueAt]);
        if (c.slotAt - (prunedAt.get(c.key) ?? Number.NEGATIVE_INFINITY) >= SLOT_CLAIM_RETENTION_MS) {
          await tx.run(pruneClaims, [c.key, c.slotAt - SLOT_CLAIM_RETENTION_MS]);
          prunedAt.set(c.key, c.slotAt);
        }
        return 'claimed' as const;
      }));
      return out.ok ? out.value : 'fenced';
    },
    async seed(rows) {
      await db.transaction(async (tx) => {
        for (const r of rows) await tx.run(insertNew, [r.key, r.schedule, r.nextDueAt]);
      });
    },
  };
}
