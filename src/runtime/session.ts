import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load.js';
import type { HttpClient } from '../http/types.js';
import type { Engine } from './engine/types.js';
import type { StateStore } from './state/store.js';

/** What a one-shot command works with: config, state, the shared HTTP client, the engine. */
export interface Session {
  loaded: LoadedConfig;
  store: StateStore;
  http: HttpClient;
  engine: Engine;
  logger: Logger;
  close(): Promise<void>;
}
