import type { Probe, ProbeContext, ProbeResult, SampleRecord } from '../types.js';
import { aaCheck, aaEvidence, aaSummary, effectiveAlpha, poolKeyOf, resolveAa, type AaResult } from '../../stats/aa-check.js';
import { groupCycles } from '../../stats/cycles.js';
import { measureCycle, reproducibilityTest } from './detector.js';
import { ReproducibilityState, ReproducibilitySummary } from './schema.js';
import { reproducibilityQuietStop } from './sequential.js';
import type { ProbeMetrics } from '../metric-units.js';

type Draft = ProbeResult<ReproducibilityState>['findings'][number];

/** "seeded" when the provider honours `seed` and the canary sets one; otherwise plain temperature 0. */
export function determinismMode(ctx: ProbeContext): 'seeded' | 'unseeded temperature-0 determinism' {
  return ctx.supports.seed && ctx.canary.request.params.seed !== undefined ? 'seeded' : 'unseeded temperature-0 determinism';
}

function fingerprintsOf(samples: readonly SampleRecord[]): string[] {
  return [...new Set(samples.map((s) => s.fingerprint).filter((f): f is string => f !== null))].sort();
}

function fingerprintDraft(pool: readonly string[], current: readonly string[]): Draft | null {
  if (pool.length === 0 || current.length === 0 || current.some((f) => pool.includes(f))) return null;
  return {
    kind: 'reproducibility.fingerprint_changed',
    severity: 'info',
    subject: 'fingerprint',
    summary: `backend fingerprint moved: ${current.join(', ')} (baseline: ${pool.join(', ')})`,
    evidence: { before: pool, after: current },
    action: 'A new backend configuration serves this model; expect seeded outputs to differ. Watch the statistical probes for a behaviour change.',
  };
}

/** Builds the reproducibility probe (docs/statistics.md#reproducibility). */
export function createReproducibilityProbe(): Probe<ReproducibilitySummary, ReproducibilityState> {
  const replay = (pool: readonly SampleRecord[], alpha: number): AaResult | null =>
    aaCheck(groupCycles(pool), (w, rest) => reproducibilityTest(w.flat(), rest.flat())?.pValue ?? null, { alpha });

  return {
    id: 'reproducibility',
    summarySchema: ReproducibilitySummary,
    summarize(samples, ctx) {
      const cycles = groupCycles(samples).map(measureCycle).filter((c) => c.pairs > 0);
      const pairs = cycles.reduce((n, c) => n + c.pairs, 0);
      return {
        cycles: cycles.length,
        pairwiseMatchRate: pairs ? cycles.reduce((n, c) => n + c.identicalPairs, 0) / pairs : null,
        allIdenticalRate: cycles.length ? cycles.filter((c) => c.allIdentical).length / cycles.length : null,
        fingerprints: fingerprintsOf(samples),
        ...aaSummary(replay(samples, ctx.alpha)),
      };
    },
    sequential: {
      // Stops a quiet cycle early only (sequential.ts); a drifting one is sent whole and judged by Boschloo's test.
      verdict({ baseline, current, ctx }) {
        const planned = Math.max(1, ctx.canary.items?.length ?? 0) * ctx.canary.samples;
        return reproducibilityQuietStop(current, baseline.samples, planned, ctx.alpha)?.verdict ?? 'continue';
      },
    },
    evaluate({ baseline, current, state, ctx }) {
      const carried = ReproducibilityState.safeParse(state ?? {});
      const previous = carried.success ? carried.data : {};
      const pool = baseline.samples;
      const findings: Draft[] = [];
      const fingerprint = fingerprintDraft([...new Set([...baseline.summary.fingerprints, ...fingerprintsOf(pool)])], fingerprintsOf(current));
      if (fingerprint) findings.push(fingerprint);
      const outcome = reproducibilityTest(current, pool);
      if (!outcome) return { findings, state: previous, metrics: {} };
      const aa = resolveAa(baseline.summary, previous.aa, poolKeyOf(pool), () => replay(pool, ctx.alpha), ctx.alpha);
      const metrics: ProbeMetrics = {
        pairwiseMatchRate: outcome.currentRate,
        allIdentical: outcome.current.allIdentical ? 1 : 0,
        baselineMatchRate: outcome.baselineRate,
        modalAgreement: outcome.currentAgreement,
        pValue: outcome.pValue,
      };
      if (outcome.current.firstDivergence !== null) metrics.firstDivergence = outcome.current.firstDivergence;
      const alpha = effectiveAlpha(ctx.alpha, aa.result).alpha;
      if (outcome.pValue <= alpha) {
        const mode = determinismMode(ctx);
        findings.push({
          kind: 'reproducibility.degraded',
          // Providers promise determinism at best on a best-effort basis; seeded runs claim more.
          severity: mode === 'seeded' ? 'warning' : 'info',
          subject: mode,
          summary: `${mode}: identical-output rate fell to ${pct(outcome.currentRate)} of pairs (baseline ${pct(outcome.baselineRate)}), p ${outcome.pValue.toPrecision(2)}`,
          evidence: {
            mode,
            test: "one-sided Boschloo exact test on samples equal vs unequal to their cycle's modal output",
            before: { modalAgreement: outcome.baselineAgreement, pairwiseMatchRate: outcome.baselineRate, allIdenticalRate: outcome.baselineAllIdentical, cycles: outcome.poolCycles },
            after: {
              modalAgreement: outcome.currentAgreement,
              pairwiseMatchRate: outcome.currentRate,
              allIdentical: outcome.current.allIdentical,
              firstDivergenceToken: outcome.current.firstDivergence,
              samples: outcome.current.samples,
            },
            pValue: outcome.pValue,
            effectSize: outcome.currentAgreement - outcome.baselineAgreement,
            fingerprints: { baseline: baseline.summary.fingerprints, current: fingerprintsOf(current) },
            ...aaEvidence(ctx.alpha, aa.result),
          },
          action:
            mode === 'seeded'
              ? 'Seeded requests no longer reproduce as often: do not rely on seed for replay or caching; check for a backend (fingerprint) change.'
              : 'Temperature-0 outputs vary more than before (providers do not guarantee determinism); tests that compare exact outputs will flake.',
          confirmCycles: 2,
        });
      }
      return { findings, state: aa.cache ? { aa: aa.cache } : {}, metrics };
    },
  };
}

function pct(rate: number): string {
  return `${(rate * 100).toFixed(0)}%`;
}
