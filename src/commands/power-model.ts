/**
 * What one cycle of a statistical canary can see (README "Reading the power table";
 * docs/statistics.md#sequential-sampling): expected requests of a quiet cycle with the sequential
 * stop, the smallest effect decided with power 0.95 in one cycle, and for targets without logprobs
 * the expected time to a 5 % sticky partial swap. The sequential canaries are simulated with the
 * runtime's own order, batches and SPRT on seeded standard normal scores; the others use the normal
 * approximations named at each function (their probes test the whole cycle).
 */
import type { Canary } from '../config/canary-schema.js';
import { CALIBRATION_DESIGN } from '../probes/calibration/sequential.js';
import { LENGTH_WEIGHTS, SHIFT_WEIGHTS } from '../probes/length/detector.js';
import { addScore, detectableMeanChange, isQuiet } from '../probes/length/sequential.js';
import { LOGPROBS_DESIGN } from '../probes/logprobs/sequential.js';
import { nextBatchSize, requestOrder } from '../runtime/engine/sequential.js';
import { detectableRate } from '../stats/binomial.js';
import { chiSquareSf } from '../stats/gamma.js';
import { normalSf } from '../stats/normal.js';
import { createRng, randomNormal, type Rng } from '../stats/prng.js';
import { fisherDetectableRate, isQuietLogLr, isRateQuiet, rateLogLr } from '../stats/rate-stop.js';
import { SprtAccumulator, type SprtDesign } from '../stats/sprt.js';
import { normalUpperQuantile } from '../stats/student-t.js';

export const POWER = 0.95;
const RUNS = 60;
/** Share of requests behind a sticky partial swap (the incidents the probes are sized for). */
export const SWAP_SHARE = 0.05;
/**
 * Assumed total-variation distance between the two weights' first-token distributions on a swapped
 * border prompt: the other weights split the prompt differently, not always completely.
 */
export const SWAP_TV = 0.5;

const orders = new WeakMap<Canary, number[]>();

/** The item index of each request of a cycle, in the runtime's order. */
function itemOrder(canary: Canary): number[] {
  const known = orders.get(canary);
  if (known) return known;
  const index = new Map((canary.items ?? []).map((it, i) => [it.id, i]));
  const order = requestOrder(canary, [], 0).map(({ item }) => (item ? (index.get(item.id) ?? 0) : 0));
  orders.set(canary, order);
  return order;
}

/** Cycles a sequential canary's SPRT sees, on seeded scores; `shift(i)` moves item i's scores. */
function simulate(canary: Canary, design: SprtDesign, alpha: number, lanes: number, rng: Rng, shift: (item: number) => number): { calls: number; change: boolean } {
  const order = itemOrder(canary);
  const acc = new SprtAccumulator(alpha, design);
  let sent = 0;
  while (sent < order.length) {
    const end = Math.min(order.length, sent + nextBatchSize(sent, lanes));
    for (; sent < end; sent++) {
      const i = order[sent]!;
      acc.add(i, shift(i) + randomNormal(rng));
    }
    const verdict = acc.outcome().verdict;
    if (verdict !== 'continue') return { calls: sent, change: verdict === 'change' };
  }
  return { calls: sent, change: false };
}

export interface SequentialPower {
  quietRequests: number;
  /** Smallest shift (jitter SDs) of every item decided with power 0.95 in one cycle. */
  everyItemShift: number;
  /** Chance that one cycle decides a 5 % sticky swap of 8 jitter SDs (null: no swap component). */
  swapPower: number | null;
}

/** The SPRT design of a probe with a stop rule, or null. */
export function designOf(probe: string): SprtDesign | null {
  return probe === 'calibration' ? CALIBRATION_DESIGN : probe === 'logprobs' ? LOGPROBS_DESIGN : null;
}

// Targets on providers with the same concurrency share a canary's figures: simulate once.
const computed = new Map<string, SequentialPower>();

export function sequentialPower(canary: Canary, design: SprtDesign, alpha: number, lanes: number): SequentialPower {
  const key = JSON.stringify([canary.id, canary.samples, canary.items?.length ?? 0, design, alpha, lanes]);
  const known = computed.get(key);
  if (known) return known;
  const result = simulatePower(canary, design, alpha, lanes);
  computed.set(key, result);
  return result;
}

function simulatePower(canary: Canary, design: SprtDesign, alpha: number, lanes: number): SequentialPower {
  const rng = createRng(20_260_101);
  const runs = (shift: (i: number) => number) => Array.from({ length: RUNS }, () => simulate(canary, design, alpha, lanes, rng, shift));
  const quiet = runs(() => 0);
  // Stops at the first miss that takes power below 0.95: a failing shift costs a handful of runs.
  const detects = (d: number): boolean => {
    let missed = 0;
    for (let r = 0; r < RUNS; r++) {
      if (!simulate(canary, design, alpha, lanes, rng, () => d).change && ++missed > RUNS * (1 - POWER)) return false;
    }
    return true;
  };
  let [lo, hi] = [0, 8];
  for (let k = 0; k < 6; k++) {
    const mid = (lo + hi) / 2;
    if (detects(mid)) hi = mid;
    else lo = mid;
  }
  let swapPower: number | null = null;
  if (design.swapShare > 0 && (canary.items?.length ?? 0) > 1) {
    let caught = 0;
    for (let r = 0; r < RUNS; r++) {
      const swapped = new Set((canary.items ?? []).map((_, i) => i).filter(() => rng() < SWAP_SHARE));
      if (swapped.size === 0) swapped.add(Math.floor(rng() * (canary.items?.length ?? 1)));
      if (simulate(canary, design, alpha, lanes, rng, (i) => (swapped.has(i) ? 8 : 0)).change) caught++;
    }
    swapPower = caught / RUNS;
  }
  return { quietRequests: quiet.reduce((n, r) => n + r.calls, 0) / RUNS, everyItemShift: hi, swapPower };
}

/** Upper α critical value of χ² with `df` degrees of freedom. */
function chiSquareCritical(df: number, alpha: number): number {
  let [lo, hi] = [0, df + 100 * Math.sqrt(2 * df) + 100];
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (chiSquareSf(mid, df) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Power of a χ² test (df, level α) at noncentrality λ, by the normal approximation of the noncentral χ². */
export function chiSquarePower(df: number, lambda: number, alpha: number): number {
  return normalSf((chiSquareCritical(df, alpha) - df - lambda) / Math.sqrt(2 * (df + 2 * lambda)));
}

/** Noncentrality one border prompt adds when its two-way split moves by total variation d (m samples against a pool of M). */
export function promptLambda(d: number, m: number, pool: number): number {
  return 4 * d * d * ((m * pool) / (m + pool));
}

/** Seeded reproducibility: the smallest divergence rate (from `base`) one cycle of n requests decides with power 0.95 (exact binomial, one-sided). */
export function divergencePower(n: number, base: number, alpha: number): number {
  return detectableRate(n, base, alpha, POWER);
}

/** Cycles simulated for the quiet stops of the whole-cycle probes (cheap: no items to order). */
const QUIET_RUNS = 2000;

/** Requests of one quiet cycle in the runtime's batches, `quietAfter(sent)` read after each batch. */
function quietCycle(planned: number, lanes: number, draw: () => void, quietAfter: (sent: number) => boolean): number {
  let sent = 0;
  while (sent < planned) {
    const end = Math.min(planned, sent + nextBatchSize(sent, lanes));
    for (; sent < end; sent++) draw();
    if (quietAfter(sent)) return sent;
  }
  return sent;
}

/**
 * Seeded reproducibility: expected requests of a quiet cycle with its stop rule
 * (probes/reproducibility/sequential.ts) when samples diverge at `base`, the pool's rate.
 */
export function reproducibilityQuietRequests(planned: number, base: number, alpha: number, lanes: number): number {
  const rng = createRng(20_260_102);
  const p1 = detectableRate(planned, base, alpha, POWER);
  let total = 0;
  for (let r = 0; r < QUIET_RUNS; r++) {
    let diverged = 0;
    total += quietCycle(planned, lanes, () => (diverged += rng() < base ? 1 : 0), (sent) => isQuietLogLr(rateLogLr(diverged, sent - diverged, base, p1)));
  }
  return total / QUIET_RUNS;
}

/** A count the fixed test compares with the pool (prompt cache: misses; latency: requests beyond the p95 check's threshold). */
export interface CountDesign {
  /** Requests of the whole cycle, and how many of them come first and count nothing (the cache's write). */
  planned: number;
  uncounted: number;
  /** The pool's event rate (assumed) and size in counted trials. */
  base: number;
  poolTrials: number;
  /** Level of the check's one-sided Fisher test, and the fewest events it can fire on. */
  alpha: number;
  minEvents?: number;
  /** The power the stop rule's design rate is detected with (0.95 unless the probe says otherwise). */
  stopPower?: number;
}

/** The smallest event rate one cycle decides with the given power (stats/rate-stop.ts; at the stop's power, its design rate). */
export function countDetectableRate(d: CountDesign, power = POWER): number {
  return fisherDetectableRate({ planned: d.planned - d.uncounted, poolEvents: Math.round(d.base * d.poolTrials), poolTrials: d.poolTrials, alpha: d.alpha, minEvents: d.minEvents, power });
}

/**
 * Prompt cache and latency: expected requests of a quiet cycle with their stop rule
 * (probes/cache/sequential.ts, probes/latency/sequential.ts) when events come at the pool's rate.
 */
export function countQuietRequests(d: CountDesign, lanes: number): number {
  const rng = createRng(20_260_104);
  const p1 = countDetectableRate(d, d.stopPower ?? POWER);
  const pool = { events: Math.round(d.base * d.poolTrials), trials: d.poolTrials };
  let total = 0;
  for (let r = 0; r < QUIET_RUNS; r++) {
    let events = 0;
    let drawn = 0;
    const draw = (): void => {
      if (drawn++ >= d.uncounted && rng() < d.base) events++;
    };
    total += quietCycle(d.planned, lanes, draw, (sent) => sent > d.uncounted && isRateQuiet(events, sent - d.uncounted, pool, p1));
  }
  return total / QUIET_RUNS;
}

/**
 * Verbosity: expected requests of a quiet cycle with its stop rule (probes/length/sequential.ts),
 * for pooled coefficient of variation `cv` and a spread `spread` of each prompt's log counts (0.5:
 * a gamma-like spread with the CV 0.5 of one prompt's answers; prompts differing in length only
 * make the rule's design shift larger and the stop sooner).
 */
export function lengthQuietRequests(planned: number, poolCycles: number, alpha: number, lanes: number, cv = 0.5, spread = 0.5): number {
  const rng = createRng(20_260_103);
  const meanAlpha = alpha * LENGTH_WEIGHTS.shift * SHIFT_WEIGHTS.mean;
  const d = Math.log1p(detectableMeanChange(planned, poolCycles * planned, cv, meanAlpha)) / spread;
  let total = 0;
  for (let r = 0; r < QUIET_RUNS; r++) {
    const logLr: [number, number, number, number] = [0, 0, 0, 0];
    total += quietCycle(planned, lanes, () => addScore(logLr, randomNormal(rng), d), () => isQuiet(logLr));
  }
  return total / QUIET_RUNS;
}

/** Verbosity: the smallest relative change of mean output length decided with power 0.95 (two-sample z, coefficient of variation `cv`). */
export function lengthShiftPower(n: number, poolCycles: number, alpha: number, cv = 0.5): number {
  return (normalUpperQuantile(alpha / 2) + normalUpperQuantile(1 - POWER)) * cv * Math.sqrt(1 / n + 1 / (poolCycles * n));
}
