import type { Probe, SampleRecord } from '../types.js';
import { aaCheck, aaEvidence, aaSummary, effectiveAlpha, poolKeyOf, resolveAa, type AaResult } from '../../stats/aa-check.js';
import { groupBy, groupCycles } from '../../stats/cycles.js';
import { describe } from './confidence.js';
import { answered, answerKey, calibrationTest } from './detector.js';
import { partialTrafficFinding, shiftFinding } from './findings.js';
import { CalibrationState, CalibrationSummary } from './schema.js';
import type { ProbeMetrics } from '../metric-units.js';

const MIN_RUNS = 5;

/** Builds the calibration probe (docs/statistics.md#calibration). Without logprobs it stays silent (the shape probe reports that). */
export function createCalibrationProbe(): Probe<CalibrationSummary, CalibrationState> {
  const replay = (pool: readonly SampleRecord[], key: ReadonlyMap<string, number>, alpha: number): AaResult | null =>
    aaCheck(groupCycles(pool), (w, rest) => calibrationTest(w.flat(), rest.flat(), key)?.pValue ?? null, { alpha });

  return {
    id: 'calibration',
    summarySchema: CalibrationSummary,
    summarize(samples, ctx) {
      const key = answerKey(ctx.canary);
      const answers = answered(samples, key);
      const runs = [...groupBy(answers, (a) => a.item).values()].map((r) => r.length);
      return {
        items: runs.length,
        minRunsPerItem: runs.length ? Math.min(...runs) : 0,
        ...describe(answers),
        ...aaSummary(replay(samples, key, ctx.alpha)),
      };
    },
    evaluate({ baseline, current, state, ctx }) {
      const carried = CalibrationState.safeParse(state ?? {});
      const previous = carried.success ? carried.data : {};
      const key = answerKey(ctx.canary);
      const pool = baseline.samples;
      const o = calibrationTest(current, pool, key);
      if (!o) return { findings: [], state: previous, metrics: {} };
      const aa = resolveAa(baseline.summary, previous.aa, poolKeyOf(pool), () => replay(pool, key, ctx.alpha), ctx.alpha);
      const alpha = effectiveAlpha(ctx.alpha, aa.result).alpha;
      const metrics: ProbeMetrics = { pWilcoxon: o.wilcoxon.pValue, pMcNemar: o.mcnemar.pValue, medianLogitChange: o.medianLogitChange, items: o.items };
      if (o.worst) metrics.pWorstItem = o.worst.pValue;
      if (o.after.ece !== null) metrics.ece = o.after.ece;
      if (o.after.accuracy !== null) metrics.accuracy = o.after.accuracy;
      if (o.after.confidence !== null) metrics.confidence = o.after.confidence;
      const nextState = aa.cache ? { aa: aa.cache } : {};
      if (o.pValue > alpha) return { findings: [], state: nextState, metrics };
      const extra = {
        ...(o.minRuns < MIN_RUNS ? { poolNote: `some items have only ${o.minRuns} baseline run(s); ${MIN_RUNS} are recommended` } : {}),
        ...aaEvidence(ctx.alpha, aa.result),
      };
      // Confidence moving across the items is a calibration change; a few items alone, other weights.
      const worst = 3 * o.pPaired <= alpha ? null : o.worst;
      return { state: nextState, metrics, findings: [worst ? partialTrafficFinding(o, worst, extra) : shiftFinding(o, extra)] };
    },
  };
}
