import type { Migration } from '../storage/index.js';

/** The deprecation watch's tables: sources, last-seen rows, announcements, reminders. Ids 03xx. */
export const deprecationMigrations: Migration[] = [
  {
    id: '0300-deprecations',
    sql: `
      CREATE TABLE deprecation_sources (
        source TEXT PRIMARY KEY,
        first_ok_at TEXT,
        last_ok_at TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      );
      CREATE TABLE deprecation_rows (
        source TEXT NOT NULL,
        row_key TEXT NOT NULL,
        model_id TEXT NOT NULL,
        row TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        PRIMARY KEY (source, row_key)
      );
      CREATE TABLE deprecation_announced (
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        model_id TEXT NOT NULL,
        announced_at TEXT NOT NULL,
        PRIMARY KEY (source, target, model_id)
      );
      CREATE TABLE deprecation_reminders (
        target TEXT NOT NULL,
        model_id TEXT NOT NULL,
        shutdown TEXT NOT NULL,
        days INTEGER NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (target, model_id, shutdown, days)
      );
    `,
  },
  {
    // Rows were read back in insertion (rowid) order; PostgreSQL has no rowid, so the order is a column.
    id: '0301-deprecation-row-position',
    sql: {
      sqlite: `
      ALTER TABLE deprecation_rows ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
      UPDATE deprecation_rows SET position = rowid;
    `,
      postgres: `ALTER TABLE deprecation_rows ADD COLUMN position BIGINT NOT NULL DEFAULT 0;`,
    },
  },
];
