/** Which SQL engine a handle talks to; code branches on it only where the portable subset ends. */
export type Dialect = 'sqlite' | 'postgres';

/** A bound parameter. Booleans are stored as 0/1 and times as ISO text or epoch ms. */
export type SqlValue = string | number | null;

/** What a write statement did. */
export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
}

/**
 * The database handle every part below the runtime works with: one interface, two backends
 * (better-sqlite3, pg). Statements use `?` placeholders and the portable SQL subset described in
 * docs/storage.md; the PostgreSQL backend renumbers the placeholders.
 */
export interface Sql {
  /** The engine behind this handle, for the few statements that need a variant per dialect. */
  readonly dialect: Dialect;
  /** Every row the statement returns (also for `INSERT ... RETURNING`). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row, or undefined when there is none. */
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a write and says how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it rejects. Inside,
   * use only the `tx` handle and do no I/O but SQL: other writers of this process wait meanwhile.
   * Nested calls on `tx` join the outer transaction.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/** An open database: the handle plus its lifecycle. */
export interface Storage extends Sql {
  /** False once closed (or the connection is known lost). */
  readonly open: boolean;
  /** Closes the connection(s); idempotent. */
  close(): Promise<void>;
}

/**
 * A versioned schema change, owned by the part whose tables it creates (runtime, alerts,
 * deprecations) and applied once, in id order, by `applyMigrations`. Ids are prefixed by area so
 * that areas never collide: 01xx runtime, 02xx alerts, 03xx deprecations. Never edit an applied
 * migration; add a new one.
 */
export interface Migration {
  id: string;
  /**
   * Portable DDL, run as is on SQLite; on PostgreSQL `INTEGER` becomes `BIGINT` and `REAL` becomes
   * `DOUBLE PRECISION`. A pair gives each dialect its own text where the subset is not enough
   * (identity columns, backfills reading `rowid`).
   */
  sql: string | { sqlite: string; postgres: string };
}
