/**
 * Mann-Whitney U test (Wilcoxon rank-sum), two-sided, normal approximation with tie correction and
 * continuity correction, as scipy.stats.mannwhitneyu(method='asymptotic', use_continuity=True).
 * Reference: Mann & Whitney (1947); tie-corrected variance from Lehmann, "Nonparametrics" (1975).
 */
import { normalSf } from './normal.js';
import { rankWithTies, tieSum } from './ranks.js';

export interface MannWhitneyResult {
  /** U of the first sample: the number of (x, y) pairs with x > y, ties counting one half. */
  u: number;
  /** Standardised statistic (positive when x tends to be larger). */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Rank-biserial correlation 2U/(n1 n2) − 1 in [−1, 1]: positive when x tends to be larger. */
  effectSize: number;
}

/** Two-sided Mann-Whitney U test of x against y. */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { u: Number.NaN, z: 0, pValue: 1, effectSize: 0 };
  const { ranks, ties } = rankWithTies([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i] as number;
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieSum(ties) / (n * (n - 1)));
  const effectSize = (2 * u) / (n1 * n2) - 1;
  if (variance <= 0) return { u, z: 0, pValue: 1, effectSize };
  const sd = Math.sqrt(variance);
  const dev = Math.abs(u - mu);
  const z = Math.max(0, dev - 0.5) / sd;
  return { u, z: Math.sign(u - mu) * z, pValue: Math.min(1, 2 * normalSf(z)), effectSize };
}
