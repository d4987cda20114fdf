import type { Canary } from '../../config/canary-schema.js';
import { SnapshotError, TriplineError } from '../../domain/errors.js';
import { parseTarget } from '../../domain/target.js';
import { getProvider } from '../../providers/registry.js';
import { snapshotBrokenDraft } from './broken-snapshot.js';
import { applyPersistence } from './persistence.js';
import { recordRun } from './run-log.js';
import { runSideChecks, SIDE_CANARY } from './side-checks.js';
import type { CanaryRunResult, EngineDeps, RunOptions } from './types.js';

/** The `@metadata` pseudo canary: side endpoints of one target, with the same persistence as canaries. */
export async function runSide(
  deps: EngineDeps,
  targetId: string,
  canary: Canary | undefined,
  counted: readonly Canary[],
  opts: RunOptions,
  now: () => Date,
): Promise<CanaryRunResult> {
  const target = parseTarget(targetId);
  const provider = target ? deps.loaded.config.providers[target.provider] : undefined;
  if (!target || !provider || !canary) throw new TriplineError('USAGE', `no side checks for target ${targetId}`);
  const startedAt = now();
  const outcome = await runSideChecks({
    deps,
    adapter: getProvider(provider.type),
    target,
    canary,
    counted,
    mode: opts.mode ?? 'check',
    signal: opts.signal,
    circuit: opts.circuit,
  }).catch((error: unknown) => {
    if (!(error instanceof SnapshotError)) throw error;
    return { candidates: [], requests: 0, failed: 0, recorded: false, broken: snapshotBrokenDraft(error, target.id, SIDE_CANARY) };
  });
  const at = now().toISOString();
  const scope = { target: target.id, canary: SIDE_CANARY };
  const broken = 'broken' in outcome ? [outcome.broken] : [];
  const confirmed = outcome.recorded
    ? []
    : [...broken, ...(await applyPersistence(deps.store.fence, scope, outcome.candidates, deps.loaded.config.evaluation.confirmCycles, at))];
  const result: CanaryRunResult = {
    target: target.id,
    canary: SIDE_CANARY,
    startedAt: startedAt.toISOString(),
    durationMs: now().getTime() - startedAt.getTime(),
    result: broken.length > 0 || (outcome.requests > 0 && outcome.failed === outcome.requests) ? 'unavailable' : outcome.recorded ? 'recorded' : 'ok',
    findings: confirmed.map((d) => ({ ...d, target: target.id, canary: SIDE_CANARY, detectedAt: at })),
    requests: outcome.requests,
    failedRequests: outcome.failed,
    inputTokens: 0,
    outputTokens: 0,
    metrics: {},
    headroom: null,
  };
  await recordRun(deps.store.fence, result, opts.slotAt);
  return result;
}
