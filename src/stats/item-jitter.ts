/**
 * Per-item baseline jitter (docs/statistics.md#logprob-vectors): the runs of one item in the
 * baseline pool give the mean and spread of a number the provider reports (a logprob, a logit of a
 * confidence); a new observation of the same item becomes a standard normal score. The score uses
 * the predictive t distribution (n runs, the SD's degrees of freedom, the new value's own variance
 * added) mapped through the normal quantile, so five baseline runs do not make a 6σ score common:
 * with an estimated σ the plain z would have t tails and the sequential test would alarm on them.
 */
import { mean } from './ranks.js';
import { normalUpperQuantile, studentTSf } from './student-t.js';

/** One item's baseline: mean, SD (before the floor), number of runs and the SD's degrees of freedom. */
export interface ItemJitter {
  mean: number;
  sd: number;
  runs: number;
  df: number;
}

/** The jitter of an item's baseline runs; null with fewer than 2 runs (no spread to measure). */
export function itemJitter(runs: readonly number[]): ItemJitter | null {
  if (runs.length < 2) return null;
  const m = mean(runs);
  const ss = runs.reduce((acc, x) => acc + (x - m) ** 2, 0);
  return { mean: m, sd: Math.sqrt(ss / (runs.length - 1)), runs: runs.length, df: runs.length - 1 };
}

/** Prior degrees of freedom of the moderated SDs: worth four runs of the pooled spread. */
export const PRIOR_DF = 4;

/**
 * Each item's SD moderated toward the spread pooled over all items (Smyth, "Linear models and
 * empirical Bayes methods for assessing differential expression", 2004): s² = (dᵢsᵢ² + d₀s₀²)/(dᵢ + d₀)
 * with dᵢ + d₀ degrees of freedom. An item keeps its own jitter when its runs say so, but five
 * runs that happened to agree closely do not make ordinary jitter look like a shift.
 */
export function moderated(jitters: readonly ItemJitter[], priorDf = PRIOR_DF): ItemJitter[] {
  const df = jitters.reduce((n, j) => n + j.df, 0);
  if (df === 0) return [...jitters];
  const pooled = jitters.reduce((acc, j) => acc + j.df * j.sd * j.sd, 0) / df;
  return jitters.map((j) => ({ ...j, sd: Math.sqrt((j.df * j.sd * j.sd + priorDf * pooled) / (j.df + priorDf)), df: j.df + priorDf }));
}

/**
 * Signed standard normal score of `x` against the item's jitter. `floor` bounds σ from below: a
 * bit-exact backend has σ = 0, against which rounding would be infinitely significant.
 */
export function jitterScore(x: number, jitter: ItemJitter, floor: number): number {
  const sigma = Math.max(jitter.sd, floor) * Math.sqrt(1 + 1 / jitter.runs);
  const t = (x - jitter.mean) / sigma;
  if (t === 0) return 0;
  const z = normalUpperQuantile(studentTSf(Math.abs(t), jitter.df));
  return t > 0 ? z : -z;
}
