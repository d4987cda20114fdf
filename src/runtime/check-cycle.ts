import type { AlertManager, CycleInput } from '../alerts/manager.js';
import { alertsConfigOf } from '../alerts/schema.js';
import type { Finding } from '../domain/finding.js';
import type { WatchResult } from '../deprecations/watch.js';
import { createHistory } from '../history/store.js';
import type { Session } from './session.js';
import type { CanaryRunResult } from './engine/types.js';
import { createProviderCircuit } from './engine/provider-circuit.js';
import { foldProviderDown } from './engine/provider-down.js';
import { confirmPolicyOf, confirmSuspicions, type PairRef } from './confirmation.js';
import { delay } from './scheduler/delay.js';

export interface CycleOptions {
  alerts: boolean;
  deprecations: boolean;
  /** Only these targets / canaries (`--target`, `--canary`, each repeatable); all when empty or absent. */
  targets?: readonly string[];
  canaries?: readonly string[];
  mode?: 'check' | 'baseline' | 'grow';
  /** `baseline --accept-anomalies`: record anomalous samples anyway (listed in the snapshot). */
  acceptAnomalies?: boolean;
  signal?: AbortSignal;
  /** Where the console alert channel writes (stderr when stdout carries JSON). */
  alertStream?: NodeJS.WritableStream;
  /** Called after each run (progress on a terminal). */
  onProgress?: (done: number, total: number, run: CanaryRunResult) => void;
}

export interface CycleOutcome {
  runs: CanaryRunResult[];
  findings: Finding[];
}

/** Runs of different targets go in parallel; a target's own canaries run one after another. */
const TARGET_LANES = 4;

/** Runs `task` for every pair: targets in up to TARGET_LANES parallel lanes, a target's pairs in turn. */
async function inLanes(pairs: readonly PairRef[], task: (pair: PairRef) => Promise<void>): Promise<void> {
  const byTarget = new Map<string, PairRef[]>();
  for (const p of pairs) byTarget.set(p.target, [...(byTarget.get(p.target) ?? []), p]);
  const queue = [...byTarget.values()];
  const lane = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) for (const pair of next) await task(pair);
  };
  await Promise.all(Array.from({ length: Math.min(TARGET_LANES, queue.length) }, lane));
}

/** One cycle of every scheduled (target, canary) pair, then side checks, deprecations and alerts. */
export async function runCheckCycle(session: Session, opts: CycleOptions): Promise<CycleOutcome> {
  const pairs = session.engine
    .pairs()
    .filter((p) => (!opts.targets?.length || opts.targets.includes(p.target)) && (!opts.canaries?.length || opts.canaries.includes(p.canary)));
  const first: CanaryRunResult[] = [];
  // One cycle, one breaker: a provider that stops answering is not sent the rest of its requests.
  const circuit = createProviderCircuit();
  const runOnce = (target: string, canary: string): Promise<CanaryRunResult> =>
    session.engine.runCanary(target, canary, { mode: opts.mode, signal: opts.signal, acceptAnomalies: opts.acceptAnomalies, circuit });
  await inLanes(pairs, async ({ target, canary }) => {
    const run = await runOnce(target, canary);
    first.push(run);
    opts.onProgress?.(first.length, pairs.length, run);
  });
  // Confirm on suspicion inside this one run, as the daemon does inside its cycle.
  const policy = opts.mode === undefined || opts.mode === 'check' ? confirmPolicyOf(session.loaded.config.evaluation) : null;
  const runs = policy
    ? await confirmSuspicions(first, {
        policy,
        suspicions: (target, canary) => session.engine.suspicions(target, canary),
        run: runOnce,
        pause: (ms) => {
          session.logger.info({ waitMs: ms }, 'confirming suspicions with fresh requests');
          return delay(ms, opts.signal);
        },
        forEach: inLanes,
        onConfirmation: (pair, outcome) => session.logger.info({ ...pair, ...outcome }, 'confirmation run'),
      })
    : first;
  const history = createHistory(session.store.db);
  for (const run of runs) await history.recordRun(run);
  const findings = foldProviderDown(runs.flatMap((r) => r.findings), runs, circuit.down(), new Date().toISOString());
  const evaluated: CycleInput['evaluated'] = runs.map((r) => ({ target: r.target, canary: r.canary }));
  if (opts.deprecations && (session.loaded.config.deprecations?.sources.length ?? 0) > 0) {
    const watch = await deprecationWatch(session);
    findings.push(...watch.findings);
    // As in the daemon: the sources read are evaluated, so a source_broken alert can clear.
    evaluated.push(...watch.evaluated);
  }
  if (opts.alerts) await sendAlerts(session, evaluated, findings, opts.alertStream);
  return { runs, findings: sortFindings(findings) };
}

/**
 * One pass of the deprecation watch, the same one `tripline deprecations` and the daemon run.
 * Loaded on first use, like the alert manager below: most checks watch no deprecation source or
 * run with --no-alerts, and every spawned `tripline check` would otherwise pay their load.
 */
async function deprecationWatch(session: Session): Promise<WatchResult> {
  const [{ runDeprecationWatch }, { monitoredTargets }] = await Promise.all([import('../deprecations/watch.js'), import('../deprecations/match.js')]);
  const { config } = session.loaded;
  return runDeprecationWatch({
    config,
    http: session.http,
    db: session.store.db,
    now: new Date(),
    targets: monitoredTargets(config),
  });
}

/** The one-shot path through the same alert lifecycle and outbox as the daemon. */
async function sendAlerts(
  session: Session,
  evaluated: CycleInput['evaluated'],
  findings: Finding[],
  stream: NodeJS.WritableStream | undefined,
): Promise<void> {
  const manager = await alertManagerFor(session, stream);
  await manager.processCycle({ findings, evaluated });
  const report = await manager.flushOutbox();
  session.logger.debug({ report }, 'outbox flushed');
}

/**
 * The alert manager for one-shot commands. The console channel is left out: those commands print
 * their findings themselves.
 */
export async function alertManagerFor(session: Session, stream?: NodeJS.WritableStream): Promise<AlertManager> {
  const { createAlertManager } = await import('../alerts/manager.js');
  const { config } = session.loaded;
  const alerts = alertsConfigOf(config);
  const channels = alerts.channels.filter((c) => c.type !== 'console');
  return createAlertManager({
    db: session.store.db,
    config: { targets: config.targets, alerts: { ...alerts, channels }, server: config.server },
    http: session.http,
    logger: session.logger,
    secrets: session.loaded.secrets,
    stdout: stream ?? process.stdout,
  });
}

const rank = { critical: 0, warning: 1, info: 2 } as const;

function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      rank[a.severity] - rank[b.severity] ||
      a.target.localeCompare(b.target) ||
      (a.canary ?? '').localeCompare(b.canary ?? '') ||
      a.kind.localeCompare(b.kind),
  );
}
