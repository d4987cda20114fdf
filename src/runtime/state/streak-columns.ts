import type { Migration } from '../../storage/index.js';

/**
 * The migration that gives `finding_streaks` one column per part of its key (target, canary,
 * kind, subject) instead of the string `target|canary|kind|subject`, so that no code builds or
 * splits that string and reads are plain column predicates.
 *
 * Existing rows are carried over by splitting each old key once, here. The string cannot be split
 * on its first three `|`: a target is `provider/model` with any model name, and subjects such as
 * `path=value` may hold a `|` too. The row's `finding` JSON (the candidate, written by
 * `JSON.stringify`) names its kind and subject exactly, so the key minus `|kind|subject` is
 * `target|canary`, and canary ids have no `|` (config/canary-schema.ts): the canary is what
 * follows the last `|`. `rtrim(s, <every character of s but |>)` keeps `s` up to that last `|`,
 * in both dialects. A row whose key does not end in its finding's `|kind|subject` is dropped: a
 * lost streak only starts counting again.
 */
function streakColumns(dialect: { integer: string; kindOf: string; subjectOf: string }): string {
  return `
      CREATE TABLE finding_streaks_by_column (
        target TEXT NOT NULL,
        canary TEXT NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        streak ${dialect.integer} NOT NULL,
        last_cycle TEXT NOT NULL,
        finding TEXT NOT NULL,
        first_seen TEXT,
        PRIMARY KEY (target, canary, kind, subject)
      );
      WITH keyed AS (
        SELECT key, streak, last_cycle, finding, first_seen, ${dialect.kindOf} AS kind, COALESCE(${dialect.subjectOf}, '') AS subject
        FROM finding_streaks
      ), paired AS (
        SELECT keyed.*, substr(key, 1, length(key) - length(kind) - length(subject) - 2) AS pair
        FROM keyed
        WHERE substr(key, length(key) - length(kind) - length(subject) - 1) = '|' || kind || '|' || subject
      ), split AS (
        SELECT paired.*, rtrim(pair, replace(pair, '|', '')) AS through_bar FROM paired
      )
      INSERT INTO finding_streaks_by_column (target, canary, kind, subject, streak, last_cycle, finding, first_seen)
      SELECT substr(through_bar, 1, length(through_bar) - 1), substr(pair, length(through_bar) + 1), kind, subject, streak, last_cycle, finding, first_seen
      FROM split
      WHERE through_bar <> '';
      DROP TABLE finding_streaks;
      ALTER TABLE finding_streaks_by_column RENAME TO finding_streaks;
    `;
}

export const STREAK_COLUMNS_MIGRATION: Migration = {
  id: '0121-finding-streak-columns',
  sql: {
    sqlite: streakColumns({ integer: 'INTEGER', kindOf: "json_extract(finding, '$.kind')", subjectOf: "json_extract(finding, '$.subject')" }),
    postgres: `${streakColumns({ integer: 'BIGINT', kindOf: "CAST(finding AS jsonb) ->> 'kind'", subjectOf: "CAST(finding AS jsonb) ->> 'subject'" })}
      ALTER TABLE finding_streaks RENAME CONSTRAINT finding_streaks_by_column_pkey TO finding_streaks_pkey;`,
  },
};
