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
  /** The same values token-major: byToken[t * samples + i], so one token's sum over a group reads one run of memory. */
  byToken: Float64Array;
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
  const byToken = new Float64Array(tokens.length * values.length);
  values.forEach((row, i) => row.forEach((v, t) => (byToken[t * values.length + i] = v)));
  return { tokens, values, byToken, totals };
}

/**
 * Mean over tokens of |mean of group x − mean of the rest|. The permutation test calls this
 * thousands of times a cycle, so it allocates nothing; each token's sum runs over x in x's order,
 * the same additions as summing row by row, so the value is the same to the last bit.
 */
function meanAbsDelta(d: Dense, x: readonly number[]): number {
  const n = x.length;
  const size = d.values.length;
  const m = size - n;
  const tokens = d.tokens.length;
  if (tokens === 0 || n === 0 || m === 0) return 0;
  let s = 0;
  for (let t = 0; t < tokens; t++) {
    const base = t * size;
    let sumX = 0;
    for (let j = 0; j < n; j++) sumX += d.byToken[base + x[j]!]!;
    s += Math.abs(sumX / n - (d.totals[t]! - sumX) / m);
  }
  return s / tokens;
}

/** LT statistic of x against y for a single prompt. */
export function ltStatistic(x: readonly TopLogprobs[], y: readonly TopLogprobs[]): number {
  return meanAbsDelta(densify([...x, ...y]), x.map((_, i) => i));
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
    for (let k = 0; k < relabelled.length; k++) sum += meanAbsDelta(dense[k]!, relabelled[k]!.x);
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
