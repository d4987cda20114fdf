import type { Probe, ProbeContext, ProbeResult, SampleRecord } from '../types.js';
import { aaCheck, aaEvidence, aaSummary, effectiveAlpha, poolKeyOf, resolveAa, type AaResult } from '../../stats/aa-check.js';
import { groupCycles } from '../../stats/cycles.js';
import type { ProbeMetrics } from '../metric-units.js';
import { judge, probeP, seriesWeight, type Judged } from './judge.js';
import { CHECK_WEIGHTS, quantile, type QuantileCheck } from './quantile-shift.js';
import { LatencyState, LatencySummary, type SeriesSummary } from './schema.js';
import { latencyQuietVerdict } from './sequential.js';
import { commonServerHeader, firstBytes, streamed, tokensPerSecond, totals } from './series.js';

type Draft = ProbeResult<LatencyState>['findings'][number];

/** Default factor a median or p95 must move by (evaluation.latencyFactor). */
export const DEFAULT_LATENCY_FACTOR = 2;

function seriesSummary(values: readonly number[]): SeriesSummary {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, median: sorted.length ? quantile(sorted, 0.5) : null, p95: sorted.length ? quantile(sorted, 0.95) : null };
}

const ms = (v: number): string => `${Math.round(v).toLocaleString('en-US')} ms`;

/**
 * The check to report: the first significant one in a fixed order (total before first byte, median
 * before p95), so that a shift seen by several checks keeps one finding key from cycle to cycle and
 * persistence can confirm it. Each check is held to its share of α (series weight × check weight).
 */
function reported(judged: readonly Judged[], alpha: number): { j: Judged; c: QuantileCheck } | null {
  for (const j of judged) {
    for (const mode of ['median_up', 'median_down', 'p95_up'] as const) {
      const c = j.outcome.checks.find((k) => k.mode === mode);
      if (c?.factorHolds && c.pValue <= alpha * seriesWeight(j, judged) * CHECK_WEIGHTS[mode]) return { j, c };
    }
  }
  return null;
}

function draft(j: Judged, c: QuantileCheck, factor: number, what: string, evidence: Record<string, unknown>): Draft {
  const quantileName = c.mode === 'p95_up' ? 'p95' : 'median';
  const [before, after] = c.mode === 'p95_up' ? [j.outcome.before.p95, j.outcome.after.p95] : [j.outcome.before.median, j.outcome.after.median];
  const direction = c.mode === 'median_down' ? 'faster' : 'slower';
  const label = j.series === 'first_byte' ? 'time to first token' : what;
  return {
    kind: 'latency.shift',
    severity: 'warning',
    subject: `${j.series}.${quantileName}`,
    summary: `${quantileName} ${label} ${direction}: ${ms(before)} → ${ms(after)} (${c.beyond}/${j.outcome.after.n} requests beyond ${factor}× the baseline ${quantileName}, against ${c.poolBeyond}/${j.outcome.before.n} in the baseline; Fisher p ${c.pValue.toPrecision(2)})`,
    evidence: { direction, mode: c.mode, series: j.series, factor, before: j.outcome.before, after: j.outcome.after, threshold: Math.round(c.threshold), pValue: j.outcome.pValue, ...evidence },
    action:
      direction === 'slower'
        ? 'Check the provider status page and your own latency dashboards; raise client timeouts or shift traffic if it persists, and accept a new baseline once it is the new normal.'
        : 'Requests got much faster for the same prompt: check whether a smaller model or another serving path now answers (identity and behaviour findings), then accept a new baseline.',
  };
}

/** Builds the latency probe (docs/statistics.md#latency). */
function createLatencyProbe(): Probe<LatencySummary, LatencyState> {
  const factorOf = (ctx: ProbeContext): number => ctx.latencyFactor ?? DEFAULT_LATENCY_FACTOR;
  const replay = (pool: readonly SampleRecord[], ctx: ProbeContext): AaResult | null =>
    aaCheck(groupCycles(pool), (w, rest) => probeP(judge(w.flat(), rest.flat(), factorOf(ctx))), { alpha: ctx.alpha });

  return {
    id: 'latency',
    summarySchema: LatencySummary,
    sequential: {
      // Stops a quiet cycle early only (sequential.ts); a drifting one is sent whole and judged as before.
      verdict({ baseline, current, ctx }) {
        const planned = Math.max(1, ctx.canary.items?.length ?? 0) * ctx.canary.samples;
        const series = streamed(baseline.samples) ? 2 : 1;
        return latencyQuietVerdict(judge(current, baseline.samples, factorOf(ctx)), series, planned, ctx.alpha);
      },
    },
    summarize(samples, ctx) {
      const header = commonServerHeader(samples);
      return {
        total: seriesSummary(totals(samples, header)),
        basis: header === null ? 'client' : 'server',
        serverHeader: header,
        firstByte: seriesSummary(firstBytes(samples)),
        tokensPerSecond: tokensPerSecond(samples),
        ...aaSummary(replay(samples, ctx)),
      };
    },
    evaluate({ baseline, current, state, ctx }) {
      const carried = LatencyState.safeParse(state ?? {});
      const previous = carried.success ? carried.data : {};
      const pool = baseline.samples;
      const factor = factorOf(ctx);
      const judged = judge(current, pool, factor);
      const p = probeP(judged);
      if (p === null) return { findings: [], state: previous, metrics: {} };
      const aa = resolveAa(baseline.summary, previous.aa, poolKeyOf(pool), () => replay(pool, ctx), ctx.alpha);
      const alpha = effectiveAlpha(ctx.alpha, aa.result).alpha;
      const header = commonServerHeader([...pool, ...current]);
      const total = judged.find((j) => j.series === 'total')?.outcome;
      const metrics: ProbeMetrics = { pValue: p };
      if (total) Object.assign(metrics, { medianLatencySeconds: total.after.median / 1000, p95LatencySeconds: total.after.p95 / 1000 });
      const fb = firstBytes(current);
      if (fb.length) metrics.medianFirstByteSeconds = seriesSummary(fb).median! / 1000;
      const tps = tokensPerSecond(current);
      if (tps !== null) metrics.medianTokensPerSecond = tps;
      const findings: Draft[] = [];
      if (p <= alpha) {
        const what = header === null ? 'total time (client-side)' : `server processing time (${header})`;
        const evidence = { basis: header === null ? 'client' : 'server', serverHeader: header, tokensPerSecond: tps, ...aaEvidence(ctx.alpha, aa.result) };
        const pick = reported(judged, alpha);
        if (pick) findings.push(draft(pick.j, pick.c, factor, what, evidence));
      }
      return { findings, state: aa.cache ? { aa: aa.cache } : {}, metrics };
    },
  };
}

/** Latency probe: total time, time to first token and throughput against the baseline's distribution. */
export const latency = createLatencyProbe();
