import type { Probe, SampleRecord } from '../types.js';
import { aaCheck, aaEvidence, aaSummary, effectiveAlpha, poolKeyOf, resolveAa, type AaResult } from '../../stats/aa-check.js';
import { groupBy, groupCycles } from '../../stats/cycles.js';
import { describe } from './confidence.js';
import { answered, answerKey, calibrationTest } from './detector.js';
import { partialTrafficFinding, shiftFinding } from './findings.js';
import { CalibrationState, CalibrationSummary } from './schema.js';
import { calibrationSprt, suspects } from './sequential.js';
import type { ProbeMetrics } from '../metric-units.js';

const MIN_RUNS = 5;

/**
 * A cycle's p-value for the A/A replay: 1/LR of the per-item SPRT (a valid p-value by Ville's
 * inequality) where the pool has per-item jitter, else the paired tests' p.
 */
function cycleP(window: readonly SampleRecord[], rest: readonly SampleRecord[], key: ReadonlyMap<string, number>, alpha: number): number | null {
  const seq = calibrationSprt(window, rest, key, alpha);
  return seq ? Math.min(1, Math.exp(-seq.logLr)) : (calibrationTest(window, rest, key)?.pValue ?? null);
}

/** Builds the calibration probe (docs/statistics.md#calibration). Without logprobs it stays silent (the shape probe reports that). */
export function createCalibrationProbe(): Probe<CalibrationSummary, CalibrationState> {
  const replay = (pool: readonly SampleRecord[], key: ReadonlyMap<string, number>, alpha: number): AaResult | null =>
    aaCheck(groupCycles(pool), (w, rest) => cycleP(w.flat(), rest.flat(), key, alpha), { alpha });

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
    sequential: {
      verdict({ baseline, current, ctx }) {
        const alpha = effectiveAlpha(ctx.alpha, baseline.summary.aaFalseAlarmRate === undefined ? null : { falseAlarmRate: baseline.summary.aaFalseAlarmRate }).alpha;
        return calibrationSprt(current, baseline.samples, answerKey(ctx.canary), alpha)?.verdict ?? 'continue';
      },
      firstItems: (state) => state?.suspects ?? [],
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
      const seq = calibrationSprt(current, pool, key, alpha);
      const metrics: ProbeMetrics = { pWilcoxon: o.wilcoxon.pValue, pMcNemar: o.mcnemar.pValue, medianLogitChange: o.medianLogitChange, items: o.items };
      if (o.worst) metrics.pWorstItem = o.worst.pValue;
      if (o.after.ece !== null) metrics.ece = o.after.ece;
      if (o.after.accuracy !== null) metrics.accuracy = o.after.accuracy;
      if (o.after.confidence !== null) metrics.confidence = o.after.confidence;
      if (seq) Object.assign(metrics, { sprtLogLr: seq.logLr, calls: seq.calls });
      const nextState: CalibrationState = { ...(aa.cache ? { aa: aa.cache } : {}), ...(seq ? { suspects: suspects(seq.scores) } : {}) };
      // The per-item SPRT (docs/statistics.md#logprob-vectors) decides early from a few answers; the
      // paired and worst-item tests judge whatever the cycle sent, as before.
      const sprtFired = seq?.verdict === 'change';
      const fired = sprtFired || o.pValue <= alpha;
      if (!fired) return { findings: [], state: nextState, metrics };
      const extra = {
        ...(o.minRuns < MIN_RUNS ? { poolNote: `some items have only ${o.minRuns} baseline run(s); ${MIN_RUNS} are recommended` } : {}),
        ...(seq ? { sequential: { test: 'mixture SPRT on per-item logit confidence against each item\'s baseline jitter', logLikelihoodRatio: seq.logLr, answers: seq.calls, logLrEveryItem: seq.logLrShift, logLrPartialSwap: seq.logLrSwap } } : {}),
        ...aaEvidence(ctx.alpha, aa.result),
      };
      // Confidence moving across the items is a calibration change; a few items alone, other weights.
      // A cycle that saw only last cycle's moved items (sent first) cannot tell: it keeps last cycle's reading.
      const onlySuspects = seq !== null && seq.scores.every((s) => previous.suspects?.includes(s.item));
      const partial = sprtFired ? (onlySuspects && previous.partial !== undefined ? previous.partial : seq.logLrSwap > seq.logLrShift) : 3 * o.pPaired > alpha;
      nextState.partial = partial;
      const worst = partial ? o.worst : null;
      const finding = worst ? partialTrafficFinding(o, worst, extra) : shiftFinding(o, extra);
      if (sprtFired) finding.summary += `; decided after ${seq.calls} answer(s) against each item's baseline jitter (likelihood ratio ${Math.exp(Math.min(700, seq.logLr)).toPrecision(2)})`;
      return { state: nextState, metrics, findings: [finding] };
    },
  };
}
