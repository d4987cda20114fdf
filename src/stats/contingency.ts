/**
 * Pearson chi² and likelihood-ratio G statistics for 2×K contingency tables (Agresti, "Categorical
 * Data Analysis", §3.2). Columns empty in both rows are dropped, so df = (non-empty columns − 1).
 */
import { chiSquareSf } from './gamma.js';

export interface ContingencyResult {
  /** Pearson X². */
  chi2: number;
  /** Likelihood-ratio G² = 2 Σ O ln(O/E). */
  g: number;
  /** Degrees of freedom (non-empty columns − 1). */
  df: number;
  /** Asymptotic p-value of X². */
  pChi2: number;
  /** Asymptotic p-value of G². */
  pG: number;
}

/** Statistics of the 2×K table whose rows are `a` and `b` (counts per category, same order). */
export function twoByK(a: readonly number[], b: readonly number[]): ContingencyResult {
  let na = 0;
  let nb = 0;
  for (const v of a) na += v;
  for (const v of b) nb += v;
  const n = na + nb;
  let chi2 = 0;
  let g = 0;
  let columns = 0;
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const oa = a[k] ?? 0;
    const ob = b[k] ?? 0;
    const col = oa + ob;
    if (col === 0) continue;
    columns++;
    for (const [o, rowTotal] of [[oa, na], [ob, nb]] as const) {
      const e = (rowTotal * col) / n;
      if (e === 0) continue;
      chi2 += ((o - e) * (o - e)) / e;
      if (o > 0) g += 2 * o * Math.log(o / e);
    }
  }
  const df = Math.max(0, columns - 1);
  if (na === 0 || nb === 0) return { chi2: 0, g: 0, df, pChi2: 1, pG: 1 };
  return { chi2, g, df, pChi2: chiSquareSf(chi2, df), pG: chiSquareSf(g, df) };
}
