import type Database from 'better-sqlite3';
import type { Db } from './store.js';

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * The statement for `sql`, prepared once per connection and reused: the run path executes the same
 * few statements thousands of times, and preparing costs more than running them. Only for constant
 * SQL text, so the cache stays as small as the code that calls it.
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}
