import { applyMigrations } from './migrate.js';
import { openSqlite } from './sqlite.js';
import type { Migration, Storage } from './types.js';

export type { Dialect, Migration, RunResult, Sql, SqlValue, Storage } from './types.js';
export { applyMigrations, migrationSql } from './migrate.js';
export { STATE_FILE } from './sqlite.js';
export { SINGLE_WRITER_EPOCH, singleWriterFence, type Fence, type Fenced } from './fence.js';

/** Where the state lives: the embedded SQLite file in a directory, or a PostgreSQL database. */
export type StorageLocation = { type: 'sqlite'; dir: string } | { type: 'postgres'; url: string };

/** Opens the state database and applies the given migrations (each area passes its own). */
export async function openStorage(
  location: StorageLocation,
  migrations: readonly Migration[],
  opts: { onIdleError?: (err: Error) => void } = {},
): Promise<Storage> {
  if (location.type === 'sqlite') return openSqlite(location.dir, migrations);
  // Loaded only here: pg costs every SQLite run (each `tripline check`) about 100 ms of start-up.
  const { openPostgres } = await import('./postgres.js');
  const storage = await openPostgres({ url: location.url, ...(opts.onIdleError ? { onIdleError: opts.onIdleError } : {}) });
  try {
    await applyMigrations(storage, migrations);
  } catch (err) {
    await storage.close();
    throw err;
  }
  return storage;
}
