/**
 * The behavior probe's per-cycle decision: the border-input χ² permutation test, plus the
 * prompt-stratified Hamming-kernel MMD (docs/statistics.md#output-distribution). For multi-token outputs both decide, p = 2·min
 * (Bonferroni). For one-token canaries the MMD runs only as an escalation when the χ² test is
 * already suspicious, as evidence on the same data, not as a second chance to alarm.
 */
import type { SampleRecord } from '../types.js';
import { groupBy } from '../../stats/cycles.js';
import { hammingKernel, mmdTest, type SequenceStratum } from '../../stats/mmd.js';
import type { PermutationResult } from '../../stats/permutation.js';
import { createRng, seedFrom } from '../../stats/prng.js';
import type { EDetectorOptions } from '../../stats/e-detector.js';
import { borderTest, type BorderOutcome } from './border-test.js';
import { BORDER_QUIET, type BorderQuietRule } from './sequential.js';
import { sequenceOf } from './tokens.js';

/** Tunables of the behavior probe. */
export interface BehaviorOptions {
  /** Permutations of the border χ² test (cheap: 9,999 lets p reach 1e-4). */
  permutations: number;
  /**
   * The border test stops at this many permuted statistics ≥ the observed one (Besag-Clifford; see
   * stats/permutation.ts): same decisions at α, a quiet cycle costs ~150 permutations, not 9,999.
   */
  stopAfter: number;
  /** Permutations of the MMD test (docs/statistics.md#output-distribution: the design said about 1,000; 9,999 so that 2·p can reach α = 0.001). */
  mmdPermutations: number;
  /** Tokens rarer than this (both samples together) share an "other" column. */
  minCount: number;
  /** χ² p at or below which the MMD runs on one-token canaries too. */
  escalateAt: number;
  /** Most recent pool samples per prompt used by the MMD (its Gram matrix is quadratic). */
  mmdPoolCap: number;
  /** The sequential e-detector (accumulates partial-traffic evidence), or false to disable. */
  eDetector: EDetectorOptions | false;
  /** The quiet stop (sequential.ts), or false to send every cycle whole. */
  quiet: BorderQuietRule | false;
}

export const defaultBehaviorOptions: BehaviorOptions = {
  permutations: 9999,
  stopAfter: 20,
  mmdPermutations: 9999,
  minCount: 5,
  escalateAt: 0.01,
  mmdPoolCap: 100,
  eDetector: { kappa: 0.5, threshold: 1e5 },
  quiet: BORDER_QUIET,
};

/** One cycle's outcome. */
export interface BehaviorOutcome {
  border: BorderOutcome;
  mmd: PermutationResult | null;
  /** The decision p-value of the cycle. */
  pValue: number;
  windowSize: number;
  poolSize: number;
}

function mmdStrata(current: readonly SampleRecord[], pool: readonly SampleRecord[], cap: number): SequenceStratum[] {
  const base = groupBy(pool, (s) => s.item ?? '');
  return [...groupBy(current, (s) => s.item ?? '')]
    .filter(([k]) => (base.get(k)?.length ?? 0) >= 2)
    .map(([k, x]) => ({ x: x.map(sequenceOf), y: base.get(k)!.slice(-cap).map(sequenceOf) }));
}

/**
 * Runs the cycle's tests; null when no prompt has samples on both sides. `escalate` false skips the
 * evidence-only MMD (A/A replays need only the decision p).
 */
export function behaviorTest(
  current: readonly SampleRecord[],
  pool: readonly SampleRecord[],
  opts: BehaviorOptions,
  escalate = true,
): BehaviorOutcome | null {
  const rng = createRng(seedFrom(current.map((s) => `${s.timestamp}/${s.item ?? ''}/${s.sample}`).join(',')));
  const border = borderTest(current, pool, { permutations: opts.permutations, stopAfter: opts.stopAfter, rng, minCount: opts.minCount });
  if (!border) return null;
  const multiToken = current.some((s) => sequenceOf(s).length > 1);
  const mmd =
    multiToken || (escalate && border.pValue <= opts.escalateAt)
      ? mmdTest(mmdStrata(current, pool, opts.mmdPoolCap), hammingKernel, { permutations: opts.mmdPermutations, rng })
      : null;
  return {
    border,
    mmd,
    pValue: mmd && multiToken ? Math.min(1, 2 * Math.min(border.pValue, mmd.pValue)) : border.pValue,
    windowSize: current.length,
    poolSize: pool.length,
  };
}
