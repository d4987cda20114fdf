import type { Probe, SampleRecord } from '../types.js';
import { aaCheck, aaEvidence, type AaResult, aaSummary, effectiveAlpha, poolKeyOf, resolveAa } from '../../stats/aa-check.js';
import { groupCycles } from '../../stats/cycles.js';
import { defaultLogprobsOptions, firstTokenTop, ltWindowTest, type LogprobsOptions } from './detector.js';
import { LogprobsState, LogprobsSummary } from './schema.js';
import type { ProbeMetrics } from '../metric-units.js';
import { logprobSprt } from './sequential.js';

/**
 * Builds the logprobs probe (docs/statistics.md#logprob-tracking). Missing logprobs are not judged here: when the field disappears
 * the shape probe reports the removal, and this probe stays silent rather than call it a shift.
 */
export function createLogprobsProbe(options: Partial<LogprobsOptions> = {}): Probe<LogprobsSummary, LogprobsState> {
  const opts = { ...defaultLogprobsOptions, ...options };
  const replay = (pool: readonly SampleRecord[], alpha: number): AaResult | null =>
    aaCheck(groupCycles(pool), (w, rest) => ltWindowTest(w.flat(), rest.flat(), opts)?.result.pValue ?? null, { alpha });

  return {
    id: 'logprobs',
    summarySchema: LogprobsSummary,
    summarize(samples, ctx) {
      const withTop = samples.map(firstTokenTop).filter((t) => t !== null);
      return {
        samples: samples.length,
        withLogprobs: withTop.length,
        prompts: new Set(samples.map((s) => s.item ?? '')).size,
        tokens: new Set(withTop.flatMap((t) => Object.keys(t))).size,
        ...aaSummary(withTop.length >= opts.minPool ? replay(samples, ctx.alpha) : null),
      };
    },
    // The per-prompt SPRT (decides early, anytime-valid) and LT on what was sent each run at α: the
    // SPRT's real rate sits far below its Ville bound, which the detection bench measures.
    sequential: {
      verdict({ baseline, current, ctx }) {
        const aa = baseline.summary.aaFalseAlarmRate === undefined ? null : { falseAlarmRate: baseline.summary.aaFalseAlarmRate };
        return logprobSprt(current, baseline.samples, effectiveAlpha(ctx.alpha, aa).alpha, opts.tolerance)?.verdict ?? 'continue';
      },
    },
    evaluate({ baseline, current, state, ctx }) {
      const carried = LogprobsState.safeParse(state ?? {});
      const previous = carried.success ? carried.data : {};
      const pool = baseline.samples;
      const present = current.filter((s) => firstTokenTop(s) !== null).length;
      const metrics: ProbeMetrics = { withLogprobs: present };
      if (present === 0 || !pool.some((s) => firstTokenTop(s) !== null)) {
        return { findings: [], state: previous, metrics };
      }
      const aa = resolveAa(baseline.summary, previous.aa, poolKeyOf(pool), () => replay(pool, ctx.alpha), ctx.alpha);
      const nextState: LogprobsState = aa.cache ? { aa: aa.cache } : {};
      const alpha = effectiveAlpha(ctx.alpha, aa.result).alpha;
      const seq = logprobSprt(current, pool, alpha, opts.tolerance);
      if (seq) Object.assign(metrics, { sprtLogLr: seq.logLr, calls: seq.calls });
      const outcome = ltWindowTest(current, pool, opts);
      if (!outcome) return { findings: [], state: nextState, metrics };
      const { result, windowSize, poolSize } = outcome;
      Object.assign(metrics, { lt: result.statistic, pValue: result.pValue, poolSize, windowSize });
      if (aa.result) metrics.aaFalseAlarmRate = aa.result.falseAlarmRate;
      // Significant but smaller than ε (e.g. float noise against a deterministic pool): not drift.
      const ltFired = result.pValue <= alpha && result.statistic > opts.tolerance;
      if (!ltFired && seq?.verdict !== 'change') return { findings: [], state: nextState, metrics };
      const movers = result.movers.map((m) => ({ ...m, delta: m.after - m.before }));
      return {
        state: nextState,
        metrics,
        findings: [
          {
            kind: 'identity.behavior_shift',
            severity: 'warning',
            subject: 'logprobs',
            summary: `first-token logprobs moved: LT ${result.statistic.toFixed(3)}, p ${result.pValue.toPrecision(2)} (${windowSize} samples vs a pool of ${poolSize})${seq?.verdict === 'change' ? `; decided after ${seq.calls} call(s) against each prompt's baseline jitter` : ''}`,
            evidence: {
              test: 'LT permutation test (Chauvin et al.), stratified by prompt',
              statistic: result.statistic,
              pValue: result.pValue,
              permutations: result.permutations,
              windowSize,
              poolSize,
              tolerance: opts.tolerance,
              movers,
              ...(seq ? { sequential: { test: "mixture SPRT on the baseline's top token logprob against each prompt's baseline jitter", logLikelihoodRatio: seq.logLr, calls: seq.calls, decided: seq.verdict === 'change' } } : {}),
              ...(poolSize < opts.minPool
                ? { poolNote: `pool has ${poolSize} samples, fewer than the ${opts.minPool} recommended; the null is estimated from a small pool` }
                : {}),
              ...aaEvidence(ctx.alpha, aa.result),
            },
            action:
              'The distribution of the first output token changed: check the provider changelog and the reported model/fingerprint for a silent update; if accepted, re-baseline with `tripline baseline`.',
          },
        ],
      };
    },
  };
}
