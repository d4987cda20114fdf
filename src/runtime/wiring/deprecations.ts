import type { Logger } from 'pino';
import type { LoadedConfig } from '../../config/load.js';
import type { Finding } from '../../domain/finding.js';
import type { HttpClient } from '../../http/types.js';
import type { ShutdownGauge } from '../metrics/index.js';
import type { StateStore } from '../state/store.js';
import type { WatchResult } from '../../deprecations/watch.js';

/** The deprecation watch as the daemon drives it. */
export interface DeprecationWiring {
  /**
   * Loads the page scrapers when the config names deprecation sources; a daemon without any never
   * loads them (they are most of the deprecation code). Call before sourceIds with that config.
   */
  prepare(loaded: LoadedConfig): Promise<void>;
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

interface WatchModules {
  watch: typeof import('../../deprecations/watch.js');
  match: typeof import('../../deprecations/match.js');
}

const hasSources = (loaded: LoadedConfig): boolean => (loaded.config.deprecations?.sources.length ?? 0) > 0;

/** One scheduler job per source; gauges are kept per source so that each job replaces only its own. */
export function createDeprecationWiring(deps: DeprecationWiringDeps): DeprecationWiring {
  const gaugesBySource = new Map<string, ShutdownGauge[]>();
  let modules: WatchModules | undefined;
  const load = async (): Promise<WatchModules> => {
    if (!modules) {
      const [watch, match] = await Promise.all([import('../../deprecations/watch.js'), import('../../deprecations/match.js')]);
      modules = { watch, match };
    }
    return modules;
  };
  return {
    async prepare(loaded) {
      if (hasSources(loaded)) await load();
    },
    sourceIds(loaded) {
      if (!hasSources(loaded)) return [];
      if (!modules) throw new Error('deprecation sources are configured but the watch is not loaded (prepare was not awaited)');
      return modules.watch.deprecationSourceIds(loaded.config);
    },
    async run(loaded, sourceId, signal) {
      const { watch, match } = await load();
      const targets = match.monitoredTargets(loaded.config);
      const result = await watch.runDeprecationWatch({
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
        watch.shutdownGauges(result.rows, targets),
      );
      return { findings: result.findings, shutdowns: [...gaugesBySource.values()].flat(), evaluated: result.evaluated };
    },
  };
}
