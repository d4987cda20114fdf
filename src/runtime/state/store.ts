import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TriplineError } from '../../domain/errors.js';
import { migrations } from './migrations.js';

export type Db = Database.Database;

/** The embedded state database: run history, statistical state, alerts, outbox, deprecation rows. */
export interface StateStore {
  readonly db: Db;
  close(): void;
}

/** Opens (creating) `<stateDir>/tripline.db` in WAL mode and applies pending migrations in order. */
export function openStateStore(stateDir: string): StateStore {
  let db: Db;
  try {
    mkdirSync(stateDir, { recursive: true });
    db = new Database(join(stateDir, 'tripline.db'));
  } catch (cause) {
    throw new TriplineError('STATE_IO', `cannot open state database in ${stateDir}`, { cause });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  applyMigrations(db);
  reusePreparedStatements(db);
  return { db, close: () => db.close() };
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
