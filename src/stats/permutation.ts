/**
 * Two-sample permutation tests, optionally stratified (labels are exchanged only within a stratum,
 * as Model Equality Testing does per prompt). The p-value (1 + #{T* ≥ T}) / (1 + b) counts the
 * observed labelling as one permutation, which keeps the test exact at level α whenever
 * α(1 + b) is an integer (Phipson & Smyth, 2010, "Permutation p-values should never be zero").
 */
import { shuffleInPlace, type Rng } from './prng.js';

/** One stratum's two samples: `x` the first (e.g. current window), `y` the second (the pool). */
export interface Stratum<T> {
  x: T[];
  y: T[];
}

export interface PermutationResult {
  /** The statistic on the observed labelling. */
  statistic: number;
  /** (1 + #{permuted ≥ observed}) / (1 + permutations). */
  pValue: number;
  /** Number of random permutations drawn. */
  permutations: number;
}

/**
 * Permutation test of "x and y come from the same distribution" for a statistic where larger means
 * more different. `statistic` receives every stratum relabelled; it must not keep references.
 */
export function stratifiedPermutationTest<T>(
  strata: readonly Stratum<T>[],
  statistic: (strata: readonly Stratum<T>[]) => number,
  opts: { permutations: number; rng: Rng },
): PermutationResult {
  const observed = statistic(strata);
  const pooled = strata.map((s) => [...s.x, ...s.y]);
  let atLeast = 0;
  // Floating sums in another order can differ in the last bits; a tiny tolerance keeps ties as ties.
  const threshold = observed - 1e-12 * Math.max(1, Math.abs(observed));
  for (let b = 0; b < opts.permutations; b++) {
    const relabelled = pooled.map((all, k) => {
      shuffleInPlace(all, opts.rng);
      const nx = strata[k]!.x.length;
      return { x: all.slice(0, nx), y: all.slice(nx) };
    });
    if (statistic(relabelled) >= threshold) atLeast++;
  }
  return { statistic: observed, pValue: (1 + atLeast) / (1 + opts.permutations), permutations: opts.permutations };
}

/** Unstratified two-sample permutation test with a supplied statistic (larger = more different). */
export function permutationTest<T>(
  x: readonly T[],
  y: readonly T[],
  statistic: (x: readonly T[], y: readonly T[]) => number,
  opts: { permutations: number; rng: Rng },
): PermutationResult {
  return stratifiedPermutationTest([{ x: [...x], y: [...y] }], (s) => statistic(s[0]!.x, s[0]!.y), opts);
}
