import type { Sql } from '../../storage/index.js';

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

/** Persistence of last-run and next-due times (table `scheduler_last_runs`, migration 0101). */
export interface LastRunStore {
  /** Every row, by key. */
  load(): Promise<Map<string, LastRunRow>>;
  /** Records that a run started and when the job is next due. */
  markStarted(key: string, schedule: string, startedAt: number, nextDueAt: number): Promise<void>;
  /** Records rows for jobs seen for the first time, so downtime before their first run is noticed. */
  seed(rows: { key: string; schedule: string; nextDueAt: number }[]): Promise<void>;
}

interface RowShape {
  key: string;
  schedule: string;
  last_run_at: number | null;
  next_due_at: number;
}

export function createLastRunStore(db: Sql): LastRunStore {
  const upsert = `INSERT INTO scheduler_last_runs (key, schedule, last_run_at, next_due_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET schedule = excluded.schedule, last_run_at = excluded.last_run_at,
       next_due_at = excluded.next_due_at`;
  const insertNew = `INSERT INTO scheduler_last_runs (key, schedule, last_run_at, next_due_at) VALUES (?, ?, NULL, ?)
     ON CONFLICT(key) DO UPDATE SET schedule = excluded.schedule, next_due_at = excluded.next_due_at
     WHERE scheduler_last_runs.schedule <> excluded.schedule`;
  return {
    async load() {
      const rows = await db.query<RowShape>('SELECT key, schedule, last_run_at, next_due_at FROM scheduler_last_runs');
      return new Map(
        rows.map((r) => [r.key, { key: r.key, schedule: r.schedule, lastRunAt: r.last_run_at, nextDueAt: r.next_due_at }]),
      );
    },
    async markStarted(key, schedule, startedAt, nextDueAt) {
      await db.run(upsert, [key, schedule, startedAt, nextDueAt]);
    },
    async seed(rows) {
      await db.transaction(async (tx) => {
        for (const r of rows) await tx.run(insertNew, [r.key, r.schedule, r.nextDueAt]);
      });
    },
  };
}
