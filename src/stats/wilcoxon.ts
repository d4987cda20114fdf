/**
 * Wilcoxon signed-rank test for paired data, two-sided. Zero differences are dropped (Wilcoxon's
 * original "wilcox" zero method, scipy's default). Without ties and with n ≤ 25 the exact null
 * distribution of W⁺ is enumerated (subset-sum counts); otherwise the normal approximation with the
 * tie correction Σ(t³ − t)/48 and a 0.5 continuity correction is used
 * (Hollander, Wolfe & Chicken, "Nonparametric Statistical Methods", 3rd ed., §3.1).
 */
import { normalSf } from './normal.js';
import { rankWithTies, tieSum } from './ranks.js';

export interface WilcoxonResult {
  /** Sum of the ranks of the positive differences. */
  wPlus: number;
  /** Non-zero differences used. */
  n: number;
  /** Standardised statistic (positive when differences tend to be positive). */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Matched-pairs rank-biserial correlation (W⁺ − W⁻)/(W⁺ + W⁻) in [−1, 1]. */
  effectSize: number;
  /** Whether the exact distribution was used. */
  exact: boolean;
}

const EXACT_MAX_N = 25;

/** Counts of each W⁺ value under H0 for n untied ranks 1..n (2ⁿ equally likely sign patterns). */
export function signedRankCounts(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    for (let s = max; s >= r; s--) counts[s] = (counts[s] as number) + (counts[s - r] as number);
  }
  return counts;
}

/** Two-sided Wilcoxon signed-rank test on paired differences d = after − before. */
export function wilcoxonSignedRank(differences: readonly number[]): WilcoxonResult {
  const d = differences.filter((v) => v !== 0 && Number.isFinite(v));
  const n = d.length;
  if (n === 0) return { wPlus: 0, n: 0, z: 0, pValue: 1, effectSize: 0, exact: true };
  const { ranks, ties } = rankWithTies(d.map(Math.abs));
  let wPlus = 0;
  for (let i = 0; i < n; i++) if ((d[i] as number) > 0) wPlus += ranks[i] as number;
  const total = (n * (n + 1)) / 2;
  const effectSize = (2 * wPlus - total) / total;
  const mu = total / 2;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieSum(ties) / 48;
  const sd = Math.sqrt(Math.max(variance, 0));
  const zRaw = sd > 0 ? (wPlus - mu) / sd : 0;
  if (ties.length === 0 && n <= EXACT_MAX_N) {
    const counts = signedRankCounts(n);
    const all = 2 ** n;
    let lower = 0;
    let upper = 0;
    for (let s = 0; s < counts.length; s++) {
      if (s <= wPlus) lower += counts[s] as number;
      if (s >= wPlus) upper += counts[s] as number;
    }
    return { wPlus, n, z: zRaw, pValue: Math.min(1, (2 * Math.min(lower, upper)) / all), effectSize, exact: true };
  }
  if (sd === 0) return { wPlus, n, z: 0, pValue: 1, effectSize, exact: false };
  const z = Math.max(0, Math.abs(wPlus - mu) - 0.5) / sd;
  return { wPlus, n, z: Math.sign(wPlus - mu) * z, pValue: Math.min(1, 2 * normalSf(z)), effectSize, exact: false };
}
