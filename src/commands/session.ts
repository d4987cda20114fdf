import { loadConfig, type LoadedConfig } from '../config/load.js';
import { ConfigError, formatProblem, TriplineError } from '../domain/errors.js';
import { createHttpClient } from '../http/client.js';
import type { HttpClient } from '../http/types.js';
import { createEngine } from '../runtime/engine/index.js';
import { createLogger } from '../runtime/logging.js';
import type { Session } from '../runtime/session.js';
import { openStateStore, type StateStore } from '../runtime/state/store.js';

export type { Session } from '../runtime/session.js';

export interface SessionOptions {
  configPath: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** Injected in tests (undici MockAgent-backed client); the real client otherwise. */
  http?: HttpClient;
}

/** Loads config and opens state; a config or state problem is printed and becomes exit code 2. */
export function openSession(opts: SessionOptions): Session | { exitCode: number } {
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(opts.configPath, opts.env ?? process.env);
  } catch (error) {
    return { exitCode: reportError(error, opts.err) };
  }
  let store: StateStore;
  try {
    store = openStateStore(loaded.config.stateDir);
  } catch (error) {
    return { exitCode: reportError(error, opts.err) };
  }
  const logger = createLogger({ level: loaded.config.logging.level, destination: 2, secrets: loaded.secrets });
  const http = opts.http ?? createHttpClient();
  const engine = createEngine({ loaded, http, store, logger });
  return { loaded, store, http, engine, logger, close: () => store.close() };
}

/** Prints a known error without a stack trace and returns exit code 2. */
export function reportError(error: unknown, err: NodeJS.WritableStream): number {
  if (error instanceof ConfigError) {
    for (const p of error.problems) err.write(`${formatProblem(p)}\n`);
    return 2;
  }
  if (error instanceof TriplineError) {
    err.write(`tripline: ${error.code}: ${error.message}\n`);
    return 2;
  }
  throw error;
}
