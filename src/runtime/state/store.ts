import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { migrations } from './migrations.js';
import { openStateDatabase } from './open-db.js';
import { stateErrorOf } from './state-errors.js';

export type Db = Database.Database;

/** The embedded state database: run history, statistical state, alerts, outbox, deprecation rows. */
export interface StateStore {
  readonly db: Db;
  close(): void;
}

/** The state database's file name inside `stateDir`. */
export const STATE_FILE = 'tripline.db';

/**
 * Opens `<stateDir>/tripline.db` in WAL mode and applies pending migrations in order. A missing
 * file is created; one that is empty, corrupt or not writable is a StateError (exit 2), never a
 * silent fresh start (see open-db.ts).
 */
export function openStateStore(stateDir: string): StateStore {
  const path = join(stateDir, STATE_FILE);
  const db = openStateDatabase(path, applyMigrations);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db);
    probeWrite(db);
  } catch (cause) {
    db.close();
    throw stateErrorOf(path, cause);
  }
  reusePreparedStatements(db);
  return { db, close: () => db.close() };
}

/** A read-only file or mount opens fine and fails on the first write: find out now, not mid-cycle. */
function probeWrite(db: Db): void {
  db.prepare('INSERT INTO runtime_health (id, checked_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at').run(
    Date.now(),
  );
}

/** Distinct SQL texts kept prepared; beyond this (dynamic SQL gone wrong) statements are not cached. */
const MAX_STATEMENTS = 512;

/**
 * Makes `db.prepare` return one statement per SQL text for the life of the connection. The daemon
 * runs the same few statements thousands of times an hour; each fresh preparation costs CPU and
 * native memory that is only freed when V8 gets round to collecting the small JS wrapper. A shared
 * statement must not have its mode changed (pluck, raw, expand) unless every user of that SQL does.
 */
function reusePreparedStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  const cached = (source: string): Database.Statement => {
    const known = statements.get(source);
    if (known) return known;
    const statement = prepare(source);
    if (statements.size < MAX_STATEMENTS) statements.set(source, statement);
    return statement;
  };
  db.prepare = cached as Db['prepare'];
}

function applyMigrations(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    db
      .prepare('SELECT id FROM schema_migrations')
      .all()
      .map((r) => (r as { id: string }).id),
  );
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const m of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, new Date().toISOString());
    })();
  }
}
