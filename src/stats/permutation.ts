/**
 * Two-sample permutation tests, optionally stratified (labels are exchanged only within a stratum,
 * as Model Equality Testing does per prompt). The p-value (1 + #{T* ≥ T}) / (1 + b) counts the
 * observed labelling as one permutation, which keeps the test exact at level α whenever
 * α(1 + b) is an integer (Phipson & Smyth, 2010, "Permutation p-values should never be zero").
 * With `stopAfter` = h the test stops at the h-th permuted statistic ≥ the observed one and reports
 * h / (permutations drawn): Besag & Clifford's sequential Monte Carlo p-value (Biometrika 1991), as
 * valid as the full one. A stop needs h exceedances, so the full test could not have rejected at
 * any α < (h + 1) / (1 + b) either: decisions at small α are unchanged, and an unremarkable cycle
 * costs about h·(1 + ln(b / h)) permutations instead of b.
 */
import type { Rng } from './prng.js';

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
 * Moves a uniformly random subset of size k to the front of `values` (a partial Fisher-Yates
 * shuffle): O(k), so relabelling a 10-sample window against a pool of thousands stays cheap.
 */
function drawFront<T>(values: T[], k: number, rng: Rng): void {
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (values.length - i));
    const tmp = values[i] as T;
    values[i] = values[j] as T;
    values[j] = tmp;
  }
}

/**
 * Permutation test of "x and y come from the same distribution" for a statistic where larger means
 * more different. `statistic` receives every stratum relabelled; it must not keep references (the
 * relabelled strata are reused from one permutation to the next).
 * The relabelled `y` is built only when the statistic reads it (many statistics need only `x`
 * plus totals fixed under relabelling).
 */
export function stratifiedPermutationTest<T>(
  strata: readonly Stratum<T>[],
  statistic: (strata: readonly Stratum<T>[]) => number,
  opts: { permutations: number; rng: Rng; stopAfter?: number },
): PermutationResult {
  const observed = statistic(strata);
  const pooled = strata.map((s) => [...s.x, ...s.y]);
  // One relabelling, refilled in place for every permutation (the statistic keeps no references):
  // thousands of permutations a cycle then allocate nothing but what the statistic itself does.
  const relabelled = pooled.map((all, k): Stratum<T> => {
    const nx = strata[k]!.x.length;
    return {
      x: all.slice(0, nx),
      get y() {
        return all.slice(nx);
      },
    };
  });
  let atLeast = 0;
  // Floating sums in another order can differ in the last bits; a tiny tolerance keeps ties as ties.
  const threshold = observed - 1e-12 * Math.max(1, Math.abs(observed));
  for (let b = 0; b < opts.permutations; b++) {
    for (let k = 0; k < pooled.length; k++) {
      const all = pooled[k]!;
      const x = relabelled[k]!.x;
      drawFront(all, x.length, opts.rng);
      for (let i = 0; i < x.length; i++) x[i] = all[i]!;
    }
    if (statistic(relabelled) >= threshold && ++atLeast === opts.stopAfter) {
      return { statistic: observed, pValue: atLeast / (b + 1), permutations: b + 1 };
    }
  }
  return { statistic: observed, pValue: (1 + atLeast) / (1 + opts.permutations), permutations: opts.permutations };
}

/** Unstratified two-sample permutation test with a supplied statistic (larger = more different). */
export function permutationTest<T>(
  x: readonly T[],
  y: readonly T[],
  statistic: (x: readonly T[], y: readonly T[]) => number,
  opts: { permutations: number; rng: Rng; stopAfter?: number },
): PermutationResult {
  return stratifiedPermutationTest([{ x: [...x], y: [...y] }], (s) => statistic(s[0]!.x, s[0]!.y), opts);
}
