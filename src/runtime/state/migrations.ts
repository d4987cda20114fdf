/**
 * Versioned schema changes, applied once each in id order. Ids are prefixed by area so that
 * areas never collide: 01xx runtime, 02xx alerts, 03xx deprecations, 04xx probes.
 * Never edit an applied migration; add a new one.
 */
export interface Migration {
  id: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    id: '0100-runs',
    sql: `
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        target TEXT NOT NULL,
        canary TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        result TEXT NOT NULL,
        requests INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX runs_target_canary ON runs (target, canary, started_at);
      CREATE TABLE probe_state (
        target TEXT NOT NULL,
        canary TEXT NOT NULL,
        probe TEXT NOT NULL,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (target, canary, probe)
      );
      CREATE TABLE finding_streaks (
        key TEXT PRIMARY KEY,
        streak INTEGER NOT NULL,
        last_cycle TEXT NOT NULL,
        finding TEXT NOT NULL
      );
    `,
  },
  {
    id: '0101-scheduler-last-runs',
    sql: `
      CREATE TABLE scheduler_last_runs (
        key TEXT PRIMARY KEY,
        schedule TEXT NOT NULL,
        last_run_at INTEGER,
        next_due_at INTEGER NOT NULL
      );
    `,
  },
  {
    id: '0102-budget-spend',
    sql: `
      CREATE TABLE budget_spend (
        provider TEXT NOT NULL,
        day TEXT NOT NULL,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cost REAL NOT NULL DEFAULT 0,
        exhausted_reported_at TEXT,
        PRIMARY KEY (provider, day)
      );
    `,
  },
  {
    id: '0103-runtime-health',
    sql: `CREATE TABLE runtime_health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at INTEGER NOT NULL);`,
  },
];
