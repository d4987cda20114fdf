import type { Logger } from 'pino';
import type { LoadedConfig } from '../../config/load.js';
import type { Finding } from '../../domain/finding.js';
import type { HttpClient } from '../../http/types.js';
import type { ShutdownGauge } from '../metrics/index.js';
import type { StateStore } from '../state/store.js';

/** The deprecation watch as the daemon drives it. */
export interface DeprecationWiring {
  /** Stable ids of the configured sources, one scheduler job each. */
  sourceIds(loaded: LoadedConfig): string[];
  /** Scrapes one source, compares with the last-seen rows; returns the findings and the shutdown gauges. */
  run(loaded: LoadedConfig, sourceId: string, signal: AbortSignal): Promise<{ findings: Finding[]; shutdowns: ShutdownGauge[] }>;
}

export interface DeprecationWiringDeps {
  store: StateStore;
  http: HttpClient;
  logger: Logger;
}

/** Placeholder until src/deprecations exports its watch: no sources. */
export function createDeprecationWiring(deps: DeprecationWiringDeps): DeprecationWiring {
  void deps;
  return {
    sourceIds: () => [],
    run: () => Promise.resolve({ findings: [], shutdowns: [] }),
  };
}
