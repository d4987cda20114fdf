/**
 * Log Probability Tracking (docs/statistics.md#logprob-tracking): the LT statistic of this cycle's first-token top
 * logprobs against the baseline pool, permutation-tested within prompts.
 */
import type { SampleRecord } from '../types.js';
import { groupBy } from '../../stats/cycles.js';
import { ltTest, type LtResult, type TopLogprobs } from '../../stats/lt-statistic.js';
import { createRng, seedFrom } from '../../stats/prng.js';

/** Tunables of the logprobs probe. */
export interface LogprobsOptions {
  /** Random permutations per test; 9,999 lets p reach 1e-4 (docs/statistics.md#logprob-tracking). */
  permutations: number;
  /** Pool size below which the evidence says the pool is small. */
  minPool: number;
  /** Tokens listed in the evidence as the biggest movers. */
  topMovers: number;
  /**
   * Tolerance ε: the smallest LT statistic (mean |Δ logprob|, nats) reported, whatever its p-value.
   * A deterministic backend gives a zero-variance pool, against which any shift is significant;
   * 0.01 keeps sub-ε changes quiet (an F32→F16 re-quantization of a real model moved ≈0.003) while
   * a Q8_0 one (≈0.05) is still reported (test/e2e/real-model.spec.ts).
   */
  tolerance: number;
}

export const defaultLogprobsOptions: LogprobsOptions = { permutations: 9999, minPool: 100, topMovers: 5, tolerance: 0.01 };

// OpenAI reports -9999 for tokens outside the top list; such values are "unknown", not logprobs.
const SENTINEL_FLOOR = -1000;

/** First-token top logprobs of a sample (the chosen token included), or null when absent. */
export function firstTokenTop(s: Pick<SampleRecord, 'logprobs'>): TopLogprobs | null {
  const first = s.logprobs?.[0];
  if (!first) return null;
  const out: Record<string, number> = {};
  for (const t of [...first.top, { token: first.token, logprob: first.logprob }]) {
    if (Number.isFinite(t.logprob) && t.logprob > SENTINEL_FLOOR && !(t.token in out)) out[t.token] = t.logprob;
  }
  return Object.keys(out).length ? out : null;
}

/** The outcome of one LT window test. */
export interface LtWindowOutcome {
  result: LtResult;
  /** Current samples used. */
  windowSize: number;
  /** Pool samples used. */
  poolSize: number;
}

/** LT test of `current` against `pool`, stratified by item; null when either side has no logprobs. */
export function ltWindowTest(
  current: readonly SampleRecord[],
  pool: readonly SampleRecord[],
  opts: LogprobsOptions,
): LtWindowOutcome | null {
  const tops = (samples: readonly SampleRecord[]): Map<string, TopLogprobs[]> => {
    const withTop = samples.flatMap((s) => {
      const top = firstTokenTop(s);
      return top ? [{ item: s.item ?? '', top }] : [];
    });
    const grouped = groupBy(withTop, (e) => e.item);
    return new Map([...grouped].map(([k, v]) => [k, v.map((e) => e.top)]));
  };
  const cur = tops(current);
  const base = tops(pool);
  const names = [...cur.keys()].filter((k) => (base.get(k)?.length ?? 0) >= 2);
  if (names.length === 0) return null;
  const strata = names.map((k) => ({ x: cur.get(k)!, y: base.get(k)! }));
  const seed = seedFrom(current.map((s) => `${s.timestamp}/${s.sample}`).join(','));
  const result = ltTest(strata, { permutations: opts.permutations, rng: createRng(seed), names, topMovers: opts.topMovers });
  return {
    result,
    windowSize: strata.reduce((n, s) => n + s.x.length, 0),
    poolSize: strata.reduce((n, s) => n + s.y.length, 0),
  };
}
