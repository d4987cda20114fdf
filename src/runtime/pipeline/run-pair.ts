import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { TriplineConfig } from '../../config/schema.js';
import { parseTarget } from '../../domain/target.js';
import type { Budget } from '../budget/budget.js';
import { costOf } from '../budget/budget.js';
import type { HeadroomGovernor } from '../budget/headroom.js';
import type { CanaryRunResult, Engine } from '../engine/types.js';
import type { DaemonMetrics } from '../metrics/index.js';
import type { History } from '../../history/store.js';
import type { ProviderCircuit } from '../engine/provider-circuit.js';
import { foldRunIntoProviderDown } from '../engine/provider-down.js';
import { confirmPolicyOf, confirmSuspicions } from '../confirmation.js';
import { delay } from '../scheduler/delay.js';
import type { RunBoard } from './board.js';
import type { AlertSink } from './types.js';

/** Everything one scheduled run touches; getters return the current (last good) config and engine. */
export interface PipelineDeps {
  engine: () => Engine;
  config: () => TriplineConfig;
  budget: Budget;
  headroom: HeadroomGovernor;
  metrics: DaemonMetrics;
  alerts: AlertSink;
  board: RunBoard;
  /** Keeps each run's measurements and findings for the dashboard's charts. */
  history: History;
  logger: Logger;
  /** Providers found unreachable are not sent requests for a while, and are one finding. */
  circuit?: ProviderCircuit;
}

/**
 * One scheduled run of a pair: budget gate, engine run, spend and headroom bookkeeping, metrics,
 * then the alert lifecycle. Never throws: failures are logged once here and counted.
 */
export async function runPair(
  deps: PipelineDeps,
  target: string,
  canary: string,
  signal: AbortSignal,
  /** Waits before a confirmation run (the scheduler frees the provider's slot meanwhile); false when cut short. */
  pause: (ms: number) => Promise<boolean> = (ms) => delay(ms, signal),
  /** The scheduled slot this run was claimed for, recorded with the run (its confirmation runs have none). */
  slotAt?: number,
): Promise<CanaryRunResult | null> {
  const provider = parseTarget(target)?.provider ?? target;
  const providerConfig = deps.config().providers[provider];
  const log = deps.logger.child({ run: randomUUID().slice(0, 8), target, canary });
  const admission = await deps.budget.admit(provider);
  if (!admission.allowed) {
    const skipped = skippedRun(target, canary, 'budget');
    deps.metrics.recordRun(skipped, provider, 0);
    if (admission.finding) {
      const s = admission.spend;
      log.warn({ provider, day: s.day, tokens: s.inputTokens + s.outputTokens, cost: s.cost }, 'budget exhausted');
      deps.metrics.recordFindings([admission.finding]);
      deps.board.addFindings([admission.finding]);
      await recordHistory(deps, log, { ...skipped, findings: [admission.finding] });
      await deliver(deps, log, [admission.finding], [{ target: provider }]);
    }
    return skipped;
  }
  let result: CanaryRunResult;
  try {
    log.debug('run started');
    result = await runConfirmed(deps, log, { target, canary }, signal, pause, slotAt);
    const down = deps.circuit?.isDown(provider) ? deps.circuit.down().find((d) => d.provider === provider) : undefined;
    if (down && result.result === 'unavailable') result = { ...result, findings: foldRunIntoProviderDown(result, down, deps.engine().pairs()) };
  } catch (err) {
    log.error({ err }, 'run failed');
    deps.metrics.recordError(target, canary);
    return null;
  } finally {
    admission.release();
  }
  await deps.budget.record(provider, result.inputTokens, result.outputTokens);
  const backoff = deps.headroom.report(provider, providerConfig?.minHeadroom ?? 0, result);
  if (backoff > 0) log.warn({ provider, headroom: result.headroom, backoffSeconds: backoff }, 'rate-limit headroom low, backing off');
  deps.metrics.recordRun(result, provider, costOf(providerConfig?.budget, result.inputTokens, result.outputTokens));
  deps.metrics.recordFindings(result.findings);
  deps.board.record(result);
  await recordHistory(deps, log, result);
  log.info(
    { result: result.result, durationMs: result.durationMs, findings: result.findings.length, requests: result.requests, confirmations: result.confirmations ?? 0 },
    'run finished',
  );
  await deliver(deps, log, result.findings, [{ target, canary }]);
  return result;
}

/**
 * The engine's run of the pair and, when it leaves suspicions, their confirmation runs after
 * `evaluation.confirmAfter`: a change is reported in the cycle that saw it, not a slot later.
 */
async function runConfirmed(
  deps: PipelineDeps,
  log: Logger,
  pair: { target: string; canary: string },
  signal: AbortSignal,
  pause: (ms: number) => Promise<boolean>,
  slotAt: number | undefined,
): Promise<CanaryRunResult> {
  const engine = deps.engine();
  const run = (target: string, canary: string, slot?: number): Promise<CanaryRunResult> =>
    engine.runCanary(target, canary, { signal, slotAt: slot, ...(deps.circuit ? { circuit: deps.circuit } : {}) });
  // Only the scheduled run is the slot's run; confirmation runs are recorded without a slot.
  const first = await run(pair.target, pair.canary, slotAt);
  const policy = confirmPolicyOf(deps.config().evaluation);
  if (!policy) return first;
  const [confirmed] = await confirmSuspicions([first], {
    policy,
    suspicions: (target, canary) => engine.suspicions(target, canary),
    run,
    pause: (ms) => {
      log.info({ waitMs: ms }, 'suspicion: confirming with fresh requests');
      return pause(ms);
    },
    onConfirmation: (_pair, outcome) => log.info(outcome, 'confirmation run'),
  });
  return confirmed ?? first;
}

async function deliver(
  deps: PipelineDeps,
  log: Logger,
  findings: CanaryRunResult['findings'],
  evaluated: { target: string; canary?: string }[],
): Promise<void> {
  try {
    await deps.alerts.process(findings, evaluated);
  } catch (err) {
    log.error({ err }, 'alert processing failed');
    return;
  }
  await deps.alerts.flush();
}

function skippedRun(target: string, canary: string, reason: 'budget' | 'headroom'): CanaryRunResult {
  return {
    target,
    canary,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    result: 'skipped',
    skippedReason: reason,
    findings: [],
    requests: 0,
    failedRequests: 0,
    inputTokens: 0,
    outputTokens: 0,
    metrics: {},
    headroom: null,
  };
}

/** The history is for people looking back; failing to write it must not stop alerting. */
async function recordHistory(deps: PipelineDeps, log: Logger, run: CanaryRunResult): Promise<void> {
  try {
    await deps.history.recordRun(run);
  } catch (err) {
    log.warn({ err }, 'history not recorded');
  }
}
