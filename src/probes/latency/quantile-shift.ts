/**
 * Has the median or the p95 moved by more than a factor? (docs/statistics.md#latency) Latency is
 * heavy-tailed and swings with the time of day, so no mean or variance is trusted: each check counts
 * how many of this cycle's requests lie beyond the factor-scaled baseline quantile and compares that
 * count with the pool's by a one-sided Fisher exact test. A check fires only when both hold: the
 * moved quantile is past the factor (more than half, or more than 5%, of the cycle beyond it) and
 * the count is significant. A floor of MIN_SHIFT_MS keeps loopback-fast series from paging on
 * scheduler jitter.
 */
import { fisherExact } from '../../stats/fisher.js';

/** Smallest shift in ms that can count, whatever the factor says. */
export const MIN_SHIFT_MS = 50;

export type ShiftMode = 'median_up' | 'median_down' | 'p95_up';

/**
 * Shares of a series' α (weighted Bonferroni: a check fires when p ≤ weight·α). A tail (p95) shift
 * is the one seen in fewest requests of a cycle, so it gets the largest share; a faster median is
 * rarely bad news and gets the least.
 */
export const CHECK_WEIGHTS: Readonly<Record<ShiftMode, number>> = { median_up: 0.4, median_down: 0.1, p95_up: 0.5 };

/** Share of a cycle that must lie beyond a check's threshold for its quantile to have moved past it. */
export const CHECK_SHARES: Readonly<Record<ShiftMode, number>> = { median_up: 0.5, median_down: 0.5, p95_up: 0.05 };

export interface QuantileCheck {
  mode: ShiftMode;
  /** The factor-scaled threshold, ms. */
  threshold: number;
  /** Requests of this cycle beyond it, and of the pool. */
  beyond: number;
  poolBeyond: number;
  /** Share of the cycle that must lie beyond the threshold for the quantile to have moved past it. */
  share: number;
  /** The quantile moved past the threshold (the factor holds): more than `share` of the cycle beyond it. */
  factorHolds: boolean;
  /** One-sided Fisher p: more requests beyond the threshold than the pool had. */
  pValue: number;
}

export interface ShiftOutcome {
  before: { median: number; p95: number; n: number };
  after: { median: number; p95: number; n: number };
  checks: QuantileCheck[];
  /** Weighted Bonferroni over the checks whose factor holds (min p/weight); 1 when none does. */
  pValue: number;
  /** The check with the smallest p/weight among those whose factor holds. */
  strongest: QuantileCheck | null;
}

/** The q-quantile of sorted values (linear interpolation). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

function check(mode: ShiftMode, threshold: number, x: readonly number[], y: readonly number[]): QuantileCheck {
  const share = CHECK_SHARES[mode];
  const beyondOf = (v: number): boolean => (mode === 'median_down' ? v < threshold : v > threshold);
  const beyond = x.filter(beyondOf).length;
  const poolBeyond = y.filter(beyondOf).length;
  return {
    mode,
    threshold,
    beyond,
    poolBeyond,
    share,
    factorHolds: beyond > share * x.length,
    pValue: fisherExact(beyond, x.length - beyond, poolBeyond, y.length - poolBeyond, 'greater'),
  };
}

/** This cycle's durations `x` against the pool's `y`; null when either is empty. */
export function quantileShift(x: readonly number[], y: readonly number[], factor: number): ShiftOutcome | null {
  if (x.length === 0 || y.length === 0) return null;
  const [sx, sy] = [[...x].sort((a, b) => a - b), [...y].sort((a, b) => a - b)];
  const before = { median: quantile(sy, 0.5), p95: quantile(sy, 0.95), n: y.length };
  const after = { median: quantile(sx, 0.5), p95: quantile(sx, 0.95), n: x.length };
  const checks = [
    check('median_up', Math.max(before.median * factor, before.median + MIN_SHIFT_MS), x, y),
    check('median_down', Math.min(before.median / factor, before.median - MIN_SHIFT_MS), x, y),
    check('p95_up', Math.max(before.p95 * factor, before.p95 + MIN_SHIFT_MS), x, y),
  ];
  const holding = checks.filter((c) => c.factorHolds);
  const scaled = (c: QuantileCheck): number => c.pValue / CHECK_WEIGHTS[c.mode];
  const strongest = holding.reduce<QuantileCheck | null>((best, c) => (best === null || scaled(c) < scaled(best) ? c : best), null);
  return { before, after, checks, pValue: strongest ? Math.min(1, scaled(strongest)) : 1, strongest };
}
