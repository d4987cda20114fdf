/**
 * Two-sided permutation test of a shift in the mean: |mean(x) − mean(x ∪ y)|, with x relabelled
 * against y. Exact under exchangeability whatever the distribution, and for a scale change of
 * positive data (answers 1.5× longer) far more powerful than a rank test, whose ranks discard the
 * magnitudes that carry the signal: at 56 answers against a pool of 280 it fires at α = 7.2e-4 in
 * 99% of cycles where Mann-Whitney fires in 96% (bench/detection, verbosity-shift).
 */
import { permutationTest, type PermutationResult } from './permutation.js';
import type { Rng } from './prng.js';

export function meanShiftPermutation(x: readonly number[], y: readonly number[], opts: { permutations: number; rng: Rng }): PermutationResult {
  const n = x.length + y.length;
  const grand = (sum(x) + sum(y)) / n;
  // The total is fixed under relabelling, so the relabelled x alone decides the statistic.
  return permutationTest(x, y, (rx) => Math.abs(sum(rx) / rx.length - grand), opts);
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
