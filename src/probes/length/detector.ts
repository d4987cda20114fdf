/**
 * Implicit defaults / verbosity (docs/statistics.md#verbosity): output token counts of this cycle against the
 * pool (a permutation test on the mean, Mann-Whitney U and two-sample KS, weighted Bonferroni), the
 * rate of answers cut at the token cap (Fisher exact, both directions), and the cap itself: capped
 * answers stop at exactly the cap, so the most common count among them is the effective max_tokens,
 * implicit or explicit.
 */
import { isClientCapped } from '../../domain/observation.js';
import type { SampleRecord } from '../types.js';
import { fisherExact } from '../../stats/fisher.js';
import { ksTwoSample } from '../../stats/ks.js';
import { mannWhitneyU } from '../../stats/mann-whitney.js';
import { meanShiftPermutation } from '../../stats/mean-shift.js';
import { createRng, seedFrom } from '../../stats/prng.js';
import { mean, median } from '../../stats/ranks.js';

/**
 * Shares of the probe's α (weighted Bonferroni: a test fires when p ≤ weight·α). The mean test
 * carries the verbosity signal; Mann-Whitney guards against a few outliers hiding a shift of the
 * bulk, KS against a change of spread at the same centre; the capped rate is a side signal (a
 * moved cap is caught by value, without a test).
 */
export const LENGTH_WEIGHTS = { shift: 0.9, cappedRate: 0.1 } as const;
export const SHIFT_WEIGHTS = { mean: 0.8, mannWhitney: 0.1, ks: 0.1 } as const;
/** Random relabellings of the mean test: p can reach 1e-4, below the mean test's share of α. */
const PERMUTATIONS = 9999;

// OpenAI "length", Anthropic "max_tokens", Gemini "MAX_TOKENS".
const CAPPED = new Set(['length', 'max_tokens']);

/** Whether the sample stopped because it hit the output token cap. */
export function isCapped(s: Pick<SampleRecord, 'finishReason'>): boolean {
  return s.finishReason !== null && CAPPED.has(s.finishReason.toLowerCase());
}

/** Output token counts of the samples that report one. */
export function outputLengths(samples: readonly SampleRecord[]): number[] {
  return samples.flatMap((s) => (s.usage.output === null ? [] : [s.usage.output]));
}

/** The most common output count among capped samples (the effective cap), or null. */
export function observedCap(samples: readonly SampleRecord[]): number | null {
  const counts = new Map<number, number>();
  for (const s of samples) if (isCapped(s) && s.usage.output !== null) counts.set(s.usage.output, (counts.get(s.usage.output) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount || (count === bestCount && value > (best ?? -1))) [best, bestCount] = [value, count];
  return best;
}

/** What one cycle shows against the pool. */
export interface LengthOutcome {
  before: { median: number; mean: number; cappedRate: number; cap: number | null; clientCapped: number; max: number; n: number };
  after: { median: number; mean: number; cappedRate: number; cap: number | null; clientCapped: number; max: number; n: number };
  /** Two-sided permutation p of the mean output count. */
  pMean: number;
  pMannWhitney: number;
  pKs: number;
  /** Weighted-Bonferroni p of the three distribution tests (min p/weight). */
  pShift: number;
  /** Rank-biserial correlation, positive when outputs got longer. */
  effectSize: number;
  /** Two-sided Fisher p for the capped-answer rate. */
  pCappedRate: number;
  /**
   * The cap moved: a capped answer stopped at another count, an answer ran past the old cap (to its
   * end or to tripline's client-side cap), or answers the client cap used to stop now hit a cap.
   */
  capMoved: boolean;
}

/** Compares the cycle's output lengths and cap behaviour with the pool; null without lengths. */
export function lengthTest(current: readonly SampleRecord[], pool: readonly SampleRecord[]): LengthOutcome | null {
  const x = outputLengths(current);
  const y = outputLengths(pool);
  if (x.length === 0 || y.length === 0) return null;
  const mw = mannWhitneyU(x, y);
  const ks = ksTwoSample(x, y);
  const seed = seedFrom(current.map((s) => `${s.timestamp}/${s.sample}`).join(','));
  const pMean = meanShiftPermutation(x, y, { permutations: PERMUTATIONS, rng: createRng(seed) }).pValue;
  const cappedNow = current.filter(isCapped).length;
  const cappedBefore = pool.filter(isCapped).length;
  const [nx, ny] = [current.length, pool.length];
  const pLess = fisherExact(cappedNow, nx - cappedNow, cappedBefore, ny - cappedBefore, 'less');
  const pGreater = fisherExact(cappedNow, nx - cappedNow, cappedBefore, ny - cappedBefore, 'greater');
  const capBefore = observedCap(pool);
  const capAfter = observedCap(current);
  const max = Math.max(...x);
  const [clientBefore, clientAfter] = [pool.filter(isClientCapped).length, current.filter(isClientCapped).length];
  const ranPast = capBefore !== null && ((capAfter !== null && capAfter !== capBefore) || max > capBefore);
  const nowCapped = capBefore === null && clientBefore > 0 && capAfter !== null;
  return {
    before: { median: median(y), mean: mean(y), cappedRate: cappedBefore / ny, cap: capBefore, clientCapped: clientBefore, max: Math.max(...y), n: y.length },
    after: { median: median(x), mean: mean(x), cappedRate: cappedNow / nx, cap: capAfter, clientCapped: clientAfter, max, n: x.length },
    pMean,
    pMannWhitney: mw.pValue,
    pKs: ks.pValue,
    pShift: Math.min(1, pMean / SHIFT_WEIGHTS.mean, mw.pValue / SHIFT_WEIGHTS.mannWhitney, ks.pValue / SHIFT_WEIGHTS.ks),
    effectSize: mw.effectSize,
    pCappedRate: Math.min(1, 2 * Math.min(pLess, pGreater)),
    capMoved: ranPast || nowCapped,
  };
}
