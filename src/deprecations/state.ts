import type { Sql } from '../storage/index.js';
import { DeprecationRow } from './schema.js';

/** What the state database remembers about one source (table `deprecation_sources`). */
export interface SourceState {
  /** False until the source has once been read successfully: its first rows are not news. */
  seenBefore: boolean;
  /** Fetch failures in a row since the last successful read. */
  consecutiveFailures: number;
  /** Rows stored at the last successful read, by row key. */
  rows: Map<string, DeprecationRow>;
}

/** Reads a source's state; rows that no longer pass the schema are dropped (they re-appear as new). */
export async function loadSourceState(db: Sql, source: string): Promise<SourceState> {
  const meta = await db.get<{ first_ok_at: string | null; consecutive_failures: number }>(
    'SELECT first_ok_at, consecutive_failures FROM deprecation_sources WHERE source = ?',
    [source],
  );
  const rows = new Map<string, DeprecationRow>();
  const stored = await db.query<{ row_key: string; row: string }>(
    'SELECT row_key, "row" FROM deprecation_rows WHERE source = ? ORDER BY position',
    [source],
  );
  for (const r of stored) {
    const parsed = DeprecationRow.safeParse(JSON.parse(r.row));
    if (parsed.success) rows.set(r.row_key, parsed.data);
  }
  return { seenBefore: meta?.first_ok_at != null, consecutiveFailures: meta?.consecutive_failures ?? 0, rows };
}

/** Counts a failed fetch and returns the new number of failures in a row. */
export async function recordFailure(db: Sql, source: string, error: string): Promise<number> {
  const row = await db.get<{ consecutive_failures: number }>(
    `INSERT INTO deprecation_sources (source, consecutive_failures, last_error) VALUES (?, 1, ?)
     ON CONFLICT (source) DO UPDATE SET consecutive_failures = deprecation_sources.consecutive_failures + 1,
       last_error = excluded.last_error
     RETURNING consecutive_failures`,
    [source, error],
  );
  return row?.consecutive_failures ?? 1;
}

/** Stores a successful read: the rows replace the previous ones, the failure counter resets. */
export async function recordRows(db: Sql, source: string, keyed: Map<string, DeprecationRow>, now: Date): Promise<void> {
  const at = now.toISOString();
  await db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO deprecation_sources (source, first_ok_at, last_ok_at, consecutive_failures, last_error)
       VALUES (?, ?, ?, 0, NULL)
       ON CONFLICT (source) DO UPDATE SET first_ok_at = COALESCE(deprecation_sources.first_ok_at, excluded.first_ok_at),
         last_ok_at = excluded.last_ok_at, consecutive_failures = 0, last_error = NULL`,
      [source, at, at],
    );
    const firstSeen = new Map(
      (await tx.query<{ row_key: string; first_seen: string }>('SELECT row_key, first_seen FROM deprecation_rows WHERE source = ?', [source])).map(
        (r) => [r.row_key, r.first_seen],
      ),
    );
    await tx.run('DELETE FROM deprecation_rows WHERE source = ?', [source]);
    let position = 0;
    for (const [key, row] of keyed) {
      await tx.run(
        'INSERT INTO deprecation_rows (source, row_key, model_id, "row", first_seen, last_seen, position) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [source, key, row.modelId, JSON.stringify(row), firstSeen.get(key) ?? at, at, position++],
      );
    }
  });
}

/** A parse failure is not a fetch failure, but the page was reached: the fetch counter resets. */
export async function recordReached(db: Sql, source: string, error: string): Promise<void> {
  await db.run(
    `INSERT INTO deprecation_sources (source, consecutive_failures, last_error) VALUES (?, 0, ?)
     ON CONFLICT (source) DO UPDATE SET consecutive_failures = 0, last_error = excluded.last_error`,
    [source, error],
  );
}

/** Marks (target, model) as announced for a source; true when it had not been before. */
export async function markAnnounced(db: Sql, source: string, target: string, modelId: string, now: Date): Promise<boolean> {
  const r = await db.run(
    'INSERT INTO deprecation_announced (source, target, model_id, announced_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    [source, target, modelId, now.toISOString()],
  );
  return r.changes > 0;
}

/** True when the (target, model) pair was announced for this source before. */
export async function wasAnnounced(db: Sql, source: string, target: string, modelId: string): Promise<boolean> {
  const row = await db.get('SELECT 1 AS one FROM deprecation_announced WHERE source = ? AND target = ? AND model_id = ?', [source, target, modelId]);
  return row !== undefined;
}

/** Records reminder thresholds as sent; returns those not sent before. */
export async function markReminders(db: Sql, target: string, modelId: string, shutdownIso: string, days: number[], now: Date): Promise<number[]> {
  const fresh: number[] = [];
  for (const d of days) {
    const r = await db.run(
      'INSERT INTO deprecation_reminders (target, model_id, shutdown, days, sent_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [target, modelId, shutdownIso, d, now.toISOString()],
    );
    if (r.changes > 0) fresh.push(d);
  }
  return fresh;
}
