/**
 * The length probe's stop rule for the verbosity canary (docs/statistics.md#sequential-sampling): a
 * quiet cycle stops once each change the whole cycle's tests detect has become implausible; a cycle
 * that may be drifting is sent whole and judged by those tests, as before.
 *
 * Each answer's log output count is scored against its own prompt's run-to-run jitter in the pool
 * (stats/item-jitter.ts): prompts differ in length far more than answers to one prompt do, so a
 * multiplicative change is many fewer calls away per prompt than in the pooled mean. Four one-sided
 * alternatives, each a likelihood ratio LR against "no change":
 * - every count multiplied by e^{+c} and by e^{−c}, c = ln(1 + r), r the smallest relative change of
 *   the mean the whole cycle's permutation test detects with power 0.95 (its share of α, the pool's
 *   coefficient of variation, the normal approximation) — the change the canary is for;
 * - the per-prompt spread doubled and halved at the same centre (what the KS guard sees; it needs
 *   several times that with 56 answers against the pool).
 * Why this procedure: under each alternative 1/LR is a test martingale (a supermartingale for any
 * larger change in its direction), so by Ville's inequality P(LR ever falls to β) ≤ β whenever and
 * however often it is read. Stopping for "no change" only when every one of the four LRs is ≤ β
 * costs at most β = 0.05 of power against each change the fixed tests are sized for. There is no
 * early stop for a change: findings stay the fixed tests' on the full cycle (whose power and false
 * alarms the bench measures); the rule is Wald's SPRT with its upper boundary removed.
 */
import type { SampleRecord } from '../types.js';
import { groupBy } from '../../stats/cycles.js';
import { itemJitter, jitterScore, moderated, type ItemJitter } from '../../stats/item-jitter.js';
import { mean } from '../../stats/ranks.js';
import { isQuietLogLr } from '../../stats/rate-stop.js';
import type { SequentialVerdict } from '../../stats/sprt.js';
import { normalUpperQuantile } from '../../stats/student-t.js';
import { outputLengths } from './detector.js';

/** Spread factors of the scale alternatives. */
export const SPREAD_FACTORS = [2, 0.5] as const;
/** Floor of a prompt's log-count jitter: a prompt that always gives the same count is not infinitely sharp. */
const LOG_FLOOR = 0.02;

interface PromptBaseline {
  jitter: ItemJitter;
}

interface PoolReference {
  prompts: Map<string, PromptBaseline>;
  /** Coefficient of variation of the pool's counts, all prompts together (what the mean test sees). */
  cv: number;
  size: number;
}

const references = new WeakMap<readonly SampleRecord[], PoolReference | null>();

const logCount = (s: SampleRecord): number | null => (s.usage.output === null ? null : Math.log1p(s.usage.output));

function poolReference(pool: readonly SampleRecord[]): PoolReference | null {
  if (references.has(pool)) return references.get(pool)!;
  const raw: { item: string; jitter: ItemJitter }[] = [];
  for (const [item, runs] of groupBy(pool, (s) => s.item ?? '')) {
    const jitter = itemJitter(runs.flatMap((s) => logCount(s) ?? []));
    if (jitter) raw.push({ item, jitter });
  }
  const counts = outputLengths(pool);
  const m = counts.length ? mean(counts) : 0;
  const sd = counts.length > 1 ? Math.sqrt(counts.reduce((acc, x) => acc + (x - m) ** 2, 0) / (counts.length - 1)) : 0;
  const jitters = moderated(raw.map((r) => r.jitter));
  const ref = raw.length === 0 || m <= 0 ? null : { prompts: new Map(raw.map((r, i) => [r.item, { jitter: jitters[i]! }])), cv: sd / m, size: counts.length };
  references.set(pool, ref);
  return ref;
}

/**
 * The smallest relative change of the mean count a two-sided test at level `alpha` on `n` answers
 * against a pool of `poolSize` detects with power 0.95 (two-sample z, coefficient of variation `cv`).
 */
export function detectableMeanChange(n: number, poolSize: number, cv: number, alpha: number): number {
  return (normalUpperQuantile(alpha / 2) + normalUpperQuantile(1 - 0.95)) * cv * Math.sqrt(1 / n + 1 / poolSize);
}

export interface LengthQuietStop {
  /** Answers scored (their prompt has a baseline jitter). */
  scored: number;
  /** Design shift of log counts, c = ln(1 + r). */
  shift: number;
  /** log LR of: longer by e^c, shorter by e^−c, spread ×2, spread ×½. */
  logLr: [number, number, number, number];
  verdict: SequentialVerdict;
}

/**
 * The stop rule on this cycle's answers so far. `planned` is the cycle's full answer count and
 * `alpha` the level of the mean test (its share of the probe's α).
 */
export function lengthQuietStop(current: readonly SampleRecord[], pool: readonly SampleRecord[], planned: number, alpha: number): LengthQuietStop | null {
  const ref = poolReference(pool);
  if (!ref) return null;
  const shift = Math.log1p(detectableMeanChange(planned, ref.size, ref.cv, alpha));
  const logLr: [number, number, number, number] = [0, 0, 0, 0];
  let scored = 0;
  for (const s of current) {
    const b = ref.prompts.get(s.item ?? '');
    const x = logCount(s);
    if (!b || x === null) continue;
    scored++;
    const z = jitterScore(x, b.jitter, LOG_FLOOR);
    // The design shift in this prompt's score units (jitterScore's σ: the floor and the predictive term).
    const d = shift / (Math.max(b.jitter.sd, LOG_FLOOR) * Math.sqrt(1 + 1 / b.jitter.runs));
    addScore(logLr, z, d);
  }
  return { scored, shift, logLr, verdict: scored > 0 && isQuiet(logLr) ? 'no-change' : 'continue' };
}

/** Adds one score `z` to the four log LRs; `d` is the design shift in that score's units. */
export function addScore(logLr: [number, number, number, number], z: number, d: number): void {
  logLr[0] += d * z - (d * d) / 2;
  logLr[1] += -d * z - (d * d) / 2;
  SPREAD_FACTORS.forEach((f, k) => (logLr[2 + k]! += -Math.log(f) + ((z * z) / 2) * (1 - 1 / (f * f))));
}

/** "No change" once every alternative's LR is at or below β. */
export function isQuiet(logLr: readonly number[]): boolean {
  return logLr.every(isQuietLogLr);
}
