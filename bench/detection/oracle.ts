/**
 * The oracle likelihood-ratio test: it knows the exact per-call distribution of the observation
 * under no drift (H0) and under the scenario (H1), and rejects when the summed log-likelihood ratio
 * of n calls (spread round-robin over the canary's items, like the canary) exceeds a threshold.
 * Neyman-Pearson: no test on the same calls has more power at the same α. Power and size come from
 * one Monte Carlo run under H1: P0(L > t) = E1[exp(−L)·1{L > t}] (importance weights), so α = 1e-3
 * needs no rare-event simulation under H0.
 */
import { mulberry32, type Rng } from '../../src/simulator/rng.js';
import { normalCdf, normalSf } from '../../src/stats/normal.js';

/** One item's observation distribution under H0 and H1, on a common support (same indexes). */
export interface OracleItem {
  p0: number[];
  p1: number[];
}

/** Aligns two token→probability maps on their union. */
export function aligned(h0: ReadonlyMap<string, number>, h1: ReadonlyMap<string, number>): OracleItem {
  const keys = [...new Set([...h0.keys(), ...h1.keys()])];
  return { p0: keys.map((k) => h0.get(k) ?? 0), p1: keys.map((k) => h1.get(k) ?? 0) };
}

/** Whether any item's distributions differ (otherwise no test has power). */
export function informative(items: readonly OracleItem[]): boolean {
  return items.some((it) => it.p0.some((p, k) => Math.abs(p - (it.p1[k] ?? 0)) > 1e-12));
}

function drawLlr(item: OracleItem, rng: Rng): number {
  let u = rng.next();
  for (let k = 0; k < item.p1.length; k++) {
    const p1 = item.p1[k]!;
    if (p1 <= 0) continue;
    u -= p1;
    if (u < 0 || k === item.p1.length - 1) {
      const p0 = item.p0[k]!;
      return p0 <= 0 ? Infinity : Math.log(p1 / p0);
    }
  }
  return 0;
}

/** Power of the most powerful level-α test with n calls (Monte Carlo, `reps` runs under H1). */
export function oraclePower(items: readonly OracleItem[], n: number, alpha: number, reps = 2000, seed = 1): number {
  if (n <= 0 || !informative(items)) return 0;
  const rng = mulberry32(seed);
  const sums: number[] = [];
  for (let r = 0; r < reps; r++) {
    let l = 0;
    for (let i = 0; i < n && l !== Infinity; i++) l += drawLlr(items[i % items.length]!, rng);
    sums.push(l);
  }
  sums.sort((a, b) => b - a);
  // Reject the largest values while the H0 mass of the rejection region stays ≤ α (ties together).
  let size = 0;
  let rejected = 0;
  let i = 0;
  while (i < reps) {
    let j = i;
    let weight = 0;
    while (j < reps && sums[j] === sums[i]) weight += Math.exp(-sums[j++]!);
    if (size + weight / reps > alpha) break;
    size += weight / reps;
    rejected = j;
    i = j;
  }
  return rejected / reps;
}

/** Fewest calls for power ≥ `target` at α, or null when not reached by `maxN` (or never). */
export function oracleCalls(items: readonly OracleItem[], alpha: number, maxN: number, target = 0.95): number | null {
  if (!informative(items)) return null;
  let hi = 1;
  while (oraclePower(items, hi, alpha) < target) {
    if (hi >= maxN) return null;
    hi = Math.min(maxN, hi * 2);
  }
  let lo = Math.floor(hi / 2);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (oraclePower(items, mid, alpha) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** z with P(N(0,1) > z) = α (bisection: the bench needs a handful). */
function upperQuantile(alpha: number): number {
  let [lo, hi] = [-10, 40];
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (normalSf(mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Fewest calls for power ≥ `target` at α of the oracle that reads the greedy token's logprob: it is
 * the true value plus Gaussian jitter of known sd, so n calls give a Gaussian likelihood ratio with
 * separation Δ = √Σ(δ/σ)² (`shifts` are δ/σ per item) and the most powerful test has power
 * Φ(Δ − z_α). It reads one number of each answer, so the oracle that reads them all needs at most
 * this many. Like the canary (and the bench's streams), it goes round the items from a start it
 * does not choose: the power is averaged over every starting item, since no one knows in advance
 * which items a partial swap took.
 */
export function logprobOracleCalls(shifts: readonly number[], alpha: number, maxN: number, target = 0.95): number | null {
  if (!shifts.some((s) => s > 0)) return null;
  const z = upperQuantile(alpha);
  const d2 = shifts.map(() => 0);
  for (let n = 1; n <= maxN; n++) {
    let power = 0;
    for (let start = 0; start < shifts.length; start++) {
      const s = shifts[(start + n - 1) % shifts.length]!;
      d2[start]! += s * s;
      power += normalCdf(Math.sqrt(d2[start]!) - z);
    }
    if (power / shifts.length >= target) return n;
  }
  return null;
}
