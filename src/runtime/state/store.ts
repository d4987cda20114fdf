import { alertMigrations } from '../../alerts/migrations.js';
import { deprecationMigrations } from '../../deprecations/migrations.js';
import { HISTORY_DROP_SPAN_INDEX, HISTORY_MIGRATION } from '../../history/sql.js';
import { openStorage, singleWriterFence, type Fence, type Migration, type Storage, type StorageLocation } from '../../storage/index.js';
import type { StateConfig } from '../../config/state-schema.js';
import { runtimeMigrations } from './migrations.js';

/** Every area's migrations; each area owns its own list (docs/storage.md). */
export const allMigrations: readonly Migration[] = [...runtimeMigrations, ...alertMigrations, ...deprecationMigrations, HISTORY_MIGRATION, HISTORY_DROP_SPAN_INDEX];

/** The state database: run history, statistical state, alerts, outbox, deprecation rows. */
export interface StateStore {
  /** The database handle (src/storage); `db.open` is false once closed. */
  readonly db: Storage;
  /**
   * Guards the writes that decide what is run and sent: the single writer's constant epoch as
   * opened; the daemon replaces it with the leader epoch's fence on a shared PostgreSQL.
   */
  readonly fence: Fence;
  close(): Promise<void>;
}

/** Where the config puts the state: `state.type postgres` with its URL, else SQLite in `stateDir`. */
export function stateLocationOf(config: { stateDir: string; state: StateConfig }): StorageLocation {
  return config.state.type === 'postgres' && config.state.url
    ? { type: 'postgres', url: config.state.url }
    : { type: 'sqlite', dir: config.stateDir };
}

/**
 * Opens the state database (a directory means the embedded `<dir>/tripline.db`) and applies pending
 * migrations in order.
 */
export async function openStateStore(location: StorageLocation | string): Promise<StateStore> {
  const where: StorageLocation = typeof location === 'string' ? { type: 'sqlite', dir: location } : location;
  const db = await openStorage(where, allMigrations);
  return { db, fence: singleWriterFence(db), close: () => db.close() };
}
