import type { Probe, ProbeResult, SampleRecord } from '../types.js';
import { aaCheck, aaEvidence, aaSummary, effectiveAlpha, poolKeyOf, resolveAa, type AaResult } from '../../stats/aa-check.js';
import { groupBy, groupCycles } from '../../stats/cycles.js';
import { eDetectorAlarm, updateEDetector } from '../../stats/e-detector.js';
import { behaviorTest, defaultBehaviorOptions, type BehaviorOptions, type BehaviorOutcome } from './detector.js';
import { BehaviorState, BehaviorSummary } from './schema.js';
import { borderQuietVerdict, nextScreen } from './sequential.js';
import { firstTokenOf } from './tokens.js';
import type { ProbeMetrics } from '../metric-units.js';

type Draft = ProbeResult<BehaviorState>['findings'][number];

const ACTION =
  'Outputs for fixed prompts now come from a different distribution (a model swap, an update, or part of the traffic routed elsewhere): check the provider status page and changelog; re-baseline once understood.';

function evidenceOf(o: BehaviorOutcome): Record<string, unknown> {
  return {
    test: 'border-input χ² (first token, permutation within prompts)' + (o.mmd ? ' + Hamming-kernel MMD (permutation within prompts)' : ''),
    statistic: o.border.statistic,
    df: o.border.df,
    pChi2Permutation: o.border.pValue,
    pSumOverPrompts: o.border.pSum,
    pWorstPrompt: o.border.pMax,
    pChi2Asymptotic: o.border.pAsymptotic,
    ...(o.mmd ? { mmd: o.mmd.statistic, pMmd: o.mmd.pValue } : {}),
    pValue: o.pValue,
    movers: o.border.movers,
    windowSize: o.windowSize,
    poolSize: o.poolSize,
  };
}

/** Builds the behavior probe (docs/statistics.md#border-inputs and #output-distribution, for providers without logprobs) with the e-detector layer. */
export function createBehaviorProbe(options: Partial<BehaviorOptions> = {}): Probe<BehaviorSummary, BehaviorState> {
  const opts = { ...defaultBehaviorOptions, ...options };
  const quiet = opts.quiet;
  const suspectsOf = (state: unknown): string[] => BehaviorState.safeParse(state ?? {}).data?.suspects ?? [];
  const replay = (pool: readonly SampleRecord[], alpha: number): AaResult | null =>
    aaCheck(groupCycles(pool), (w, rest) => behaviorTest(w.flat(), rest.flat(), opts, false)?.pValue ?? null, { alpha });

  return {
    id: 'behavior',
    summarySchema: BehaviorSummary,
    summarize(samples, ctx) {
      const prompts = [...groupBy(samples, (s) => s.item ?? '').values()];
      return {
        prompts: prompts.length,
        minSamplesPerPrompt: prompts.length ? Math.min(...prompts.map((p) => p.length)) : 0,
        meanDistinctFirstTokens: prompts.length ? prompts.reduce((n, p) => n + new Set(p.map(firstTokenOf)).size, 0) / prompts.length : 0,
        ...aaSummary(replay(samples, ctx.alpha)),
      };
    },
    sequential: quiet
      ? {
          verdict: ({ baseline, current, state, ctx }) => borderQuietVerdict(ctx.canary, current, baseline.samples, suspectsOf(state), opts.minCount, quiet),
          firstItems: suspectsOf,
        }
      : undefined,
    evaluate({ baseline, current, state, ctx }) {
      const carried = BehaviorState.safeParse(state ?? {});
      const previous = carried.success ? carried.data : {};
      const pool = baseline.samples;
      const o = behaviorTest(current, pool, opts);
      if (!o) return { findings: [], state: previous, metrics: {} };
      const aa = resolveAa(baseline.summary, previous.aa, poolKeyOf(pool), () => replay(pool, ctx.alpha), ctx.alpha);
      const alpha = effectiveAlpha(ctx.alpha, aa.result).alpha;
      const detector = opts.eDetector ? updateEDetector(previous.detector ?? null, o.pValue, opts.eDetector) : undefined;
      const metrics: ProbeMetrics = { pValue: o.pValue, chi2: o.border.statistic, pChi2: o.border.pValue };
      if (o.mmd) metrics.pMmd = o.mmd.pValue;
      if (detector) metrics.eDetector = detector.m;
      const findings: Draft[] = [];
      const evidence = { ...evidenceOf(o), ...aaEvidence(ctx.alpha, aa.result) };
      if (o.pValue <= alpha) {
        findings.push({
          kind: 'identity.behavior_shift',
          severity: 'warning',
          subject: 'distribution',
          summary: `output distribution on ${o.border.prompts} fixed prompts moved: p ${o.pValue.toPrecision(2)} (${o.windowSize} samples vs a pool of ${o.poolSize})`,
          evidence,
          action: ACTION,
        });
      }
      if (detector && opts.eDetector && eDetectorAlarm(detector, opts.eDetector)) {
        findings.push({
          kind: 'identity.behavior_shift',
          severity: 'warning',
          subject: 'sequential',
          summary: `evidence of changed outputs accumulated over ${detector.cycles} cycles: e-detector M ${detector.m.toPrecision(3)} ≥ ${opts.eDetector.threshold} (e.g. part of the traffic served by another model)`,
          evidence: { ...evidence, eDetector: detector.m, threshold: opts.eDetector.threshold, cycles: detector.cycles, kappa: opts.eDetector.kappa },
          action: ACTION,
          // The e-detector already accumulates evidence; waiting another cycle adds nothing.
          confirmCycles: 1,
        });
      }
      const screen = quiet ? nextScreen(current, pool, previous, opts.minCount, quiet) : null;
      const next: BehaviorState = {
        ...(aa.cache ? { aa: aa.cache } : {}),
        ...(detector ? { detector } : {}),
        ...(screen?.suspects.length ? { suspects: screen.suspects } : {}),
        ...(screen ? { recent: screen.recent } : {}),
      };
      return { findings, state: next, metrics };
    },
  };
}
