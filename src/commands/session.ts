import { recoverInterruptedDeliveries } from '../alerts/outbox/recover.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { ConfigError, formatProblem, TriplineError } from '../domain/errors.js';
import { createHttpClient } from '../http/client.js';
import type { HttpClient } from '../http/types.js';
import { createEngine } from '../runtime/engine/index.js';
import { createLogger } from '../runtime/logging.js';
import type { Session } from '../runtime/session.js';
import { acquireStateLock, type StateLock } from '../runtime/state/lock.js';
import { openStateStore, stateLocationOf, type StateStore } from '../runtime/state/store.js';

export type { Session } from '../runtime/session.js';

export interface SessionOptions {
  configPath: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** Injected in tests (undici MockAgent-backed client); the real client otherwise. */
  http?: HttpClient;
  /** Where the JSON log lines go; the process's stderr (fd 2) when absent. A check run in-process passes its captured `err`. */
  logTo?: NodeJS.WritableStream;
}

/**
 * Loads config, takes the state's one-writer lock and opens state. A config or state problem is
 * printed and becomes exit code 2; a lock held by another process exit code 3.
 */
export async function openSession(opts: SessionOptions): Promise<Session | { exitCode: number }> {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(opts.configPath, opts.env ?? process.env);
  } catch (error) {
    return { exitCode: reportError(error, opts.err) };
  }
  let lock: StateLock | undefined;
  let store: StateStore;
  try {
    if (loaded.config.state.type === 'sqlite') lock = acquireStateLock(loaded.config.stateDir);
    store = await openStateStore(stateLocationOf(loaded.config));
    // The lock makes this process the only sender of a SQLite state: what is still claimed was cut off.
    if (lock) await recoverInterruptedDeliveries(store.db);
  } catch (error) {
    lock?.release();
    return { exitCode: reportError(error, opts.err) };
  }
  const logger = createLogger({ level: loaded.config.logging.level, destination: opts.logTo ?? 2, secrets: loaded.secrets });
  const http = opts.http ?? createHttpClient();
  const engine = createEngine({ loaded, http, store, logger });
  const close = async (): Promise<void> => {
    await store.close();
    lock?.release();
  };
  return { loaded, store, http, engine, logger, close };
}

/**
 * Prints a known error as one line without a stack trace and returns its exit code: 3 for a state
 * lock held by another process, 2 otherwise.
 */
export function reportError(error: unknown, err: NodeJS.WritableStream): number {
  if (error instanceof ConfigError) {
    for (const p of error.problems) err.write(`${formatProblem(p)}\n`);
    return 2;
  }
  if (error instanceof TriplineError) {
    err.write(`tripline: ${error.code}: ${error.message}\n`);
    return error.code === 'STATE_LOCKED' ? 3 : 2;
  }
  throw error;
}
