/**
 * Maximum mean discrepancy between two samples of token sequences, with the Hamming string kernel of
 * Model Equality Testing (Gao, Liang & Guestrin, ICLR 2025) or an n-gram cosine kernel, tested by
 * permutation within prompt strata. The unbiased MMD² estimator is Gretton et al. (JMLR 2012), eq. 3.
 * Per permutation only the (small) first sample's block is summed: with row sums R and the total T
 * of the pooled Gram matrix, Σxy = Σ_{i∈x} R_i − Σxx and Σyy = T − Σxx − 2Σxy, so a relabelling costs
 * O(n²) for n current samples instead of O((n + m)²).
 */
import { stratifiedPermutationTest, type PermutationResult, type Stratum } from './permutation.js';
import type { Rng } from './prng.js';

/** A positive-definite similarity between two token sequences, in [0, 1]. */
export type SequenceKernel = (a: readonly string[], b: readonly string[]) => number;

/** Hamming kernel: share of aligned positions holding the same token (shorter sequence padded). */
export const hammingKernel: SequenceKernel = (a, b) => {
  const length = Math.max(a.length, b.length);
  if (length === 0) return 1;
  let same = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] === b[i]) same++;
  return same / length;
};

/** n-gram kernel: cosine similarity of the sequences' n-gram count vectors. */
export function ngramKernel(n: number): SequenceKernel {
  const counts = (s: readonly string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (let i = 0; i + n <= s.length; i++) {
      const g = s.slice(i, i + n).join('\u0000');
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    return m;
  };
  return (a, b) => {
    const ca = counts(a);
    const cb = counts(b);
    if (ca.size === 0 && cb.size === 0) return 1;
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (const [g, v] of ca) {
      na += v * v;
      dot += v * (cb.get(g) ?? 0);
    }
    for (const v of cb.values()) nb += v * v;
    return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
  };
}

interface Gram {
  k: Float64Array;
  size: number;
  rowSums: Float64Array;
  total: number;
  trace: number;
}

function gram(items: readonly (readonly string[])[], kernel: SequenceKernel): Gram {
  const size = items.length;
  const k = new Float64Array(size * size);
  const rowSums = new Float64Array(size);
  let total = 0;
  let trace = 0;
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) {
      const v = kernel(items[i]!, items[j]!);
      k[i * size + j] = v;
      k[j * size + i] = v;
    }
  }
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) rowSums[i]! += k[i * size + j]!;
    total += rowSums[i]!;
    trace += k[i * size + i]!;
  }
  return { k, size, rowSums, total, trace };
}

/** Unbiased MMD² of the index set `x` against the rest of the Gram matrix's items. */
function mmd2(g: Gram, x: readonly number[]): number {
  const n = x.length;
  const m = g.size - n;
  if (n < 2 || m < 2) return 0;
  let sxx = 0;
  let diagX = 0;
  let rowX = 0;
  for (const i of x) {
    diagX += g.k[i * g.size + i]!;
    rowX += g.rowSums[i]!;
    for (const j of x) sxx += g.k[i * g.size + j]!;
  }
  const sxy = rowX - sxx;
  const syy = g.total - sxx - 2 * sxy;
  return (sxx - diagX) / (n * (n - 1)) + (syy - (g.trace - diagX)) / (m * (m - 1)) - (2 * sxy) / (n * m);
}

/** One prompt's two samples of token sequences. */
export type SequenceStratum = Stratum<readonly string[]>;

/**
 * Prompt-conditional MMD permutation test: the statistic is the sum over strata of the unbiased MMD²,
 * and labels are exchanged only within each stratum. Larger = more different.
 */
export function mmdTest(
  strata: readonly SequenceStratum[],
  kernel: SequenceKernel,
  opts: { permutations: number; rng: Rng },
): PermutationResult {
  const grams = strata.map((s) => gram([...s.x, ...s.y], kernel));
  const indexStrata: Stratum<number>[] = strata.map((s) => ({
    x: s.x.map((_, i) => i),
    y: s.y.map((_, i) => s.x.length + i),
  }));
  const statistic = (relabelled: readonly Stratum<number>[]): number => {
    let sum = 0;
    relabelled.forEach((s, k) => (sum += mmd2(grams[k]!, s.x)));
    return sum;
  };
  return stratifiedPermutationTest(indexStrata, statistic, opts);
}
