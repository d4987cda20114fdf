/**
 * Boschloo's exact unconditional test for a 2×2 table with fixed row totals (two independent
 * binomials): the statistic is Fisher's one-sided p, and the p-value is the largest probability,
 * over the common success rate π, of a table at least that extreme (Boschloo, 1970; Lydersen,
 * Fagerland & Laake, Stat. Med. 2009). It is exact like Fisher's test and never less powerful: Fisher
 * conditions on the column total, which a cycle against a pool with two odd samples cannot afford.
 * With 18 samples against a pool of 90 (2% diverged) it raises the per-cycle power against "seed
 * lost" (50% diverged) from 0.960 to 0.975: from 0.92 to 0.95 over two consecutive cycles.
 *
 *            success  failure
 *   row 1       a        b
 *   row 2       c        d
 */
import { binomialPmf } from './binomial.js';
import { fisherExact } from './fisher.js';

/** Tables above this many cells fall back to Fisher's p (still exact, only more conservative). */
const MAX_TABLES = 250_000;
const GRID = 200;
const REFINE_STEPS = 40;

/** Fisher's p of every table and the binomial laws at the grid points, per (n1, n2, alternative). */
interface Tables {
  fisher: Float64Array;
  grid: { p1: Float64Array; p2: Float64Array }[];
}
const cache = new Map<string, Tables>();
const CACHED = 16;

function binomialLaw(n: number, pi: number): Float64Array {
  return Float64Array.from({ length: n + 1 }, (_, k) => binomialPmf(k, n, pi));
}

function tablesFor(n1: number, n2: number, alternative: 'less' | 'greater'): Tables {
  const key = `${n1},${n2},${alternative}`;
  const known = cache.get(key);
  if (known) return known;
  const fisher = new Float64Array((n1 + 1) * (n2 + 1));
  for (let x = 0; x <= n1; x++) for (let y = 0; y <= n2; y++) fisher[x * (n2 + 1) + y] = fisherExact(x, n1 - x, y, n2 - y, alternative);
  const grid = Array.from({ length: GRID - 1 }, (_, g) => ({ p1: binomialLaw(n1, (g + 1) / GRID), p2: binomialLaw(n2, (g + 1) / GRID) }));
  const tables = { fisher, grid };
  if (cache.size >= CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, tables);
  return tables;
}

/** One-sided Boschloo p-value; `less`: row 1 has a lower success proportion than row 2. */
export function boschlooExact(a: number, b: number, c: number, d: number, alternative: 'less' | 'greater'): number {
  const observed = fisherExact(a, b, c, d, alternative);
  const [n1, n2] = [a + b, c + d];
  if (n1 === 0 || n2 === 0 || observed >= 1 || (n1 + 1) * (n2 + 1) > MAX_TABLES) return observed;
  const { fisher, grid } = tablesFor(n1, n2, alternative);
  // The rejection region: every table with a Fisher p at most the observed one (ties included).
  const threshold = observed * (1 + 1e-9);
  const region: [number, number][] = [];
  fisher.forEach((p, i) => {
    if (p <= threshold) region.push([Math.floor(i / (n2 + 1)), i % (n2 + 1)]);
  });
  const sizeUnder = (p1: Float64Array, p2: Float64Array): number => {
    let s = 0;
    for (const [x, y] of region) s += p1[x]! * p2[y]!;
    return s;
  };
  const size = (pi: number): number => sizeUnder(binomialLaw(n1, pi), binomialLaw(n2, pi));
  // Grid search, then a golden-section refinement around the best grid point.
  let best = 0;
  let at = 0;
  grid.forEach(({ p1, p2 }, g) => {
    const s = sizeUnder(p1, p2);
    if (s > best) [best, at] = [s, (g + 1) / GRID];
  });
  let [lo, hi] = [Math.max(1e-9, at - 1 / GRID), Math.min(1 - 1e-9, at + 1 / GRID)];
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < REFINE_STEPS; i++) {
    const m1 = hi - ratio * (hi - lo);
    const m2 = lo + ratio * (hi - lo);
    if (size(m1) >= size(m2)) hi = m2;
    else lo = m1;
  }
  best = Math.max(best, size((lo + hi) / 2));
  // Never above Fisher's p: the unconditional test is at least as powerful.
  return Math.min(observed, best);
}
