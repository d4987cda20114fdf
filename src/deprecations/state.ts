import type Database from 'better-sqlite3';
import { DeprecationRow } from './schema.js';

type Db = Database.Database;

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
export function loadSourceState(db: Db, source: string): SourceState {
  const meta = db
    .prepare('SELECT first_ok_at, consecutive_failures FROM deprecation_sources WHERE source = ?')
    .get(source) as { first_ok_at: string | null; consecutive_failures: number } | undefined;
  const rows = new Map<string, DeprecationRow>();
  const stored = db.prepare('SELECT row_key, row FROM deprecation_rows WHERE source = ? ORDER BY rowid').all(source) as {
    row_key: string;
    row: string;
  }[];
  for (const r of stored) {
    const parsed = DeprecationRow.safeParse(JSON.parse(r.row));
    if (parsed.success) rows.set(r.row_key, parsed.data);
  }
  return { seenBefore: meta?.first_ok_at != null, consecutiveFailures: meta?.consecutive_failures ?? 0, rows };
}

/** Counts a failed fetch and returns the new number of failures in a row. */
export function recordFailure(db: Db, source: string, error: string): number {
  db.prepare(
    `INSERT INTO deprecation_sources (source, consecutive_failures, last_error) VALUES (?, 1, ?)
     ON CONFLICT (source) DO UPDATE SET consecutive_failures = consecutive_failures + 1, last_error = excluded.last_error`,
  ).run(source, error);
  const row = db.prepare('SELECT consecutive_failures FROM deprecation_sources WHERE source = ?').get(source) as {
    consecutive_failures: number;
  };
  return row.consecutive_failures;
}

/** Stores a successful read: the rows replace the previous ones, the failure counter resets. */
export function recordRows(db: Db, source: string, keyed: Map<string, DeprecationRow>, now: Date): void {
  const at = now.toISOString();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO deprecation_sources (source, first_ok_at, last_ok_at, consecutive_failures, last_error)
       VALUES (?, ?, ?, 0, NULL)
       ON CONFLICT (source) DO UPDATE SET first_ok_at = COALESCE(first_ok_at, excluded.first_ok_at),
         last_ok_at = excluded.last_ok_at, consecutive_failures = 0, last_error = NULL`,
    ).run(source, at, at);
    const firstSeen = new Map(
      (db.prepare('SELECT row_key, first_seen FROM deprecation_rows WHERE source = ?').all(source) as {
        row_key: string;
        first_seen: string;
      }[]).map((r) => [r.row_key, r.first_seen]),
    );
    db.prepare('DELETE FROM deprecation_rows WHERE source = ?').run(source);
    const insert = db.prepare(
      'INSERT INTO deprecation_rows (source, row_key, model_id, row, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const [key, row] of keyed) insert.run(source, key, row.modelId, JSON.stringify(row), firstSeen.get(key) ?? at, at);
  })();
}

/** A parse failure is not a fetch failure, but the page was reached: the fetch counter resets. */
export function recordReached(db: Db, source: string, error: string): void {
  db.prepare(
    `INSERT INTO deprecation_sources (source, consecutive_failures, last_error) VALUES (?, 0, ?)
     ON CONFLICT (source) DO UPDATE SET consecutive_failures = 0, last_error = excluded.last_error`,
  ).run(source, error);
}

/** Marks (target, model) as announced for a source; true when it had not been before. */
export function markAnnounced(db: Db, source: string, target: string, modelId: string, now: Date): boolean {
  const r = db
    .prepare('INSERT OR IGNORE INTO deprecation_announced (source, target, model_id, announced_at) VALUES (?, ?, ?, ?)')
    .run(source, target, modelId, now.toISOString());
  return r.changes > 0;
}

/** True when the (target, model) pair was announced for this source before. */
export function wasAnnounced(db: Db, source: string, target: string, modelId: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM deprecation_announced WHERE source = ? AND target = ? AND model_id = ?')
      .get(source, target, modelId) !== undefined
  );
}

/** Records reminder thresholds as sent; returns those not sent before. */
export function markReminders(db: Db, target: string, modelId: string, shutdownIso: string, days: number[], now: Date): number[] {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO deprecation_reminders (target, model_id, shutdown, days, sent_at) VALUES (?, ?, ?, ?, ?)',
  );
  return days.filter((d) => insert.run(target, modelId, shutdownIso, d, now.toISOString()).changes > 0);
}
