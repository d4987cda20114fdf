import type { Logger } from 'pino';
import type { LoadedConfig } from '../../config/load.js';
import { monitoredTargets } from '../../deprecations/match.js';
import { deprecationSourceIds, runDeprecationWatch, shutdownGauges, type WatchResult } from '../../deprecations/watch.js';
import type { Finding } from '../../domain/finding.js';
import type { HttpClient } from '../../http/types.js';
import type { ShutdownGauge } from '../metrics/index.js';
import type { StateStore } from '../state/store.js';

/** The deprecation watch as the daemon drives it. */
export interface DeprecationWiring {
  /** Stable ids of the configured sources, one scheduler job each. */
  sourceIds(loaded: LoadedConfig): string[];
  /** Scrapes one source, compares with the last-seen rows; returns the findings and the shutdown gauges of every source. */
  run(
    loaded: LoadedConfig,
    sourceId: string,
    signal: AbortSignal,
  ): Promise<{ findings: Finding[]; shutdowns: ShutdownGauge[]; evaluated: WatchResult['evaluated'] }>;
}

export interface DeprecationWiringDeps {
  store: StateStore;
  http: HttpClient;
  logger: Logger;
}

/** One scheduler job per source; gauges are kept per source so that each job replaces only its own. */
export function createDeprecationWiring(deps: DeprecationWiringDeps): DeprecationWiring {
  const gaugesBySource = new Map<string, ShutdownGauge[]>();
  return {
    sourceIds: (loaded) => deprecationSourceIds(loaded.config),
    async run(loaded, sourceId, signal) {
      const targets = monitoredTargets(loaded.config);
      const result = await runDeprecationWatch({
        config: loaded.config,
        http: deps.http,
        db: deps.store.db,
        now: new Date(),
        targets,
        only: [sourceId],
        signal,
      });
      for (const source of result.sources) {
        if (!source.ok) deps.logger.warn({ source: source.id, error: source.error }, 'deprecation source unreadable');
      }
      gaugesBySource.set(
        sourceId,
        shutdownGauges(result.rows, targets),
      );
      return { findings: result.findings, shutdowns: [...gaugesBySource.values()].flat(), evaluated: result.evaluated };
    },
  };
}
