/**
 * Every SQL statement of the history, in one place so that it ports to another backend in one go.
 * The migration is owned here and listed by the state store (ids 05xx).
 */
export const HISTORY_MIGRATION = {
  id: '0500-history',
  sql: `
    CREATE TABLE history_pairs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      target TEXT NOT NULL,
      canary TEXT NOT NULL,
      UNIQUE (target, canary)
    );
    CREATE TABLE history_points (
      pair INTEGER NOT NULL,
      at INTEGER NOT NULL,
      span INTEGER NOT NULL DEFAULT 0,
      runs INTEGER NOT NULL DEFAULT 1,
      result TEXT NOT NULL,
      v TEXT NOT NULL,
      PRIMARY KEY (pair, at)
    ) WITHOUT ROWID;
    CREATE INDEX history_points_span ON history_points (span, at);
    CREATE TABLE history_events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      target TEXT NOT NULL,
      canary TEXT,
      type TEXT NOT NULL,
      key TEXT,
      severity TEXT,
      summary TEXT NOT NULL
    );
    CREATE INDEX history_events_target ON history_events (target, at);
    CREATE INDEX history_events_key ON history_events (key, at);
    CREATE TABLE history_findings (
      key TEXT PRIMARY KEY,
      first_at INTEGER NOT NULL,
      last_at INTEGER NOT NULL,
      seen INTEGER NOT NULL,
      finding TEXT NOT NULL
    );
  `,
};

export const SQL = {
  pairId: 'SELECT id FROM history_pairs WHERE target = ? AND canary = ?',
  insertPair: 'INSERT INTO history_pairs (target, canary) VALUES (?, ?) ON CONFLICT (target, canary) DO NOTHING',
  insertPoint: 'INSERT OR REPLACE INTO history_points (pair, at, span, runs, result, v) VALUES (?, ?, ?, ?, ?, ?)',
  points:
    'SELECT at, span, runs, result, v FROM history_points WHERE pair = ? AND at >= ? ORDER BY at',
  lastResults:
    'SELECT result FROM history_points WHERE pair = ? ORDER BY at DESC LIMIT ?',
  pointsToMerge: 'SELECT pair, at, span, runs, result, v FROM history_points WHERE span < ? AND at < ? ORDER BY pair, at',
  deletePoint: 'DELETE FROM history_points WHERE pair = ? AND at = ?',
  prunePoints: 'DELETE FROM history_points WHERE at < ?',
  insertEvent: 'INSERT INTO history_events (at, target, canary, type, key, severity, summary) VALUES (?, ?, ?, ?, ?, ?, ?)',
  eventsOfTarget:
    'SELECT at, target, canary, type, key, severity, summary FROM history_events WHERE target = ? AND at >= ? ORDER BY at',
  eventsOfKey: 'SELECT at, target, canary, type, key, severity, summary FROM history_events WHERE key = ? ORDER BY at DESC LIMIT 200',
  recentEvents:
    "SELECT at, target, canary, type, key, severity, summary FROM history_events WHERE type = 'finding' ORDER BY at DESC LIMIT ?",
  eventsOfArea:
    "SELECT at, target, canary, type, key, severity, summary FROM history_events WHERE type = 'finding' AND key LIKE ? ORDER BY at DESC LIMIT ?",
  pruneEvents: 'DELETE FROM history_events WHERE at < ?',
  finding: 'SELECT key, first_at, last_at, seen, finding FROM history_findings WHERE key = ?',
  upsertFinding: `INSERT INTO history_findings (key, first_at, last_at, seen, finding) VALUES (?, ?, ?, 1, ?)
    ON CONFLICT (key) DO UPDATE SET last_at = excluded.last_at, seen = seen + 1, finding = excluded.finding`,
  pruneFindings: 'DELETE FROM history_findings WHERE last_at < ?',
} as const;
