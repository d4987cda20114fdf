/**
 * The reproducibility probe's stop rule (docs/statistics.md#sequential-sampling): a quiet cycle of
 * the seeded canary stops once "the samples diverge at the smallest rate the cycle's Boschloo test
 * detects" has become implausible; a cycle that may be drifting sends every sample and the
 * Boschloo test judges it, as before.
 *
 * Why this procedure: each sample either equals its item's modal output in the baseline pool or
 * diverges. For a divergence rate p₁ against the pool's p₀ the likelihood ratio
 * LR = (p₁/p₀)^d · ((1 − p₁)/(1 − p₀))^(n − d) of d divergences in n samples makes 1/LR a test
 * martingale under "rate p₁" (and a supermartingale for any rate above p₁), so by Ville's
 * inequality P(LR ever falls to β) ≤ β whenever and however often it is read. Stopping for
 * "no change" at LR ≤ β therefore loses at most β = 0.05 of power against every rate ≥ p₁, where
 * p₁ is the smallest rate the whole cycle's one-sided test detects with power 0.95 (the exact
 * binomial bound, below what Boschloo's test against the pool detects): the quiet stop covers the
 * smallest effect the fixed test sees. p₀ only sets how fast a quiet cycle stops, never that bound.
 * No early stop for a change: the finding, its p-value and its A/A calibration stay the Boschloo
 * test's on the full cycle (the bench's power and false alarms are measured on that test).
 *
 * Divergence is counted against the pool's modal output, not the cycle's: the first sample of a
 * cycle is its own mode and would always count as agreeing, so the cycle's count understates the
 * divergences (and the martingale would not bound the stop). A provider whose pool has no stable
 * output diverges often against its mode and never stops early: it costs what it cost before.
 */
import type { SampleRecord } from '../types.js';
import { detectableRate } from '../../stats/binomial.js';
import { groupBy, groupCycles } from '../../stats/cycles.js';
import { isQuietLogLr, QUIET_BETA, rateLogLr } from '../../stats/rate-stop.js';
import type { SequentialVerdict } from '../../stats/sprt.js';
import { measureCycle } from './detector.js';

/** The pool's modal output per item, the rate of samples that differ from it, and the cycle-mode divergence the Boschloo test compares with. */
interface PoolReference {
  modal: Map<string, string>;
  /** Share of pool samples unequal to their item's pool mode (p₀ of the stop rule). */
  offMode: number;
  /** Share of pool samples unequal to their cycle's mode (the rate the fixed test starts from). */
  cycleDivergence: number;
}

const references = new WeakMap<readonly SampleRecord[], PoolReference | null>();

function poolReference(pool: readonly SampleRecord[]): PoolReference | null {
  if (references.has(pool)) return references.get(pool)!;
  const modal = new Map<string, string>();
  let off = 0;
  for (const [item, runs] of groupBy(pool, (s) => s.item ?? '')) {
    const [text, count] = [...groupBy(runs, (s) => s.text)].map(([t, g]) => [t, g.length] as const).reduce((a, b) => (b[1] > a[1] ? b : a));
    modal.set(item, text);
    off += runs.length - count;
  }
  const cycles = groupCycles(pool).map(measureCycle).filter((c) => c.pairs > 0);
  const samples = cycles.reduce((n, c) => n + c.samples, 0);
  const ref = pool.length === 0 || samples === 0 ? null : { modal, offMode: off / pool.length, cycleDivergence: cycles.reduce((n, c) => n + c.samples - c.agreeing, 0) / samples };
  references.set(pool, ref);
  return ref;
}

export interface QuietStop {
  /** Samples so far, and those unequal to their item's pool mode. */
  samples: number;
  diverged: number;
  /** Null and design rates of the likelihood ratio. */
  p0: number;
  p1: number;
  logLr: number;
  verdict: SequentialVerdict;
}

/**
 * The stop rule on this cycle's samples so far. `planned` is the cycle's full sample count and
 * `alpha` the level of its Boschloo test (the design rate p₁ is what that cycle detects).
 */
export function reproducibilityQuietStop(current: readonly SampleRecord[], pool: readonly SampleRecord[], planned: number, alpha: number): QuietStop | null {
  const ref = poolReference(pool);
  if (!ref || current.length === 0) return null;
  const p1 = detectableRate(planned, ref.cycleDivergence, alpha, 1 - QUIET_BETA);
  const p0 = Math.min(ref.offMode, p1);
  const diverged = current.filter((s) => s.text !== ref.modal.get(s.item ?? '')).length;
  const agreeing = current.length - diverged;
  const logLr = rateLogLr(diverged, agreeing, p0, p1);
  return { samples: current.length, diverged, p0, p1, logLr, verdict: isQuietLogLr(logLr) ? 'no-change' : 'continue' };
}
