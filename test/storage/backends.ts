import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageLocation } from '../../src/storage/index.js';
import { openStateStore, type StateStore } from '../../src/runtime/state/store.js';
import { freshDatabase, NO_POSTGRES, postgresReachable } from '../support/postgres.js';

/** One backend the storage suite runs against: `open` gives a store on the same database each time. */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** The database, for specs that open it with fewer migrations (an older schema). */
  location: StorageLocation;
  open(): Promise<StateStore>;
  /** Removes the database (after every store is closed). */
  cleanup(): Promise<void>;
}

/** SQLite in a temporary directory, and PostgreSQL in a fresh database when one is reachable. */
export async function backends(label: string): Promise<Backend[]> {
  const dir = mkdtempSync(join(tmpdir(), `tripline-${label}-`));
  const list: Backend[] = [
    { name: 'sqlite', location: { type: 'sqlite', dir }, open: () => openStateStore(dir), cleanup: async () => rmSync(dir, { recursive: true, force: true }) },
  ];
  if (!(await postgresReachable())) {
    console.warn(NO_POSTGRES);
    return list;
  }
  const db = await freshDatabase(label);
  const location: StorageLocation = { type: 'postgres', url: db.url };
  list.push({ name: 'postgres', location, open: () => openStateStore(location), cleanup: () => db.drop() });
  return list;
}
