/**
 * Border-input tracking (docs/statistics.md#border-inputs): per prompt, a 2×K table of first output tokens (this
 * cycle vs the pool), summed Pearson X² over prompts. Tokens seen fewer than `minCount` times in
 * both samples together share one "other" column, so rare tokens do not dominate. At temperature 1
 * many cells are sparse and the χ² approximation is anti-conservative, so the decision p-value
 * comes from permuting samples within prompts; the asymptotic p (df = Σ(K−1)) is reported beside it.
 * A swap that reaches only some prompts (partial traffic, sticky per request) moves one prompt a lot
 * and drowns in the sum, so a second permutation test takes the most surprising single prompt
 * (max over prompts of −log p); the decision p is 2·min of the two (Bonferroni over two tests).
 */
import type { SampleRecord } from '../types.js';
import { twoByK } from '../../stats/contingency.js';
import { groupBy } from '../../stats/cycles.js';
import { chiSquareSf } from '../../stats/gamma.js';
import { stratifiedPermutationTest, type Stratum } from '../../stats/permutation.js';
import type { Rng } from '../../stats/prng.js';
import { firstTokenOf } from './tokens.js';

const OTHER = '(other)';

/** A first token whose share moved, for evidence. */
export interface ShareMove {
  prompt: string;
  token: string;
  /** Share in the pool. */
  before: number;
  /** Share in this cycle. */
  after: number;
}

export interface BorderOutcome {
  /** Σ X² over prompts. */
  statistic: number;
  /** Σ (K − 1). */
  df: number;
  /** χ² approximation (descriptive at sparse cells). */
  pAsymptotic: number;
  /** Permutation p-value within prompts (the decision p): 2·min(pSum, pMax). */
  pValue: number;
  /** Permutation p of the summed X². */
  pSum: number;
  /** Permutation p of the most surprising single prompt. */
  pMax: number;
  /** Permutations the summed-X² test drew (fewer than asked when it stopped early). */
  permutations: number;
  prompts: number;
  movers: ShareMove[];
}

interface Coded {
  name: string;
  categories: string[];
  totals: number[];
  stratum: Stratum<number>;
}

function code(name: string, tokensX: readonly string[], tokensY: readonly string[], minCount: number): Coded {
  const counts = new Map<string, number>();
  for (const t of [...tokensX, ...tokensY]) counts.set(t, (counts.get(t) ?? 0) + 1);
  const categories = [...counts].filter(([, n]) => n >= minCount).map(([t]) => t).sort();
  categories.push(OTHER);
  const index = (t: string): number => {
    const i = categories.indexOf(t);
    return i >= 0 ? i : categories.length - 1;
  };
  const stratum = { x: tokensX.map(index), y: tokensY.map(index) };
  const totals = new Array<number>(categories.length).fill(0);
  for (const c of [...stratum.x, ...stratum.y]) totals[c]!++;
  return { name, categories, totals, stratum };
}

function chi2Of(coded: Coded, x: readonly number[]): { chi2: number; df: number } {
  const a = new Array<number>(coded.totals.length).fill(0);
  for (const c of x) a[c]!++;
  const r = twoByK(a, coded.totals.map((t, k) => t - a[k]!));
  return { chi2: r.chi2, df: r.df };
}

/**
 * One prompt's asymptotic χ² p of `tokens` (first tokens of its answers) against its pool's, in the
 * test's 2×K table (rare tokens merged). Anti-conservative at a handful of answers, mostly when one
 * lands on a token the pool rarely saw; that is also how other weights first show, so it serves as
 * a screen. It only decides where requests go (probes/behavior/sequential.ts), never a finding.
 */
export function tokensP(tokens: readonly string[], poolTokens: readonly string[], minCount: number): { p: number; chi2: number; df: number } {
  const coded = code('', tokens, poolTokens, minCount);
  const { chi2, df } = chi2Of(coded, coded.stratum.x);
  return { p: df > 0 ? chiSquareSf(chi2, df) : 1, chi2, df };
}

/** Border-input test of `current` against `pool`, per item; null when no item has both. */
export function borderTest(
  current: readonly SampleRecord[],
  pool: readonly SampleRecord[],
  opts: { permutations: number; stopAfter?: number; rng: Rng; minCount: number },
): BorderOutcome | null {
  const now = groupBy(current, (s) => s.item ?? '');
  const base = groupBy(pool, (s) => s.item ?? '');
  const coded = [...now].filter(([k]) => (base.get(k)?.length ?? 0) >= 2).map(([k, x]) => code(k, x.map(firstTokenOf), base.get(k)!.map(firstTokenOf), opts.minCount));
  if (coded.length === 0) return null;
  const statistic = (strata: readonly Stratum<number>[]): number => strata.reduce((s, st, k) => s + chi2Of(coded[k]!, st.x).chi2, 0);
  const result = stratifiedPermutationTest(coded.map((c) => c.stratum), statistic, opts);
  const surprise = (strata: readonly Stratum<number>[]): number =>
    strata.reduce((m, st, k) => {
      const { chi2, df } = chi2Of(coded[k]!, st.x);
      return df > 0 ? Math.max(m, -Math.log(Math.max(chiSquareSf(chi2, df), 1e-300))) : m;
    }, 0);
  const worst = stratifiedPermutationTest(coded.map((c) => c.stratum), surprise, opts);
  const df = coded.reduce((s, c) => s + chi2Of(c, c.stratum.x).df, 0);
  const movers = coded.flatMap((c) =>
    c.categories.map((token, k) => ({
      prompt: c.name,
      token,
      before: c.stratum.y.filter((v) => v === k).length / c.stratum.y.length,
      after: c.stratum.x.filter((v) => v === k).length / c.stratum.x.length,
    })),
  );
  movers.sort((p, q) => Math.abs(q.after - q.before) - Math.abs(p.after - p.before));
  return {
    statistic: result.statistic,
    df,
    pAsymptotic: chiSquareSf(result.statistic, df),
    pValue: Math.min(1, 2 * Math.min(result.pValue, worst.pValue)),
    pSum: result.pValue,
    pMax: worst.pValue,
    permutations: result.permutations,
    prompts: coded.length,
    movers: movers.slice(0, 5),
  };
}
