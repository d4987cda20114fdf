import { recoverInterruptedDeliveries } from '../alerts/outbox/recover.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { createHttpClient } from '../http/client.js';
import type { HttpClient } from '../http/types.js';
import { packageVersion } from '../domain/build-info.js';
import { createBudget } from './budget/budget.js';
import { createHeadroomGovernor } from './budget/headroom.js';
import { createReloader } from './daemon-reload.js';
import { DEPRECATIONS_GROUP, jobsOf, providerIntervals, type DaemonJob } from './daemon-jobs.js';
import { createEngine } from './engine/index.js';
import { createProviderCircuit } from './engine/provider-circuit.js';
import { createLogger, type Logger } from './logging.js';
import { Gauge } from 'prom-client';
import { createEpochFence } from './ha/fence.js';
import type { LeaderElection } from './ha/leader.js';
import { takeOver } from './ha/take-over.js';
import { createMetrics } from './metrics/index.js';
import { createRunBoard } from './pipeline/board.js';
import { runPair, type PipelineDeps } from './pipeline/run-pair.js';
import type { AlertSink } from './pipeline/types.js';
import { createScheduler, type RunContext } from './scheduler/index.js';
import { checkReadiness, startServer } from './server/index.js';
import { acquireStateLock } from './state/lock.js';
import { openStateStore, stateLocationOf, type StateStore } from './state/store.js';
import { createHistory } from '../history/store.js';
import { createLazyDashboard } from './server/pages/lazy.js';
import { createAlertWiring } from './wiring/alerts.js';
import { createDeprecationWiring } from './wiring/deprecations.js';

export interface DaemonOptions {
  /** Path of tripline.yaml. */
  configPath: string;
  env: NodeJS.ProcessEnv;
  /** Install SIGTERM/SIGINT (stop) and SIGHUP (reload) handlers. */
  signals: boolean;
  /** Where JSON log lines go when no logger is given. */
  stdout: NodeJS.WritableStream;
  logger?: Logger;
  /** Overrides `server.listen` (tests, demo). */
  listen?: string;
  /** How long shutdown waits for in-flight runs before aborting them; default 10 s. */
  shutdownTimeoutMs?: number;
  /** Jitter ceiling for every schedule; default min(30 s, 10% of the interval). */
  maxJitterMs?: number;
  /** How often the outbox is flushed besides after each run; default 10 s. */
  flushIntervalMs?: number;
  /** Shared HTTP client (tests); the real one otherwise. */
  http?: HttpClient;
}

/** The running daemon. */
export interface Daemon {
  /** HOST:PORT the HTTP server is bound to. */
  readonly address: string;
  /** Re-reads the config; a bad one is rejected and the running one kept. Resolves true when applied. */
  reload(): Promise<boolean>;
  /** Stops scheduling, waits for (then aborts) in-flight runs, flushes the outbox, closes server and state. */
  stop(): Promise<void>;
  /** Resolves once the daemon has stopped, by stop() or a signal. */
  readonly stopped: Promise<void>;
}

/** Wires the daemon: logging, config, state, HTTP client, engine, alerts, deprecations, scheduler, server. */
export async function startDaemon(opts: DaemonOptions): Promise<Daemon> {
  const first = loadConfig(opts.configPath, opts.env);
  const logger =
    opts.logger ?? createLogger({ level: first.config.logging.level, destination: opts.stdout, secrets: first.secrets });
  // One writer per state: a second daemon (or a `check`) on this stateDir stops here, naming this one.
  // On PostgreSQL replicas share the state by design; the leader lease decides who writes.
  const lock = first.config.state.type === 'sqlite' ? acquireStateLock(first.config.stateDir) : { release: () => undefined };
  let opened: StateStore;
  try {
    opened = await openStateStore(stateLocationOf(first.config));
    if (first.config.state.type === 'sqlite') await recoverInterruptedDeliveries(opened.db);
  } catch (error) {
    lock.release();
    throw error;
  }
  // Replicas on one PostgreSQL write what matters under the leader epoch; the first write refused
  // because a newer leader took over makes this one step down (stop), like a lost lock does.
  const epochFence =
    first.config.state.type === 'postgres'
      ? createEpochFence(opened.db, {
          onStale: (refused) => {
            logger.error(refused, 'fenced out: a newer leader holds the epoch; stepping down');
            void stop();
          },
        })
      : null;
  const store: StateStore = epochFence ? { ...opened, fence: epochFence } : opened;
  const http = opts.http ?? createHttpClient();
  const current = { loaded: first, engine: createEngine({ loaded: first, http, store, logger }) };
  const config = (): LoadedConfig['config'] => current.loaded.config;
  const board = createRunBoard();
  const deprecations = createDeprecationWiring({ store, http, logger });
  await deprecations.prepare(first);
  let intervals = providerIntervals(current.engine, config().timezone);
  const headroom = createHeadroomGovernor({ baseSeconds: (p) => intervals.get(p) ?? 60 });
  const budget = createBudget({ db: store.db, limits: (p) => config().providers[p]?.budget });
  let sink: AlertSink | undefined;
  const metrics = createMetrics(packageVersion(), {
    alertsOpen: () => sink?.openAlerts() ?? [],
    outboxPending: () => sink?.outboxPending() ?? {},
    backoff: () => Object.fromEntries(headroom.providers().map((p) => [p, headroom.backoffSeconds(p)])),
  });
  const alerts = createAlertWiring({
    loaded: first,
    store,
    http,
    logger,
    stdout: opts.stdout,
    onSend: (c, r) => metrics.recordAlertSend(c, r),
  });
  sink = alerts;
  metrics.setConfigReload(true, new Date());
  const history = createHistory(store.db);
  // A provider marked down is retried by one request a minute, not by every scheduled pair.
  const circuit = createProviderCircuit({ openForMs: 60_000 });
  const pipeline: PipelineDeps = { engine: () => current.engine, config, budget, headroom, metrics, alerts, board, history, logger, circuit };

  const runJob = async ({ ref }: DaemonJob, { signal, pause, slotAt }: RunContext): Promise<void> => {
    if (ref.kind === 'pair') {
      await runPair(pipeline, ref.target, ref.canary, signal, pause, slotAt);
    } else {
      const out = await deprecations.run(current.loaded, ref.source, signal);
      metrics.setShutdowns(out.shutdowns);
      metrics.recordFindings(out.findings);
      board.addFindings(out.findings);
      await history.recordFindings(out.findings);
      await alerts.process(out.findings, out.evaluated);
      await alerts.flush();
    }
  };
  const jobs = (): DaemonJob[] => jobsOf(current.engine, config(), deprecations.sourceIds(current.loaded));
  const scheduler = createScheduler({
    jobs: jobs(),
    run: (job, ctx) => runJob(job, ctx),
    db: store.db,
    fence: store.fence,
    logger,
    timezone: config().timezone,
    maxJitterMs: opts.maxJitterMs,
    concurrency: (group) => (group === DEPRECATIONS_GROUP ? 2 : (config().providers[group]?.maxConcurrency ?? 1)),
    holdUntil: (group) => headroom.holdUntil(group),
    onLag: (s) => metrics.observeLag(s),
    onQueueWait: (s) => metrics.observeQueueWait(s),
    onOverlap: ({ ref }) => {
      if (ref.kind === 'pair') metrics.recordOverlap(ref.target, ref.canary);
    },
  });
  board.setPairs(current.engine.pairs());
  // Replicas on one PostgreSQL: only the leader schedules canaries, scrapes pages and delivers
  // alerts; standbys serve the dashboard and /metrics and take over when the leader's lock is freed.
  let election: LeaderElection | null = null;
  const leading = (): boolean => election === null || election.isLeader();
  new Gauge({
    name: 'tripline_leader',
    help: '1 when this replica leads (schedules, scrapes and delivers), 0 on a standby.',
    registers: [metrics.registry],
    collect() {
      this.set(leading() ? 1 : 0);
    },
  });
  if (epochFence && first.config.state.type === 'postgres' && first.config.state.url) {
    // pg is loaded only where it is used (a SQLite daemon never needs it).
    const { createLeaderElection } = await import('./ha/leader.js');
    election = createLeaderElection({
      url: first.config.state.url,
      failoverSeconds: first.config.ha.failoverSeconds,
      onLost: (err) => {
        logger.error({ err }, 'leadership lost; stopping so that a standby takes over');
        void stop();
      },
      onError: (err) => logger.warn({ err }, 'leader election attempt failed'),
    });
    logger.info('standing by for leadership');
    void election
      .acquired()
      .then(async () => {
        await takeOver({ fence: epochFence, db: store.db, logger });
        logger.info('leader: scheduling');
        await scheduler.start();
        scheduler.reload(jobs());
        void alerts.flush();
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'taking over as leader failed; stopping');
        void stop();
      });
  } else {
    await scheduler.start();
  }

  const reloader = createReloader({
    configPath: opts.configPath,
    env: opts.env,
    logger,
    metrics,
    async apply(loaded) {
      await deprecations.prepare(loaded);
      current.loaded = loaded;
      current.engine = createEngine({ loaded, http, store, logger });
      intervals = providerIntervals(current.engine, loaded.config.timezone);
      if (!opts.logger) logger.level = loaded.config.logging.level;
      alerts.reconfigure(loaded);
      board.setPairs(current.engine.pairs());
      metrics.retainPairs(current.engine.pairs());
      // A standby arms nothing; it takes the current jobs when it becomes the leader.
      if (leading()) scheduler.reload(jobs());
    },
    running: () => current.loaded,
  });

  const server = await startServer({
    listen: opts.listen ?? first.config.server.listen,
    registry: metrics.registry,
    readiness: () =>
      checkReadiness({
        configLoaded: () => true,
        db: () => (store.db.open ? store.db : null),
        lastTickAt: () => (leading() ? scheduler.lastTickAt() : Date.now()),
        tickAgeLimitMs: () => scheduler.tickAgeLimitMs(),
        brokenSnapshots: () => board.brokenSnapshots(),
      }),
    api: {
      targets: () => board.pairs(),
      findings: () => board.recentFindings(),
      alerts: () => alerts.openAlerts(),
    },
    dashboard: createLazyDashboard({ db: () => store.db, config, pairs: () => board.pairs(), history }),
    authToken: first.config.server.authToken,
    reload: () => reloader.reload(),
    logger,
  }).catch(async (err: unknown) => {
    scheduler.stop();
    await store.close();
    lock.release();
    throw err;
  });

  // Downsampling and retention of the history: at start, then hourly.
  const maintainHistory = (): void => {
    history.maintain(Date.now(), config().server.history.days).catch((err: unknown) => logger.warn({ err }, 'history maintenance failed'));
  };
  maintainHistory();
  const historyTimer = setInterval(maintainHistory, 3_600_000);
  historyTimer.unref();

  let flushing = false;
  const flushTimer = setInterval(() => {
    if (flushing) return;
    flushing = true;
    void (leading() ? alerts.flush() : alerts.refresh()).finally(() => (flushing = false));
  }, opts.flushIntervalMs ?? 10_000);

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  const stop = (signal?: NodeJS.Signals): Promise<void> =>
    (stopping ??= (async () => {
      const timeoutMs = opts.shutdownTimeoutMs ?? 10_000;
      logger.info({ timeoutMs, signal }, 'shutting down');
      clearInterval(flushTimer);
      clearInterval(historyTimer);
      const finished = await scheduler.drain(timeoutMs);
      if (!finished) logger.warn({ timeoutMs }, 'in-flight runs aborted at shutdown');
      // A standby has nothing to send; the leader hands what it queued to the outbox.
      if (leading()) await alerts.flush({ all: true });
      await server.close();
      await election?.stop();
      await store.close();
      lock.release();
      removeSignals();
      logger.info('stopped');
      resolveStopped();
    })());

  const onStop = (signal: NodeJS.Signals): void => void stop(signal);
  const onHup = (): void => void reloader.reload();
  const removeSignals = (): void => {
    process.off('SIGTERM', onStop).off('SIGINT', onStop).off('SIGHUP', onHup);
  };
  if (opts.signals) process.on('SIGTERM', onStop).on('SIGINT', onStop).on('SIGHUP', onHup);
  logger.info({ pairs: current.engine.pairs().length, version: packageVersion() }, 'daemon started');
  return { address: server.address, reload: () => reloader.reload(), stop: () => stop(), stopped };
}
