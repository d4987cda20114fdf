import { HISTORY_MIGRATION } from '../../history/sql.js';

/**
 * Versioned schema changes, applied once each in id order. Ids are prefixed by area so that
 * areas never collide: 01xx runtime, 02xx alerts, 03xx deprecations, 04xx probes, 05xx history.
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
        runs INTEGER NOT NULL DEFAULT 0,
        exhausted_reported_at TEXT,
        PRIMARY KEY (provider, day)
      );
    `,
  },
  {
    id: '0103-runtime-health',
    sql: `CREATE TABLE runtime_health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at INTEGER NOT NULL);`,
  },
  {
    id: '0200-alerts',
    sql: `
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL,
        state TEXT NOT NULL,
        target TEXT NOT NULL,
        canary TEXT,
        kind TEXT NOT NULL,
        finding TEXT NOT NULL,
        evidence_hash TEXT NOT NULL,
        grouped_targets TEXT,
        window TEXT NOT NULL DEFAULT '',
        absent_cycles INTEGER NOT NULL DEFAULT 0,
        announced INTEGER NOT NULL DEFAULT 0,
        channels TEXT NOT NULL DEFAULT '[]',
        first_seen_at TEXT NOT NULL,
        opened_at TEXT,
        last_seen_at TEXT NOT NULL,
        last_notified_at INTEGER,
        resolved_at TEXT,
        resolution TEXT
      );
      CREATE UNIQUE INDEX alerts_active_key ON alerts (key) WHERE state != 'resolved';
      CREATE TABLE alert_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        alert_id INTEGER,
        type TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        silenced_by TEXT,
        event TEXT NOT NULL
      );
      CREATE TABLE alert_deliveries (
        event_seq INTEGER NOT NULL REFERENCES alert_events (seq),
        channel TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        claim_token TEXT,
        claimed_until INTEGER,
        last_error TEXT,
        delivered_at INTEGER,
        ref TEXT,
        PRIMARY KEY (event_seq, channel)
      );
      CREATE INDEX alert_deliveries_status ON alert_deliveries (status, channel, event_seq);
      CREATE TABLE alert_threads (
        alert_id INTEGER NOT NULL,
        channel TEXT NOT NULL,
        ref TEXT NOT NULL,
        PRIMARY KEY (alert_id, channel)
      );
      CREATE TABLE alert_channel_health (
        channel TEXT PRIMARY KEY,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        broken_reported INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE silences (
        id TEXT PRIMARY KEY,
        match TEXT NOT NULL,
        reason TEXT,
        author TEXT,
        created_at TEXT NOT NULL,
        until TEXT NOT NULL,
        removed_at TEXT,
        removed_by TEXT
      );
    `,
  },
  {
    id: '0201-alerts-active-target',
    sql: `
      CREATE INDEX alerts_active_target ON alerts (target) WHERE state != 'resolved';
      CREATE INDEX alerts_open_notified ON alerts (last_notified_at) WHERE state = 'open';
    `,
  },
  {
    id: '0202-alert-events-key',
    sql: `
      ALTER TABLE alert_events ADD COLUMN alert_key TEXT;
      UPDATE alert_events SET alert_key = json_extract(event, '$.alertKey');
      CREATE INDEX alert_events_key_type ON alert_events (alert_key, type);
    `,
  },
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
    id: '0105-streak-first-seen',
    sql: `ALTER TABLE finding_streaks ADD COLUMN first_seen TEXT;`,
  },
  HISTORY_MIGRATION,
];
