import type { Probe, ProbeContext, ProbeResult, SampleRecord } from '../types.js';
import { aaCheck, aaEvidence, aaSummary, effectiveAlpha, poolKeyOf, resolveAa, type AaResult } from '../../stats/aa-check.js';
import { groupCycles } from '../../stats/cycles.js';
import { mean, median } from '../../stats/ranks.js';
import { isCapped, LENGTH_WEIGHTS, lengthTest, observedCap, outputLengths, SHIFT_WEIGHTS, type LengthOutcome } from './detector.js';
import { lengthQuietStop } from './sequential.js';
import { LengthState, LengthSummary } from './schema.js';
import type { ProbeMetrics } from '../metric-units.js';
import { withClientCap } from './client-cap.js';

type Draft = ProbeResult<LengthState>['findings'][number];

/** One p for the probe as a whole: the length shift and the capped rate, weighted Bonferroni. */
function probeP(o: LengthOutcome): number {
  return Math.min(1, o.pShift / LENGTH_WEIGHTS.shift, o.pCappedRate / LENGTH_WEIGHTS.cappedRate);
}

/**
 * The stop rule's verdict for a canary (sequential.ts): only canaries with an explicit cap and more
 * than one request have one; the implicit-cap canary measures the cap with its one call.
 */
function quietStop(current: readonly SampleRecord[], pool: readonly SampleRecord[], ctx: ProbeContext): { planned: number; quiet: boolean } {
  const planned = Math.max(1, ctx.canary.items?.length ?? 0) * ctx.canary.samples;
  if (planned <= 1 || ctx.canary.request.params.maxTokens === undefined) return { planned, quiet: false };
  const meanAlpha = ctx.alpha * LENGTH_WEIGHTS.shift * SHIFT_WEIGHTS.mean;
  return { planned, quiet: lengthQuietStop(current, pool, planned, meanAlpha)?.verdict === 'no-change' };
}

/**
 * Findings of a cycle. A cycle the stop rule ended early for "no change" (`whole` false) has the
 * answers to some prompts only, against a pool of all of them: the distribution tests would compare
 * a different mix of prompts, so only the exact cap check judges it.
 */
function drafts(o: LengthOutcome, alpha: number, evidence: Record<string, unknown>, whole: boolean): Draft[] {
  const out: Draft[] = [];
  // Two findings share the probe's α (weighted Bonferroni), so the probe as a whole alarms at α.
  if (whole && o.pShift <= LENGTH_WEIGHTS.shift * alpha) {
    const direction = o.after.mean > o.before.mean ? 'longer' : 'shorter';
    out.push({
      kind: 'tokens.output_shift',
      severity: 'warning',
      subject: 'output_tokens',
      summary: `outputs got ${direction}: mean ${round(o.before.mean)} → ${round(o.after.mean)} tokens, median ${o.before.median} → ${o.after.median} (permutation p ${o.pMean.toPrecision(2)}, Mann-Whitney p ${o.pMannWhitney.toPrecision(2)})`,
      evidence: { direction, before: o.before, after: o.after, pMean: o.pMean, pMannWhitney: o.pMannWhitney, pKs: o.pKs, pValue: o.pShift, effectSize: o.effectSize, ...evidence },
      action: 'Output verbosity changed for the same prompt: check cost and latency budgets, and the provider changelog for a model or system-prompt update.',
    });
  }
  if (o.capMoved) {
    const after = capAfterText(o);
    const before = o.before.cap ?? `above ${o.before.max} (the client cap)`;
    out.push({
      kind: 'tokens.output_cap_changed',
      severity: 'warning',
      subject: 'cap',
      summary: `the effective output cap moved: ${before} → ${after} tokens`,
      evidence: { before: o.before.cap, after: o.after.cap, maxObserved: o.after.max, ...evidence },
      action: 'The (implicit) max_tokens default or cap handling changed: set max_tokens explicitly in your requests, and re-baseline once understood.',
    });
  } else if (whole && o.pCappedRate <= LENGTH_WEIGHTS.cappedRate * alpha) {
    out.push({
      kind: 'tokens.output_cap_changed',
      severity: 'warning',
      subject: 'capped_rate',
      summary: `share of answers cut at the token cap moved: ${pct(o.before.cappedRate)} → ${pct(o.after.cappedRate)} (Fisher p ${o.pCappedRate.toPrecision(2)})`,
      evidence: { before: o.before.cappedRate, after: o.after.cappedRate, pValue: o.pCappedRate, ...evidence },
      action: 'More or fewer answers now hit the token cap: check whether the default max_tokens or the model verbosity changed.',
    });
  }
  return out;
}

/** Builds the length probe (docs/statistics.md#verbosity). */
export function createLengthProbe(): Probe<LengthSummary, LengthState> {
  const replay = (pool: readonly SampleRecord[], alpha: number): AaResult | null =>
    aaCheck(groupCycles(pool), (w, rest) => {
      const o = lengthTest(w.flat(), rest.flat());
      return o ? probeP(o) : null;
    }, { alpha });

  return {
    id: 'length',
    summarySchema: LengthSummary,
    adjustCanary: withClientCap,
    sequential: {
      verdict: ({ baseline, current, ctx }) => (quietStop(current, baseline.samples, ctx).quiet ? 'no-change' : 'continue'),
    },
    summarize(samples, ctx) {
      const lengths = outputLengths(samples);
      return {
        samples: lengths.length,
        median: lengths.length ? median(lengths) : null,
        mean: lengths.length ? mean(lengths) : null,
        cappedRate: samples.length ? samples.filter(isCapped).length / samples.length : null,
        cap: observedCap(samples),
        ...aaSummary(replay(samples, ctx.alpha)),
      };
    },
    evaluate({ baseline, current, state, ctx }) {
      const carried = LengthState.safeParse(state ?? {});
      const previous = carried.success ? carried.data : {};
      const pool = baseline.samples;
      const o = lengthTest(current, pool);
      if (!o) return { findings: [], state: previous, metrics: {} };
      const aa = resolveAa(baseline.summary, previous.aa, poolKeyOf(pool), () => replay(pool, ctx.alpha), ctx.alpha);
      const alpha = effectiveAlpha(ctx.alpha, aa.result).alpha;
      const metrics: ProbeMetrics = {
        medianOutputTokens: o.after.median,
        meanOutputTokens: o.after.mean,
        maxOutputTokens: o.after.max,
        pMean: o.pMean,
        pMannWhitney: o.pMannWhitney,
        pKs: o.pKs,
        cappedRate: o.after.cappedRate,
        pCappedRate: o.pCappedRate,
      };
      if (o.after.cap !== null) metrics.cap = o.after.cap;
      const stop = quietStop(current, pool, ctx);
      const whole = current.length >= stop.planned || !stop.quiet;
      const evidence = { poolSize: o.before.n, windowSize: o.after.n, ...aaEvidence(ctx.alpha, aa.result) };
      return { findings: drafts(o, alpha, evidence, whole), state: aa.cache ? { aa: aa.cache } : {}, metrics };
    },
  };
}

/** The new cap as far as it was seen: a value, or a bound when no answer stopped at a provider cap. */
function capAfterText(o: LengthOutcome): string {
  if (o.after.cap !== null) return String(o.after.cap);
  if (o.after.clientCapped > 0) return `above ${o.after.max} (answers ran past the old cap until tripline's client-side cap stopped them)`;
  return `above ${o.before.cap} (an answer of ${o.after.max} tokens ended on its own)`;
}

function round(tokens: number): number {
  return Math.round(tokens * 10) / 10;
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(0)}%`;
}
