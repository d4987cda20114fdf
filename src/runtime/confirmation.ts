import { durationMs } from '../alerts/duration.js';
import type { TriplineConfig } from '../config/schema.js';
import type { Suspicion } from './engine/persistence.js';
import type { CanaryRunResult } from './engine/types.js';

/**
 * Confirm on suspicion (docs/statistics.md#confirm-on-suspicion). A cycle that sees a candidate
 * finding short of its `confirmCycles` re-runs that canary with fresh requests after
 * `evaluation.confirmAfter`, in the same cycle, and reports the finding when the re-run sees it too.
 * Each re-run is an independent sample, so two agreeing sightings at α each keep the α² false-alarm
 * rate of the old two-cycle rule while the report comes minutes instead of a schedule slot later.
 */
export interface ConfirmPolicy {
  /** Wait before a confirmation run, before jitter. */
  afterMs: number;
}

/** The policy of an `evaluation` block; null when confirmations wait for scheduled cycles (`off`, `0s`). */
export function confirmPolicyOf(evaluation: TriplineConfig['evaluation']): ConfirmPolicy | null {
  const afterMs = evaluation.confirmAfter === 'off' ? 0 : durationMs(evaluation.confirmAfter);
  return afterMs > 0 ? { afterMs } : null;
}

/** Jitter: up to +20%, so that the suspicions of one provider-wide change do not re-run in one burst. */
export const CONFIRM_JITTER = 0.2;

export function confirmationDelayMs(policy: ConfirmPolicy, random: () => number = Math.random): number {
  return Math.round(policy.afterMs * (1 + CONFIRM_JITTER * random()));
}

export interface PairRef {
  target: string;
  canary: string;
}

export interface ConfirmIo {
  policy: ConfirmPolicy;
  /** Open suspicions of a pair, as persistence holds them now. */
  suspicions(target: string, canary: string): Promise<Suspicion[]>;
  /** One fresh run of a pair. */
  run(target: string, canary: string): Promise<CanaryRunResult>;
  /** Waits `ms`; false when the wait was cut short (shutdown, abort): no confirmation then. */
  pause(ms: number): Promise<boolean>;
  /** Runs one round's re-runs (the check runs targets in parallel); one after another when absent. */
  forEach?(pairs: readonly PairRef[], task: (pair: PairRef) => Promise<void>): Promise<void>;
  /** Told about each measured confirmation run: the suspicions (`kind|subject`) it confirmed and those it did not see again. */
  onConfirmation?(pair: PairRef, outcome: ConfirmationOutcome): void;
}

/**
 * Re-runs every pair of `first` that ended with open suspicions, after the jittered wait, until
 * none is left or the pairs had as many runs as their suspicions needed. Returns `first` with each
 * re-run pair's results merged in (its findings are the last run's). Only measured runs (`ok`) are
 * confirmed: an unavailable or recording run leaves persistence as it was.
 */
export async function confirmSuspicions(first: readonly CanaryRunResult[], io: ConfirmIo): Promise<CanaryRunResult[]> {
  const results = [...first];
  const open = new Map<number, Suspicion[]>();
  for (const [i, r] of results.entries()) {
    if (r.result !== 'ok') continue;
    const s = await io.suspicions(r.target, r.canary);
    if (s.length > 0) open.set(i, s);
  }
  // Bounded by what the first run's suspicions need: a candidate first seen in a confirmation run
  // and still short at the end is carried to the next scheduled cycle, as without confirmAfter.
  const rounds = Math.max(0, ...[...open.values()].flat().map((s) => s.sightingsNeeded));
  for (let round = 0; round < rounds && open.size > 0; round++) {
    if (!(await io.pause(confirmationDelayMs(io.policy)))) break;
    const pending = [...open.entries()];
    open.clear();
    const task = async (i: number, before: Suspicion[]): Promise<void> => {
      const prior = results[i]!;
      // Asked again just before the re-run: another canary may have confirmed a target-level
      // suspicion meanwhile, and then this one has nothing left to confirm.
      if ((await io.suspicions(prior.target, prior.canary)).length === 0) return;
      const next = await io.run(prior.target, prior.canary);
      results[i] = mergeConfirmation(prior, next);
      const after = next.result === 'ok' ? await io.suspicions(prior.target, prior.canary) : before;
      if (next.result === 'ok') io.onConfirmation?.({ target: prior.target, canary: prior.canary }, outcomeOf(before, after, next));
      if (after.length > 0) open.set(i, after);
    };
    const byPair = new Map(pending.map(([i, s]) => [`${results[i]!.target}|${results[i]!.canary}`, { i, s }]));
    const pairs = pending.map(([i]) => ({ target: results[i]!.target, canary: results[i]!.canary }));
    const each = io.forEach ?? inTurn;
    await each(pairs, (p) => {
      const { i, s } = byPair.get(`${p.target}|${p.canary}`)!;
      return task(i, s);
    });
  }
  return results;
}

async function inTurn(pairs: readonly PairRef[], task: (pair: PairRef) => Promise<void>): Promise<void> {
  for (const p of pairs) await task(p);
}

export interface ConfirmationOutcome {
  confirmed: string[];
  contradicted: string[];
}

const keyOf = (s: { kind: string; subject?: string | undefined }): string => `${s.kind}|${s.subject ?? ''}`;

function outcomeOf(before: readonly Suspicion[], after: readonly Suspicion[], run: CanaryRunResult): ConfirmationOutcome {
  const reported = new Set(run.findings.map(keyOf));
  const still = new Set(after.map(keyOf));
  const keys = before.map(keyOf);
  return {
    confirmed: keys.filter((k) => reported.has(k)),
    // Not seen again, so its streak was reset (or, target-level, another canary of the target reports it).
    contradicted: keys.filter((k) => !reported.has(k) && !still.has(k)),
  };
}

/**
 * One cycle's result of a pair and its confirmation run: the confirmation's findings and metrics
 * (the latest look), the requests and tokens of both (they were spent), the lower headroom.
 */
export function mergeConfirmation(prior: CanaryRunResult, next: CanaryRunResult): CanaryRunResult {
  const headrooms = [prior.headroom, next.headroom].filter((h): h is number => h !== null);
  return {
    ...next,
    startedAt: prior.startedAt,
    durationMs: prior.durationMs + next.durationMs,
    requests: prior.requests + next.requests,
    failedRequests: prior.failedRequests + next.failedRequests,
    inputTokens: prior.inputTokens + next.inputTokens,
    outputTokens: prior.outputTokens + next.outputTokens,
    headroom: headrooms.length > 0 ? Math.min(...headrooms) : null,
    confirmations: (prior.confirmations ?? 0) + 1,
  };
}
