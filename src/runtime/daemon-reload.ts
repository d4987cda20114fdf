import { loadConfig, type LoadedConfig } from '../config/load.js';
import { ConfigError, formatProblem } from '../domain/errors.js';
import type { Logger } from './logging.js';
import type { DaemonMetrics } from './metrics/index.js';

export interface ReloaderDeps {
  configPath: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  metrics: DaemonMetrics;
  /** Swaps the running config; called only with a valid one. A rejection keeps the running one. */
  apply(loaded: LoadedConfig): void | Promise<void>;
  /** The config now running. */
  running(): LoadedConfig;
}

/** Config reload (SIGHUP, POST /-/reload): one at a time; a bad config is rejected, the last good one stays. */
export interface Reloader {
  reload(): Promise<boolean>;
}

/** Settings read once at start; a change is logged and applies after a restart. */
const RESTART_ONLY = ['stateDir', 'server'] as const;

export function createReloader(deps: ReloaderDeps): Reloader {
  let chain: Promise<boolean> = Promise.resolve(true);
  const once = async (): Promise<boolean> => {
    const at = new Date();
    let loaded: LoadedConfig;
    try {
      loaded = loadConfig(deps.configPath, deps.env);
    } catch (err) {
      const problems = err instanceof ConfigError ? err.problems.map(formatProblem) : [String(err)];
      deps.logger.error({ problems }, 'config reload failed');
      deps.metrics.setConfigReload(false, at);
      return false;
    }
    const before = deps.running().config;
    const restartOnly = RESTART_ONLY.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(loaded.config[k]));
    if (restartOnly.length > 0) deps.logger.warn({ fields: restartOnly }, 'config change needs a restart to apply');
    try {
      await deps.apply(loaded);
    } catch (err) {
      deps.logger.error({ err }, 'config reload failed');
      deps.metrics.setConfigReload(false, at);
      return false;
    }
    deps.metrics.setConfigReload(true, at);
    deps.logger.info({ canaries: loaded.canaries.length, targets: loaded.config.targets.length }, 'config reloaded');
    return true;
  };
  return {
    reload() {
      chain = chain.then(once, once);
      return chain;
    },
  };
}
