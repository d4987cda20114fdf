import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore, type StateStore } from '../../src/runtime/state/store.js';
import { freshDatabase, NO_POSTGRES, postgresReachable } from '../support/postgres.js';

/** One backend the storage suite runs against: `open` gives a store on the same database each time. */
export interface Backend {
  name: 'sqlite' | 'postgres';
  open(): Promise<StateStore>;
  /** Removes the database (after every store is closed). */
  cleanup(): Promise<void>;
}

/** SQLite in a temporary directory, and PostgreSQL in a fresh database when one is reachable. */
export async function backends(label: string): Promise<Backend[]> {
  const dir = mkdtempSync(join(tmpdir(), `tripline-${label}-`));
  const list: Backend[] = [
    { name: 'sqlite', open: () => openStateStore(dir), cleanup: async () => rmSync(dir, { recursive: true, force: true }) },
  ];
  if (!(await postgresReachable())) {
    console.warn(NO_POSTGRES);
    return list;
  }
  const db = await freshDatabase(label);
  list.push({ name: 'postgres', open: () => openStateStore({ type: 'postgres', url: db.url }), cleanup: () => db.drop() });
  return list;
}
