import type { Canary } from '../../config/canary-schema.js';
import { TriplineError } from '../../domain/errors.js';
import type { Finding, FindingDraft } from '../../domain/finding.js';
import type { Observation, SuccessObservation } from '../../domain/observation.js';
import { parseTarget, type Target } from '../../domain/target.js';
import { getProvider } from '../../providers/registry.js';
import type { ProviderAdapter } from '../../providers/types.js';
import { availabilityDrafts, isUnavailable } from './availability.js';
import { applyPersistence, clearPersistence, openSuspicions, pruneStreaks } from './persistence.js';
import { sampleAnomalies } from './anomalies.js';
import { recordBaseline, shouldGrowPool } from './baseline.js';
import { adjustedCanary, evaluateProbes, skippedProbeDraft } from './evaluate-probes.js';
import { modelStatusCandidates } from './model-status.js';
import { headroomOf, medianLatencyOf, retryAfterOf, tokensOf } from './observation-stats.js';
import { recordRun } from './run-log.js';
import { runSide } from './run-side.js';
import { countedCanaries, SIDE_CANARY } from './side-checks.js';
import { applicabilityOf, appliesEverywhere } from './applicability.js';
import { sendSamples } from './send-samples.js';
import { recordTenantWindow, sameAsGroupOf, tenantCandidates } from './tenants/index.js';
import { sequentialPlan } from './sequential.js';
import { canaryHash, type Snapshot } from '../../snapshots/index.js';
import { readBaseline, snapshotBrokenDraft } from './broken-snapshot.js';
import type { CanaryRunResult, Engine, EngineDeps } from './types.js';

export type { CanaryRunResult, Engine, EngineDeps } from './types.js';

/** Builds the engine: the one path canary -> provider -> observation -> probe -> finding. */
export function createEngine(deps: EngineDeps): Engine {
  const now = deps.now ?? (() => new Date());
  const { config, canaries } = deps.loaded;
  const canaryById = new Map(canaries.map((c) => [c.canary.id, c.canary]));

  const targetsOf = (canary: Canary): string[] => canary.targets ?? config.targets;

  /** The first canary that runs on a target: its prompt is what the token-count endpoint counts. */
  const firstCanaryOf = (target: string): Canary | undefined =>
    canaries.find(({ canary }) => targetsOf(canary).includes(target))?.canary;
  const hasSide = (target: string): boolean => {
    const parsed = parseTarget(target);
    const provider = parsed ? config.providers[parsed.provider] : undefined;
    return Boolean(provider && getProvider(provider.type).sideRequests && firstCanaryOf(target));
  };

  const onTargetOf = (target: string): Canary[] => canaries.map((c) => c.canary).filter((c) => targetsOf(c).includes(target));
  /**
   * A canary that cannot measure its signal on a target is not scheduled there (applicability.ts).
   * Decided once per engine (a check, a baseline run, a daemon until its next reload), so that a
   * `baseline --cycles N` keeps pooling what its first cycle started.
   */
  const applicable = applicabilityOf(config, canaries.map((c) => c.canary));
  const decided = new Map<string, boolean>();
  const applies = (target: string, canary: Canary): boolean => {
    // Most canaries apply everywhere: nothing to remember for them (a daemon has thousands of pairs).
    if (appliesEverywhere(canary)) return true;
    const key = `${target}\u0000${canary.id}`;
    if (!decided.has(key)) decided.set(key, applicable(target, canary));
    return decided.get(key) ?? true;
  };

  const engine: Engine = {
    pairs: () => [
      ...canaries.flatMap(({ canary }) =>
        targetsOf(canary)
          .filter((target) => applies(target, canary))
          .map((target) => ({ target, canary: canary.id, schedule: canary.schedule ?? config.schedule })),
      ),
      ...config.targets.filter(hasSide).map((target) => ({ target, canary: SIDE_CANARY, schedule: config.schedule })),
    ],

    async runCanary(targetId, canaryId, opts = {}) {
      await pruneOnce();
      if (canaryId === SIDE_CANARY) {
        return runSide(deps, targetId, firstCanaryOf(targetId), countedCanaries(onTargetOf(targetId)), opts, now);
      }
      const canary = canaryById.get(canaryId);
      const target = parseTarget(targetId);
      if (!canary || !target) throw new TriplineError('USAGE', `unknown target or canary: ${targetId} ${canaryId}`);
      const providerConfig = config.providers[target.provider];
      if (!providerConfig) throw new TriplineError('USAGE', `target ${targetId} names no configured provider`);
      const adapter = getProvider(providerConfig.type);
      const startedAt = now();
      // Read once: probes may adjust the request to the baseline, and judge compares against it.
      const baseline = readBaseline(config.snapshots, target.id, canary.id, opts.mode ?? 'check');
      if (!baseline.ok) {
        const draft = snapshotBrokenDraft(baseline.error, target.id, canary.id);
        const broken = unmeasured(target.id, canary.id, startedAt, { ...draft, target: target.id, canary: canary.id, detectedAt: now().toISOString() });
        await recordRun(deps.store.fence, broken, opts.slotAt);
        return broken;
      }
      const snapshot = baseline.snapshot;
      const mode = opts.mode ?? 'check';
      const sent = adjustedCanary(canary, snapshot, { type: providerConfig.type, model: target.model });
      // A check against a current baseline may stop early once its probes' evidence decides (sequential.ts).
      // A sameAs member sends everything: its peers judge its whole window, not just the early stop's few calls.
      // So does a warm-up cycle: it grows the pool, which later cycles are judged against whole.
      const plan =
        mode === 'check' && snapshot && snapshot.canaryHash === canaryHash(canary) && !sameAsGroupOf(config, target.id) && !shouldGrowPool(snapshot, config)
          ? await sequentialPlan({
              db: deps.store.db,
              canary: sent,
              snapshot,
              ctx: { canary, target: target.id, alpha: config.evaluation.alpha, supports: adapter.supports },
            })
          : null;
      const observations = await sendSamples({
        adapter,
        http: deps.http,
        canary: sent,
        target,
        provider: providerConfig,
        signal: opts.signal,
        now,
        secrets: deps.loaded.secrets,
        ...(opts.circuit ? { circuit: opts.circuit } : {}),
        ...(plan ? { plan } : {}),
        ...(config.logging.bodies ? { bodyLogger: deps.logger.child({ target: target.id, canary: canary.id }) } : {}),
      });
      const result = await judge({ deps, adapter, canary, target, snapshot, observations, mode, acceptAnomalies: Boolean(opts.acceptAnomalies), startedAt, now });
      result.durationMs = now().getTime() - startedAt.getTime();
      await recordRun(deps.store.fence, result, opts.slotAt);
      return result;
    },

    async suspicions(targetId, canaryId) {
      return openSuspicions(deps.store.db, { target: targetId, canary: canaryId }, config.evaluation.confirmCycles);
    },
  };
  // Awaited by every run, done once this process may write (the fence admits it): a removed canary's
  // streaks are gone before a run reads them, and a standby prunes when it takes the lead.
  // A refusal (not leading yet) is tried again by the next run; a failure is logged and not retried.
  let pruned: Promise<void> | undefined;
  const prune = async (): Promise<void> => {
    try {
      if (!(await pruneStreaks(deps.store.fence, engine.pairs()))) pruned = undefined;
    } catch (err) {
      deps.logger.error({ err }, 'pruning finding streaks failed');
    }
  };
  const pruneOnce = (): Promise<void> => (pruned ??= prune());
  void pruneOnce();
  return engine;
}

/** A run that sent nothing because there is nothing to compare with. */
function unmeasured(target: string, canary: string, startedAt: Date, finding: Finding): CanaryRunResult {
  return {
    target,
    canary,
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    result: 'unavailable',
    findings: [finding],
    requests: 0,
    failedRequests: 0,
    inputTokens: 0,
    outputTokens: 0,
    metrics: {},
    headroom: null,
  };
}

interface JudgeInput {
  deps: EngineDeps;
  adapter: ProviderAdapter;
  canary: Canary;
  target: Target;
  /** The reviewed baseline as it stood when the cycle started. */
  snapshot: Snapshot | null;
  observations: Observation[];
  mode: 'check' | 'baseline' | 'grow';
  acceptAnomalies: boolean;
  startedAt: Date;
  now: () => Date;
}

async function judge(input: JudgeInput): Promise<CanaryRunResult> {
  const { deps, canary, target, observations } = input;
  const { config } = deps.loaded;
  const db = deps.store.db;
  const at = input.now().toISOString();
  const ok = observations.filter((o): o is SuccessObservation => o.ok);
  const tokens = tokensOf(ok);
  const base: CanaryRunResult = {
    target: target.id,
    canary: canary.id,
    startedAt: input.startedAt.toISOString(),
    durationMs: 0,
    result: 'ok',
    findings: [],
    requests: observations.length,
    failedRequests: observations.length - ok.length,
    inputTokens: tokens.input,
    outputTokens: tokens.output,
    metrics: {},
    headroom: headroomOf(observations),
    retryAfterSeconds: retryAfterOf(observations),
    ...(ok.length > 0 ? { latencyMs: medianLatencyOf(ok) } : {}),
  };
  const stamp = (drafts: FindingDraft[]): Finding[] =>
    drafts.map((d) => ({ ...d, target: d.target ?? target.id, canary: d.canary ?? canary.id, detectedAt: at }));

  const availability = availabilityDrafts(observations, target.id);
  // An unavailable cycle measures nothing: baseline, streaks and probe state stay as they were.
  if (isUnavailable(observations)) {
    return { ...base, result: 'unavailable', findings: stamp(availability) };
  }
  const ctx = { canary, target: target.id, alpha: config.evaluation.alpha, supports: input.adapter.supports, latencyFactor: config.evaluation.latencyFactor };
  const { snapshot } = input;
  const stale = !snapshot || snapshot.canaryHash !== canaryHash(canary);
  if (input.mode !== 'check' || stale) {
    const reason = input.mode === 'check' ? (snapshot ? 'canary edited' : 'no baseline yet') : 'requested';
    const anomalies = sampleAnomalies(ok, canary);
    // An explicit baseline does not absorb broken samples unless told to (they would hide the break).
    if (input.mode !== 'check' && anomalies.length > 0 && !input.acceptAnomalies) {
      return { ...base, anomalies, anomaliesRefused: true, findings: stamp(availability) };
    }
    // `grow` adds this cycle to the pool `baseline` started; anything else starts a fresh pool.
    const previous = input.mode === 'grow' && !stale ? snapshot : null;
    const accepted = input.mode !== 'check' ? anomalies : [];
    const recorded = await recordBaseline({ deps, canary, target, ok, ctx, previous, reason, acceptedAnomalies: accepted });
    await clearPersistence(deps.store.fence, { target: target.id, canary: canary.id });
    await recordTenantWindow({ db, fence: deps.store.fence, config, canary, current: ok, ctx, at });
    return { ...base, result: 'recorded', ...(anomalies.length > 0 ? { anomalies } : {}), findings: stamp([...availability, recorded]) };
  }
  const evaluation = await evaluateProbes({ db, fence: deps.store.fence, canary, snapshot, current: ok, ctx, now: at });
  for (const { probe, reason } of evaluation.skipped) {
    deps.logger.warn({ target: target.id, canary: canary.id, probe, reason }, 'probe skipped');
  }
  // Members of a sameAs group are compared with each other too; one streak table for all candidates.
  const tenants = await tenantCandidates({ db, fence: deps.store.fence, config, canary, current: ok, own: evaluation.candidates, ctx, at });
  const confirmed = await applyPersistence(
    deps.store.fence,
    { target: target.id, canary: canary.id },
    [...evaluation.candidates, ...modelStatusCandidates(ok, target.id), ...tenants],
    config.evaluation.confirmCycles,
    at,
  );
  // The warm-up grows the pool only with clean cycles: an anomalous sample is the probes' to report.
  if (evaluation.candidates.length === 0 && shouldGrowPool(snapshot, config) && sampleAnomalies(ok, canary).length === 0) {
    await recordBaseline({ deps, canary, target, ok, ctx, previous: snapshot, reason: 'warm-up' });
  }
  const skipped = evaluation.skipped.map(skippedProbeDraft);
  return { ...base, metrics: evaluation.metrics, findings: stamp([...availability, ...confirmed, ...skipped]) };
}
