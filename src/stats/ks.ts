/**
 * Two-sample Kolmogorov-Smirnov test, two-sided, with the asymptotic Kolmogorov distribution and
 * Stephens' small-sample correction λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, nₑ = n·m/(n + m)
 * (Numerical Recipes §14.3.3; Stephens, 1970). Discrete data (token counts with ties) make the
 * test conservative, which is the safe direction for an alarm.
 */

export interface KsResult {
  /** sup |F_x − F_y|. */
  d: number;
  /** Two-sided p-value. */
  pValue: number;
}

/** Kolmogorov survival function Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} exp(−2 j² λ²). */
export function kolmogorovSf(lambda: number): number {
  if (lambda < 1e-3) return 1;
  let sum = 0;
  let previous = 0;
  for (let j = 1; j <= 100; j++) {
    const term = 2 * (j % 2 ? 1 : -1) * Math.exp(-2 * j * j * lambda * lambda);
    sum += term;
    if (Math.abs(term) <= 1e-10 * Math.abs(sum) || Math.abs(term) <= 1e-12 * previous) return clamp01(sum);
    previous = Math.abs(term);
  }
  return 1;
}

/** Two-sample KS test of x against y. */
export function ksTwoSample(x: readonly number[], y: readonly number[]): KsResult {
  if (x.length === 0 || y.length === 0) return { d: 0, pValue: 1 };
  const a = [...x].sort((p, q) => p - q);
  const b = [...y].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i] as number, b[j] as number);
    while (i < a.length && (a[i] as number) <= v) i++;
    while (j < b.length && (b[j] as number) <= v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  const en = Math.sqrt((a.length * b.length) / (a.length + b.length));
  return { d, pValue: kolmogorovSf((en + 0.12 + 0.11 / en) * d) };
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
