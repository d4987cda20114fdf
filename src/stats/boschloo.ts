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
import { fisherExact } from './fisher.js';
import { logChoose } from './gamma.js';

/** Tables above this many cells fall back to Fisher's p (still exact, only more conservative). */
const MAX_TABLES = 250_000;
const GRID = 200;
const REFINE_STEPS = 40;

/**
 * Row 2's law with its running sums from both ends, so that the probability of a run of y values is
 * two lookups. A run reaching either end is read from that end's sum: a tail of 1e-12 keeps its
 * digits instead of being the difference of two numbers near 1.
 */
interface Law2 {
  /** head[k] = P(Y < k). */
  head: Float64Array;
  /** tail[k] = P(Y ≥ k). */
  tail: Float64Array;
}

/** Fisher's p of every table and the binomial laws at the grid points, per (n1, n2, alternative). */
interface Tables {
  fisher: Float64Array;
  grid: { p1: Float64Array; p2: Law2 }[];
}
const cache = new Map<string, Tables>();
const CACHED = 16;

const logChooses = new Map<number, Float64Array>();

/**
 * P(X = k) for every k, X ~ Binomial(n, π) with 0 < π < 1: binomialPmf's formula with its log
 * binomial coefficients computed once per n (the search evaluates ~240 laws per p-value).
 */
function binomialLaw(n: number, pi: number): Float64Array {
  let lc = logChooses.get(n);
  if (!lc) {
    lc = Float64Array.from({ length: n + 1 }, (_, k) => logChoose(n, k));
    if (logChooses.size >= 4 * CACHED) logChooses.delete(logChooses.keys().next().value as number);
    logChooses.set(n, lc);
  }
  const [logP, logQ] = [Math.log(pi), Math.log1p(-pi)];
  const law = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) law[k] = Math.exp(lc[k]! + k * logP + (n - k) * logQ);
  return law;
}

function law2(n: number, pi: number): Law2 {
  const p = binomialLaw(n, pi);
  const head = new Float64Array(n + 2);
  const tail = new Float64Array(n + 2);
  for (let k = 0; k <= n; k++) head[k + 1] = head[k]! + p[k]!;
  for (let k = n; k >= 0; k--) tail[k] = tail[k + 1]! + p[k]!;
  return { head, tail };
}

/** P(from ≤ Y ≤ to). */
function runProbability(law: Law2, from: number, to: number, n: number): number {
  if (to === n) return law.tail[from]!;
  if (from === 0) return law.head[to + 1]!;
  return law.head[to + 1]! - law.head[from]!;
}

function tablesFor(n1: number, n2: number, alternative: 'less' | 'greater'): Tables {
  const key = `${n1},${n2},${alternative}`;
  const known = cache.get(key);
  if (known) return known;
  const fisher = new Float64Array((n1 + 1) * (n2 + 1));
  for (let x = 0; x <= n1; x++) for (let y = 0; y <= n2; y++) fisher[x * (n2 + 1) + y] = fisherExact(x, n1 - x, y, n2 - y, alternative);
  const grid = Array.from({ length: GRID - 1 }, (_, g) => ({ p1: binomialLaw(n1, (g + 1) / GRID), p2: law2(n2, (g + 1) / GRID) }));
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
  // The rejection region: every table with a Fisher p at most the observed one (ties included),
  // kept as runs of consecutive y per x: its size under π is then a sum over a few runs, not over
  // every table in it (the region is searched at ~240 values of π).
  const threshold = observed * (1 + 1e-9);
  const runs: { x: number; from: number; to: number }[] = [];
  for (let x = 0; x <= n1; x++) {
    for (let y = 0; y <= n2; y++) {
      if (fisher[x * (n2 + 1) + y]! > threshold) continue;
      const from = y;
      while (y < n2 && fisher[x * (n2 + 1) + y + 1]! <= threshold) y++;
      runs.push({ x, from, to: y });
    }
  }
  const sizeUnder = (p1: Float64Array, p2: Law2): number => {
    let s = 0;
    for (const r of runs) s += p1[r.x]! * runProbability(p2, r.from, r.to, n2);
    return s;
  };
  const size = (pi: number): number => sizeUnder(binomialLaw(n1, pi), law2(n2, pi));
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
