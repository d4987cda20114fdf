import type { Probe, SampleRecord } from '../types.js';
import { aaCheck, aaEvidence, aaSummary, effectiveAlpha, poolKeyOf, resolveAa, type AaResult } from '../../stats/aa-check.js';
import { groupBy, groupCycles } from '../../stats/cycles.js';
import { describe } from './confidence.js';
import { answered, answerKey, calibrationTest } from './detector.js';
import { CalibrationState, CalibrationSummary } from './schema.js';

const MIN_RUNS = 5;

/** Builds the calibration probe (S6). Without logprobs it stays silent (the shape probe reports that). */
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
      const metrics: Record<string, number> = { pWilcoxon: o.wilcoxon.pValue, pMcNemar: o.mcnemar.pValue, medianLogitChange: o.medianLogitChange, items: o.items };
      if (o.after.ece !== null) metrics.ece = o.after.ece;
      if (o.after.accuracy !== null) metrics.accuracy = o.after.accuracy;
      const nextState = aa.cache ? { aa: aa.cache } : {};
      if (o.pValue > alpha) return { findings: [], state: nextState, metrics };
      const f3 = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(3));
      return {
        state: nextState,
        metrics,
        findings: [
          {
            kind: 'calibration.shift',
            severity: 'warning',
            subject: 'confidence',
            summary: `confidence on ${o.items} known-answer items got ${o.direction}: median Δlogit ${o.medianLogitChange.toFixed(2)} (Wilcoxon p ${o.wilcoxon.pValue.toPrecision(2)}, McNemar p ${o.mcnemar.pValue.toPrecision(2)}); ECE ${f3(o.before.ece)} → ${f3(o.after.ece)}`,
            evidence: {
              direction: o.direction,
              effectSize: { medianLogitChange: o.medianLogitChange, rankBiserial: o.wilcoxon.effectSize },
              pWilcoxon: o.wilcoxon.pValue,
              pMcNemar: o.mcnemar.pValue,
              pValue: o.pValue,
              correctness: { lostItems: o.mcnemar.b, gainedItems: o.mcnemar.c },
              before: o.before,
              after: o.after,
              items: o.items,
              ...(o.minRuns < MIN_RUNS ? { poolNote: `some items have only ${o.minRuns} baseline run(s); ${MIN_RUNS} are recommended` } : {}),
              ...aaEvidence(ctx.alpha, aa.result),
            },
            action:
              'Logprob-derived confidence moved (temperature/calibration change or a different model): re-check thresholds that use logprobs as confidence, and the provider changelog.',
          },
        ],
      };
    },
  };
}
