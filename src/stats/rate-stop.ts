/**
 * Quiet stops on a count of events (docs/statistics.md#quiet-stops): a cycle whose fixed test
 * counts events (samples that diverge, reads that miss the cache, requests beyond a latency
 * threshold) against the baseline pool may stop early for "no change" once "the event rate is the
 * smallest one that fixed test detects with power 0.95" (unless a probe says otherwise) has become
 * implausible.
 *
 * Why this is safe: for a design rate p₁ and the pool's rate p₀, the likelihood ratio
 * LR = (p₁/p₀)^k · ((1 − p₁)/(1 − p₀))^(n − k) of k events in n trials makes 1/LR a test martingale
 * under "rate p₁" (a supermartingale for any larger rate), so by Ville's inequality
 * P(LR ever falls to β) ≤ β however often it is read. Stopping at LR ≤ β therefore loses at most
 * β of power against every rate ≥ p₁. p₀ only sets how fast a quiet cycle stops, never that bound.
 * The stop never decides a change: a drifting cycle is sent whole and judged by the fixed test.
 */
import { rateForCount } from './binomial.js';
import { fisherExact } from './fisher.js';

/** Power lost to a quiet stop at its design rate, at most: the power 0.95 the detection goals are stated at. */
export const QUIET_BETA = 0.05;

/** The power the design rate is stated at. */
const DESIGN_POWER = 1 - QUIET_BETA;

/** log LR of "event rate p₁" against p₀ for `events` events and `others` non-events. */
export function rateLogLr(events: number, others: number, p0: number, p1: number): number {
  // p₁ = 1: the cycle detects nothing short of every trial being an event; no design rate to stop on.
  if (p1 >= 1) return Infinity;
  return (events === 0 ? 0 : events * (Math.log(p1) - Math.log(p0))) + others * (Math.log1p(-p1) - Math.log1p(-p0));
}

/** Whether the LR has fallen to β: the quiet stop's boundary. */
export function isQuietLogLr(logLr: number): boolean {
  return logLr <= Math.log(QUIET_BETA);
}

export interface FisherDesign {
  /** Trials the whole cycle sends. */
  planned: number;
  /** Events and trials in the baseline pool. */
  poolEvents: number;
  poolTrials: number;
  /** Level of the cycle's one-sided Fisher test ("more events than the pool"). */
  alpha: number;
  /** Fewest events that can fire at all (a check that also needs its factor to hold); 1 by default. */
  minEvents?: number;
  /** The power the design rate is detected with; 0.95 by default. */
  power?: number;
}

/**
 * The smallest event rate the whole cycle's one-sided Fisher exact test against the pool detects
 * with power 0.95: the rate at which `planned` trials reach the test's critical count (the fewest
 * events whose p is ≤ α, at least `minEvents`) with that probability. Exact for the fixed test given
 * the pool; 1 when no count of the cycle can fire.
 */
export function fisherDetectableRate(d: FisherDesign): number {
  const key = `${d.planned}/${d.poolEvents}/${d.poolTrials}/${d.alpha}/${d.minEvents ?? 1}/${d.power ?? DESIGN_POWER}`;
  const known = designs.get(key);
  if (known !== undefined) return known;
  // A stop rule asks after every batch of every cycle with the same pool: remember a bounded few.
  if (designs.size >= 1024) designs.clear();
  const rate = criticalRate(d);
  designs.set(key, rate);
  return rate;
}

const designs = new Map<string, number>();

function criticalRate(d: FisherDesign): number {
  const poolOthers = d.poolTrials - d.poolEvents;
  for (let k = Math.max(1, d.minEvents ?? 1); k <= d.planned; k++) {
    if (fisherExact(k, d.planned - k, d.poolEvents, poolOthers, 'greater') <= d.alpha) return rateForCount(d.planned, k, d.power ?? DESIGN_POWER);
  }
  return 1;
}

/**
 * The stop rule on one count so far: whether `events` of `trials` make the design rate p₁ implausible
 * against the pool's rate. The null is the pool's rate with half an event added, at most p₁: p₀ only
 * sets how fast a quiet cycle stops, and a pool that never had an event would otherwise make one
 * stray event rule the stop out for the rest of the cycle.
 */
export function isRateQuiet(events: number, trials: number, pool: { events: number; trials: number }, p1: number): boolean {
  const p0 = Math.min((pool.events + 0.5) / (pool.trials + 1), p1);
  return isQuietLogLr(rateLogLr(events, trials - events, p0, p1));
}
