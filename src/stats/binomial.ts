/**
 * Exact binomial tests and McNemar's test for paired binary outcomes.
 * The two-sided binomial p-value sums the probabilities of all outcomes no more likely than the
 * observed one (scipy.stats.binomtest, "minlike"); McNemar is the exact conditional binomial test on
 * the discordant pairs (McNemar, 1947; exact form: Fagerland, Lydersen & Laake, 2013).
 */
import { logChoose } from './gamma.js';

/** P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X ≤ k). */
export function binomialCdf(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = 0; i <= Math.min(k, n); i++) s += binomialPmf(i, n, p);
  return Math.min(1, s);
}

export type Alternative = 'two-sided' | 'less' | 'greater';

/** Exact binomial test of k successes in n trials against success probability p. */
export function binomialTest(k: number, n: number, p: number, alternative: Alternative = 'two-sided'): number {
  if (n === 0) return 1;
  if (alternative === 'less') return binomialCdf(k, n, p);
  if (alternative === 'greater') return Math.min(1, tailSum(k, n, p));
  const observed = binomialPmf(k, n, p);
  const tolerance = 1 + 1e-7;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const q = binomialPmf(i, n, p);
    if (q <= observed * tolerance) s += q;
  }
  return Math.min(1, s);
}

function tailSum(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = k; i <= n; i++) s += binomialPmf(i, n, p);
  return s;
}

export interface McNemarResult {
  /** Pairs positive before and negative after. */
  b: number;
  /** Pairs negative before and positive after. */
  c: number;
  /** Two-sided exact p-value. */
  pValue: number;
}

/** Exact McNemar test on discordant counts b and c (two-sided). */
export function mcnemarExact(b: number, c: number): McNemarResult {
  const n = b + c;
  if (n === 0) return { b, c, pValue: 1 };
  return { b, c, pValue: Math.min(1, 2 * binomialCdf(Math.min(b, c), n, 0.5)) };
}

/**
 * The smallest rate above `base` that a one-sided exact binomial test of n trials (level α, "more
 * than base") detects with the given power: the rate at which P(X ≥ k) = power, k the test's
 * critical count. 1 when no count of n reaches α. A test against a pool estimate of `base` (e.g.
 * Boschloo's) has less power, so this is a lower bound on that test's smallest effect.
 */
export function detectableRate(n: number, base: number, alpha: number, power: number): number {
  let k = 0;
  while (k <= n && 1 - binomialCdf(k - 1, n, base) > alpha) k++;
  return rateForCount(n, k, power);
}

/** The rate at which n trials give at least k events with probability `power` (bisection); 1 when k > n. */
export function rateForCount(n: number, k: number, power: number): number {
  if (k <= 0) return 0;
  if (k > n) return 1;
  let [lo, hi] = [0, 1];
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (1 - binomialCdf(k - 1, n, mid) >= power) hi = mid;
    else lo = mid;
  }
  return hi;
}
