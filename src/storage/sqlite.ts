import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { createGate } from './gate.js';
import { applyMigrations } from './migrate.js';
import { openStateDatabase } from './sqlite-file.js';
import { stateErrorOf } from './state-errors.js';
import type { Migration, RunResult, Sql, SqlValue, Storage } from './types.js';

/** Distinct SQL texts kept prepared; beyond this (dynamic SQL gone wrong) statements are not cached. */
const MAX_STATEMENTS = 512;

/** The state database's file name inside `stateDir`. */
export const STATE_FILE = 'tripline.db';

/**
 * Opens `<stateDir>/tripline.db` in WAL mode and applies pending migrations in order. A missing
 * file is created; one that is empty, corrupt or not writable is a StateError (exit 2), never a
 * silent fresh start (see sqlite-file.ts).
 */
export async function openSqlite(stateDir: string, migrations: readonly Migration[]): Promise<Storage> {
  const path = join(stateDir, STATE_FILE);
  const db = await openStateDatabase(path, (fresh) => applyMigrations(sqliteStorage(fresh), migrations));
  const storage = sqliteStorage(db);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    await applyMigrations(storage, migrations);
    await probeWrite(storage);
  } catch (cause) {
    db.close();
    throw stateErrorOf(path, cause);
  }
  return storage;
}

/** A read-only file or mount opens fine and fails on the first write: find out now, not mid-cycle. */
async function probeWrite(db: Sql): Promise<void> {
  await db.run('INSERT INTO runtime_health (id, checked_at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET checked_at = excluded.checked_at', [
    Date.now(),
  ]);
}

/**
 * better-sqlite3 behind the async interface. Statements run synchronously and are prepared once
 * per SQL text for the life of the connection (the one statement cache: the daemon runs the same
 * few statements thousands of times an hour, and preparing costs more than running them). The
 * promise around a result costs a microtask, not a thread hop.
 */
export function sqliteStorage(db: Database.Database): Storage {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    const known = statements.get(sql);
    if (known) return known;
    const statement = db.prepare(sql);
    if (statements.size < MAX_STATEMENTS) statements.set(sql, statement);
    return statement;
  };
  const all = (sql: string, params: readonly SqlValue[]): unknown[] => {
    const s = prepare(sql);
    if (s.reader) return s.all(...params);
    s.run(...params);
    return [];
  };
  const write = (sql: string, params: readonly SqlValue[]): RunResult => {
    const s = prepare(sql);
    if (s.reader) return { changes: s.all(...params).length };
    return { changes: s.run(...params).changes };
  };
  const first = (sql: string, params: readonly SqlValue[]): unknown => {
    const s = prepare(sql);
    if (s.reader) return s.get(...params);
    s.run(...params);
    return undefined;
  };

  // Inside a transaction: straight to the connection.
  const tx: Sql = {
    dialect: 'sqlite',
    query: async <T>(sql: string, params: readonly SqlValue[] = []) => all(sql, params) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => first(sql, params) as T | undefined,
    run: async (sql, params = []) => write(sql, params),
    transaction: (fn) => fn(tx),
    exec: async (script) => void db.exec(script),
  };

  // Outside: wait while a transaction holds the single connection, else run at once.
  const gate = createGate();
  const outside = <T>(op: () => T): Promise<T> => {
    if (!gate.idle) return gate.hold(async () => op());
    try {
      return Promise.resolve(op());
    } catch (err) {
      return Promise.reject(err as Error);
    }
  };
  let open = true;
  return {
    dialect: 'sqlite',
    get open() {
      return open && db.open;
    },
    query: <T>(sql: string, params: readonly SqlValue[] = []) => outside(() => all(sql, params) as T[]),
    get: <T>(sql: string, params: readonly SqlValue[] = []) => outside(() => first(sql, params) as T | undefined),
    run: (sql, params = []) => outside(() => write(sql, params)),
    transaction: (fn) =>
      gate.hold(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(tx);
          db.exec('COMMIT');
          return out;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    exec: (script) => outside(() => void db.exec(script)),
    close: async () => {
      if (!open) return;
      open = false;
      await gate.hold(async () => undefined);
      db.close();
    },
  };
}
