/**
 * S7 implicit defaults / verbosity (PROBES.md 3.2): output token counts of this cycle against the
 * pool (Mann-Whitney U and two-sample KS, Bonferroni over the pair), the rate of answers cut at the
 * token cap (Fisher exact, both directions), and the cap itself: capped answers stop at exactly the
 * cap, so the most common count among them is the effective max_tokens, implicit or explicit.
 */
import type { SampleRecord } from '../types.js';
import { fisherExact } from '../../stats/fisher.js';
import { ksTwoSample } from '../../stats/ks.js';
import { mannWhitneyU } from '../../stats/mann-whitney.js';
import { mean, median } from '../../stats/ranks.js';

// OpenAI "length", Anthropic "max_tokens", Gemini "MAX_TOKENS".
const CAPPED = new Set(['length', 'max_tokens']);

/** Whether the sample stopped because it hit the output token cap. */
export function isCapped(s: Pick<SampleRecord, 'finishReason'>): boolean {
  return s.finishReason !== null && CAPPED.has(s.finishReason.toLowerCase());
}

/** Output token counts of the samples that report one. */
export function outputLengths(samples: readonly SampleRecord[]): number[] {
  return samples.flatMap((s) => (s.usage.output === null ? [] : [s.usage.output]));
}

/** The most common output count among capped samples (the effective cap), or null. */
export function observedCap(samples: readonly SampleRecord[]): number | null {
  const counts = new Map<number, number>();
  for (const s of samples) if (isCapped(s) && s.usage.output !== null) counts.set(s.usage.output, (counts.get(s.usage.output) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  for (const [value, count] of counts) if (count > bestCount || (count === bestCount && value > (best ?? -1))) [best, bestCount] = [value, count];
  return best;
}

/** What one cycle shows against the pool. */
export interface LengthOutcome {
  before: { median: number; mean: number; cappedRate: number; cap: number | null; n: number };
  after: { median: number; mean: number; cappedRate: number; cap: number | null; max: number; n: number };
  pMannWhitney: number;
  pKs: number;
  /** Bonferroni-combined p of the two distribution tests. */
  pShift: number;
  /** Rank-biserial correlation, positive when outputs got longer. */
  effectSize: number;
  /** Two-sided Fisher p for the capped-answer rate. */
  pCappedRate: number;
  /** The cap moved: a capped answer stopped at another count, or an answer ran past the old cap. */
  capMoved: boolean;
}

/** Compares the cycle's output lengths and cap behaviour with the pool; null without lengths. */
export function lengthTest(current: readonly SampleRecord[], pool: readonly SampleRecord[]): LengthOutcome | null {
  const x = outputLengths(current);
  const y = outputLengths(pool);
  if (x.length === 0 || y.length === 0) return null;
  const mw = mannWhitneyU(x, y);
  const ks = ksTwoSample(x, y);
  const cappedNow = current.filter(isCapped).length;
  const cappedBefore = pool.filter(isCapped).length;
  const [nx, ny] = [current.length, pool.length];
  const pLess = fisherExact(cappedNow, nx - cappedNow, cappedBefore, ny - cappedBefore, 'less');
  const pGreater = fisherExact(cappedNow, nx - cappedNow, cappedBefore, ny - cappedBefore, 'greater');
  const capBefore = observedCap(pool);
  const capAfter = observedCap(current);
  const max = Math.max(...x);
  return {
    before: { median: median(y), mean: mean(y), cappedRate: cappedBefore / ny, cap: capBefore, n: y.length },
    after: { median: median(x), mean: mean(x), cappedRate: cappedNow / nx, cap: capAfter, max, n: x.length },
    pMannWhitney: mw.pValue,
    pKs: ks.pValue,
    pShift: Math.min(1, 2 * Math.min(mw.pValue, ks.pValue)),
    effectSize: mw.effectSize,
    pCappedRate: Math.min(1, 2 * Math.min(pLess, pGreater)),
    capMoved: capBefore !== null && ((capAfter !== null && capAfter !== capBefore) || max > capBefore),
  };
}
