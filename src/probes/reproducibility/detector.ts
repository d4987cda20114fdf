/**
 * Seed / determinism (docs/statistics.md#reproducibility): identical requests within one cycle should give identical
 * outputs. Per cycle: pairwise exact-match rate, whether all samples matched (TARr@n), and the first
 * token at which outputs diverge. The test unit is the sample (does it equal its cycle's modal
 * output?), not the pair: pairs of one cycle share samples, and a Fisher test on pairs alarmed on
 * 14% of A/A windows at α = 0.01 in a simulation (two odd samples out of five break seven pairs).
 */
import type { SampleRecord } from '../types.js';
import { groupBy, groupCycles } from '../../stats/cycles.js';
import { boschlooExact } from '../../stats/boschloo.js';

/** Reproducibility of one cycle (all items together). */
export interface CycleReproducibility {
  samples: number;
  /** Samples equal to their item's most common output in this cycle. */
  agreeing: number;
  /** Pairs of samples of the same item with identical text. */
  identicalPairs: number;
  pairs: number;
  /** Every item's samples were identical. */
  allIdentical: boolean;
  /** Smallest token index at which two samples differ; null when none differ. */
  firstDivergence: number | null;
}

/** Output tokens of a sample: the logprob tokens when present, else whitespace-delimited pieces. */
export function outputTokens(s: Pick<SampleRecord, 'logprobs' | 'text'>): string[] {
  return s.logprobs?.map((t) => t.token) ?? s.text.split(/(?<=\s)/);
}

/** Index of the first differing token, or null for identical sequences. */
export function firstDivergence(a: readonly string[], b: readonly string[]): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? null : n;
}

/** Measures one cycle's samples. */
export function measureCycle(samples: readonly SampleRecord[]): CycleReproducibility {
  let identicalPairs = 0;
  let pairs = 0;
  let first: number | null = null;
  let agreeing = 0;
  for (const group of groupBy(samples, (s) => s.item ?? '').values()) {
    const tokens = group.map(outputTokens);
    agreeing += Math.max(...[...groupBy(group, (s) => s.text).values()].map((g) => g.length));
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        pairs++;
        if (group[i]!.text === group[j]!.text) identicalPairs++;
        const d = group[i]!.text === group[j]!.text ? null : firstDivergence(tokens[i]!, tokens[j]!);
        if (d !== null) first = first === null ? d : Math.min(first, d);
      }
    }
  }
  return { samples: samples.length, agreeing, identicalPairs, pairs, allIdentical: identicalPairs === pairs, firstDivergence: first };
}

/** The current cycle against the pool's cycles. */
export interface ReproducibilityOutcome {
  current: CycleReproducibility;
  /** Identical / all pairs over the pool's cycles (descriptive). */
  baselineRate: number;
  /** Share of pool samples equal to their cycle's modal output (the tested rate). */
  baselineAgreement: number;
  /** Share of this cycle's samples equal to its modal output. */
  currentAgreement: number;
  /** Share of pool cycles with all samples identical. */
  baselineAllIdentical: number;
  currentRate: number;
  /** One-sided Boschloo exact p-value: "current samples agree with their mode less often than the pool's". */
  pValue: number;
  poolCycles: number;
}

/** Exact test (Boschloo) of this cycle's modal agreement against the pool's; null without repeats. */
export function reproducibilityTest(current: readonly SampleRecord[], pool: readonly SampleRecord[]): ReproducibilityOutcome | null {
  const cur = measureCycle(current);
  const cycles = groupCycles(pool).map(measureCycle).filter((c) => c.pairs > 0);
  const identical = cycles.reduce((n, c) => n + c.identicalPairs, 0);
  const pairs = cycles.reduce((n, c) => n + c.pairs, 0);
  if (cur.pairs === 0 || pairs === 0) return null;
  const agreeing = cycles.reduce((n, c) => n + c.agreeing, 0);
  const samples = cycles.reduce((n, c) => n + c.samples, 0);
  return {
    current: cur,
    baselineRate: identical / pairs,
    baselineAllIdentical: cycles.filter((c) => c.allIdentical).length / cycles.length,
    currentRate: cur.identicalPairs / cur.pairs,
    baselineAgreement: agreeing / samples,
    currentAgreement: cur.agreeing / cur.samples,
    pValue: boschlooExact(cur.agreeing, cur.samples - cur.agreeing, agreeing, samples - agreeing, 'less'),
    poolCycles: cycles.length,
  };
}
