import type { Dialect, Migration, Storage } from './types.js';

/** Arbitrary constant: the advisory lock replicas take while one of them migrates. */
const MIGRATION_LOCK = 0x7472_6970;

/** The migration's text for `dialect`; shared text gets PostgreSQL's wider integer and float types. */
export function migrationSql(m: Migration, dialect: Dialect): string {
  if (typeof m.sql !== 'string') return m.sql[dialect];
  if (dialect === 'sqlite') return m.sql;
  return m.sql.replace(/\bINTEGER\b/g, 'BIGINT').replace(/\bREAL\b/g, 'DOUBLE PRECISION');
}

/**
 * Applies pending migrations in id order, all in one transaction. On PostgreSQL an advisory lock
 * serializes replicas that start together; SQLite's write lock does the same for processes.
 */
export async function applyMigrations(storage: Storage, migrations: readonly Migration[]): Promise<void> {
  const ordered = [...migrations].sort((a, b) => a.id.localeCompare(b.id));
  const ids = new Set<string>();
  for (const m of ordered) {
    if (ids.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    ids.add(m.id);
  }
  await storage.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id));
    for (const m of ordered) {
      if (applied.has(m.id)) continue;
      await tx.exec(migrationSql(m, tx.dialect));
      await tx.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [m.id, new Date().toISOString()]);
    }
  });
}
