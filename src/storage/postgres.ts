import pg from 'pg';
import { TriplineError } from '../domain/errors.js';
import { createGate } from './gate.js';
import { numberPlaceholders } from './placeholders.js';
import type { RunResult, Sql, SqlValue, Storage } from './types.js';

const INT8 = 20;
const NUMERIC = 1700;

/**
 * 64-bit integers (epoch ms, ids, COUNT) and numerics as JS numbers, like SQLite returns them. Every
 * value tripline stores is far below 2^53.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 || oid === NUMERIC ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** How the PostgreSQL backend connects. */
export interface PostgresOptions {
  /** libpq-style connection URL (`postgres://user@host:5432/db`). */
  url: string;
  /** Pool size; default 5. */
  max?: number;
  /** Connect timeout; default 10 s. */
  connectTimeoutMs?: number;
  /** Called with errors of idle connections (server restart, network); they are not thrown. */
  onIdleError?: (err: Error) => void;
}

type Queryable = pg.Pool | pg.PoolClient;

/**
 * pg behind the async interface: `?` renumbered to `$n`, each statement text a named prepared
 * statement (parsed once per connection), transactions on one pooled client. Transactions of one
 * process run one at a time, as on SQLite, so a lifecycle cycle never races another.
 */
export async function openPostgres(opts: PostgresOptions): Promise<Storage> {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 5,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    types,
  });
  pool.on('error', (err) => opts.onIdleError?.(err));
  try {
    const client = await pool.connect();
    client.release();
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new TriplineError('STATE_IO', `cannot connect to the PostgreSQL state database: ${describe(cause)}`, { cause });
  }
  const names = new Map<string, string>();
  const nameOf = (sql: string): string => {
    let name = names.get(sql);
    if (name === undefined) {
      name = `tripline_${names.size}`;
      names.set(sql, name);
    }
    return name;
  };
  const exec = async (on: Queryable, sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> =>
    on.query({ name: nameOf(sql), text: numberPlaceholders(sql), values: [...params] });
  const handle = (on: Queryable, nested: (fn: (tx: Sql) => Promise<unknown>) => Promise<unknown>): Sql => ({
    dialect: 'postgres',
    query: async <T>(sql: string, params: readonly SqlValue[] = []) => (await exec(on, sql, params)).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => (await exec(on, sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []): Promise<RunResult> => ({ changes: (await exec(on, sql, params)).rowCount ?? 0 }),
    transaction: nested as Sql['transaction'],
    exec: async (script: string) => void (await on.query(script)),
  });
  const gate = createGate();
  let open = true;
  const root = handle(pool, (fn) =>
    gate.hold(async () => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const tx: Sql = handle(client, (inner) => inner(tx));
        const out = await fn(tx);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw err;
      } finally {
        client.release(broken);
      }
    }),
  );
  return {
    ...root,
    get open() {
      return open;
    },
    close: async () => {
      if (!open) return;
      open = false;
      await gate.hold(async () => undefined);
      await pool.end();
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
