import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { emptyStateError, stateErrorOf } from './state-errors.js';

type Db = Database.Database;

/**
 * Opens the state database at `path`, which must be usable: a file that is empty, not a database,
 * corrupt or not writable is a StateError naming it, never a fresh start. A new database is built
 * under a temporary name by `create` (schema included) and renamed into place, so an existing
 * file is never legitimately empty.
 */
export async function openStateDatabase(path: string, create: (db: Db) => Promise<void>): Promise<Db> {
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (cause) {
    throw stateErrorOf(folder, cause);
  }
  if (!existsSync(path)) await createDatabase(path, create);
  else if (statSync(path).size === 0) throw emptyStateError(path);
  let db: Db | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    checkIntegrity(db);
    return db;
  } catch (cause) {
    db?.close();
    throw stateErrorOf(path, cause);
  }
}

/** `PRAGMA quick_check`: reads every page, so a truncated or overwritten file is caught at open, not mid-cycle. */
function checkIntegrity(db: Db): void {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) {
    throw Object.assign(new Error(problems.slice(0, 3).join('; ')), { code: 'SQLITE_CORRUPT' });
  }
}

async function createDatabase(path: string, create: (db: Db) => Promise<void>): Promise<void> {
  const fresh = `${path}.new`;
  rmSync(fresh, { force: true });
  rmSync(`${fresh}-journal`, { force: true });
  try {
    const db = new Database(fresh);
    try {
      await create(db);
    } finally {
      db.close();
    }
    renameSync(fresh, path);
  } catch (cause) {
    rmSync(fresh, { force: true });
    throw stateErrorOf(path, cause);
  }
}
