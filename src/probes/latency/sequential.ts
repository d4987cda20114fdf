/**
 * The latency probe's stop rule (docs/statistics.md#quiet-stops): a quiet cycle of the latency
 * canary stops once, for every check the whole cycle makes (median up, median down and p95 up, of
 * the total and of the first byte), "requests beyond the check's threshold at the smallest rate the
 * cycle's test detects" has become implausible (stats/rate-stop.ts). A cycle that may be drifting
 * sends all its requests and is judged as before.
 *
 * Each check's design rate comes from the fixed test: the fewest requests of the whole cycle beyond
 * the threshold that both make the quantile move past it (more than half of the cycle for a median,
 * more than 5 % for the p95) and that the one-sided Fisher test against the pool calls significant
 * at the check's share of α; and the rate that reaches them with probability 0.8. The stop needs
 * every check quiet, so each check loses at most β = 0.05 of its power against its design rate and
 * anything larger.
 *
 * Why 0.8 and not the 0.95 of the other count rules: the canary is sized for a tail on one request
 * in five, which the p95 check detects with about 0.94 per cycle, so a design rate at power 0.95 is
 * that tail itself, and the stop took it from 0.89 to 0.84 within two cycles (detection-service
 * bench). At 0.8 the design rate lies below it and its power is what it was without the stop. The
 * price is a later stop: a quiet cycle of forty stops after twenty, or is sent whole when a request
 * lay beyond twice the pool's p95 (about 25 of 40 on average on the simulator).
 */
import { fisherDetectableRate, isRateQuiet } from '../../stats/rate-stop.js';
import type { SequentialVerdict } from '../../stats/sprt.js';
import { CHECK_WEIGHTS } from './quantile-shift.js';
import { seriesWeight, type Judged } from './judge.js';

/** The power the design rates are detected with (see above). */
export const LATENCY_DESIGN_POWER = 0.8;

/**
 * The verdict on this cycle's checks so far (`judged`, judge.ts). `series` is how many series the
 * whole cycle judges (2 where the pool streamed), `planned` its requests, `alpha` the probe's level.
 */
export function latencyQuietVerdict(judged: readonly Judged[], series: number, planned: number, alpha: number): SequentialVerdict {
  // A series not judged yet (no first byte so far) has not been ruled out.
  if (judged.length < series) return 'continue';
  for (const j of judged) {
    for (const c of j.outcome.checks) {
      const p1 = fisherDetectableRate({
        planned,
        poolEvents: c.poolBeyond,
        poolTrials: j.outcome.before.n,
        alpha: alpha * seriesWeight(j, judged) * CHECK_WEIGHTS[c.mode],
        minEvents: Math.floor(c.share * planned) + 1,
        power: LATENCY_DESIGN_POWER,
      });
      if (!isRateQuiet(c.beyond, j.outcome.after.n, { events: c.poolBeyond, trials: j.outcome.before.n }, p1)) return 'continue';
    }
  }
  return 'no-change';
}
