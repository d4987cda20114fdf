/**
 * Fisher's exact test for a 2×2 table, one-sided, from the hypergeometric distribution of the
 * top-left cell given the margins (Fisher, 1935; Agresti, "Categorical Data Analysis", §3.5).
 *
 *            success  failure
 *   row 1       a        b
 *   row 2       c        d
 */
import { logChoose } from './gamma.js';

/** P(top-left = k) given the margins of the table [[a, b], [c, d]]. */
function hypergeometric(k: number, row1: number, col1: number, total: number): number {
  return Math.exp(logChoose(col1, k) + logChoose(total - col1, row1 - k) - logChoose(total, row1));
}

/**
 * One-sided Fisher exact p-value. `less`: row 1 has a lower success proportion than row 2
 * (P(X ≤ a)); `greater`: a higher one (P(X ≥ a)).
 */
export function fisherExact(a: number, b: number, c: number, d: number, alternative: 'less' | 'greater'): number {
  const row1 = a + b;
  const col1 = a + c;
  const total = a + b + c + d;
  const lo = Math.max(0, row1 + col1 - total);
  const hi = Math.min(row1, col1);
  let p = 0;
  if (alternative === 'less') for (let k = lo; k <= a; k++) p += hypergeometric(k, row1, col1, total);
  else for (let k = a; k <= hi; k++) p += hypergeometric(k, row1, col1, total);
  return Math.min(1, p);
}
