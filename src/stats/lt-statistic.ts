/**
 * The Log Probability Tracking statistic (Chauvin et al., ICLR 2026): for one prompt, the mean over
 * the union of top-k first-token candidates of |mean logprob in A − mean logprob in B|. A sample
 * whose top-k list lacks a token is left-censored: the token gets that sample's lowest observed
 * logprob, an upper bound on its true value. With several prompts the statistic is the mean over
 * prompts, and the permutation test exchanges samples only within a prompt.
 */
import { stratifiedPermutationTest, type PermutationResult, type Stratum } from './permutation.js';
import type { Rng } from './prng.js';

/** One sample's top-k first-token logprobs, token -> logprob. */
export type TopLogprobs = Readonly<Record<string, number>>;

interface Dense {
  tokens: string[];
  /** values[i][t]: censored logprob of token t in sample i. */
  values: Float64Array[];
  totals: Float64Array;
}

function densify(samples: readonly TopLogprobs[]): Dense {
  const tokens = [...new Set(samples.flatMap((s) => Object.keys(s)))].sort();
  const values = samples.map((s) => {
    const observed = Object.values(s);
    const floor = observed.length ? Math.min(...observed) : 0;
    return Float64Array.from(tokens, (t) => s[t] ?? floor);
  });
  const totals = new Float64Array(tokens.length);
  for (const row of values) for (let t = 0; t < tokens.length; t++) totals[t]! += row[t]!;
  return { tokens, values, totals };
}

/** Per-token mean of group x minus mean of the rest. */
function deltas(d: Dense, x: readonly number[]): Float64Array {
  const n = x.length;
  const m = d.values.length - n;
  const out = new Float64Array(d.tokens.length);
  if (n === 0 || m === 0) return out;
  const sumX = new Float64Array(d.tokens.length);
  for (const i of x) {
    const row = d.values[i]!;
    for (let t = 0; t < row.length; t++) sumX[t]! += row[t]!;
  }
  for (let t = 0; t < out.length; t++) out[t] = sumX[t]! / n - (d.totals[t]! - sumX[t]!) / m;
  return out;
}

function meanAbs(v: Float64Array): number {
  if (v.length === 0) return 0;
  let s = 0;
  for (const x of v) s += Math.abs(x);
  return s / v.length;
}

/** LT statistic of x against y for a single prompt. */
export function ltStatistic(x: readonly TopLogprobs[], y: readonly TopLogprobs[]): number {
  const d = densify([...x, ...y]);
  return meanAbs(deltas(d, x.map((_, i) => i)));
}

/** A token whose mean logprob moved, for evidence. */
export interface TokenMove {
  /** The prompt stratum (item id or ""). */
  stratum: string;
  token: string;
  /** Mean (censored) logprob in the second sample (the baseline pool). */
  before: number;
  /** Mean (censored) logprob in the first sample (the current window). */
  after: number;
}

export interface LtResult extends PermutationResult {
  /** Tokens with the largest |after − before|, largest first. */
  movers: TokenMove[];
}

/** Stratified LT permutation test; `names` label the strata in the evidence. */
export function ltTest(
  strata: readonly Stratum<TopLogprobs>[],
  opts: { permutations: number; rng: Rng; names?: readonly string[]; topMovers?: number },
): LtResult {
  const dense = strata.map((s) => densify([...s.x, ...s.y]));
  const indexStrata: Stratum<number>[] = strata.map((s) => ({
    x: s.x.map((_, i) => i),
    y: s.y.map((_, i) => s.x.length + i),
  }));
  const statistic = (relabelled: readonly Stratum<number>[]): number => {
    let sum = 0;
    relabelled.forEach((s, k) => (sum += meanAbs(deltas(dense[k]!, s.x))));
    return relabelled.length ? sum / relabelled.length : 0;
  };
  const result = stratifiedPermutationTest(indexStrata, statistic, opts);
  const movers: TokenMove[] = [];
  indexStrata.forEach((s, k) => {
    const d = dense[k]!;
    const n = s.x.length;
    const m = s.y.length;
    if (n === 0 || m === 0) return;
    d.tokens.forEach((token, t) => {
      const sumX = sumOf(d, s.x, t);
      movers.push({ stratum: opts.names?.[k] ?? '', token, before: (d.totals[t]! - sumX) / m, after: sumX / n });
    });
  });
  movers.sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before));
  return { ...result, movers: movers.slice(0, opts.topMovers ?? 5) };
}

function sumOf(d: Dense, x: readonly number[], t: number): number {
  let s = 0;
  for (const i of x) s += d.values[i]![t]!;
  return s;
}
