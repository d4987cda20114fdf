/** The markdown tables (and chart rows) of the detection benchmark. */
import type { ChartRow } from './chart.js';
import type { JobResult } from './run-job.js';
import { EVALUATION } from './stream.js';

const f = (x: number, d = 2): string => x.toFixed(d);
const sci = (x: number): string => (x === 0 ? '0' : x.toExponential(1));
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

/** One-sided 95% upper bound of a Poisson count (Wilson-Hilferty; exact 3.0 at zero). */
function upper95(k: number): number {
  if (k === 0) return 3;
  const a = k + 1;
  return a * (1 - 1 / (9 * a) + 1.645 / (3 * Math.sqrt(a))) ** 3;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return quantile(s, 0.5);
}

/** Median of the reached values (null entries: not reachable), or null when none or absent. */
function medianReached(values: readonly (number | null)[] | undefined): number | null {
  return values ? median(values.filter((n): n is number => n !== null)) : null;
}

/** Per pool, the calls by which 95% of its trials alerted (null: not reached); the median over pools. */
function poolCalls95(calls: readonly (number | null)[], pools: readonly number[]): number | null {
  const byPool = new Map<number, number[]>();
  calls.forEach((n, i) => byPool.set(pools[i]!, [...(byPool.get(pools[i]!) ?? []), n ?? Infinity]));
  const per = [...byPool.values()].map((v) => quantile([...v].sort((a, b) => a - b), 0.95));
  const m = median(per);
  return m === null || !Number.isFinite(m) ? null : m;
}

/** Median and p95 of the calls to an alert over all trials (Infinity: not detected). */
function detectionCallStats(r: JobResult): { median: number; p95: number } | null {
  if (!r.callsToDetect) return null;
  const sorted = r.callsToDetect.map((n) => n ?? Infinity).sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

/** Derived figures of one job. */
export function figures(r: JobResult) {
  const exposure = r.exposure ? r.exposure.exposed / r.exposure.screened : 1;
  const within2 = r.detectedAt.filter((d) => d !== null && d <= 2).length / r.trials;
  const cycles = r.detectedAt.map((d) => d ?? Infinity).sort((a, b) => a - b);
  let k95: number | null = null;
  for (let k = 1; k <= r.job.maxCycles && k95 === null; k++) if (cycles.filter((c) => c <= k).length / r.trials >= 0.95) k95 = k;
  // With sequential sampling a cycle's calls vary: per pool, the calls by which 95% of its trials
  // alerted (like the oracle's per-pool figure), then the median over pools.
  const perPool = r.callsToDetect && r.trialPool ? poolCalls95(r.callsToDetect, r.trialPool) : null;
  const oracle = medianReached(r.oracleCalls);
  const oracle2 = medianReached(r.oracleCallsAlpha2);
  const tripCalls = perPool ? perPool : k95 === null ? null : k95 * r.callsPerCycle;
  return {
    exposure,
    within2,
    median: quantile(cycles, 0.5),
    p95: quantile(cycles, 0.95),
    tripCalls,
    oracle,
    oracle2,
    ratio: tripCalls !== null && oracle !== null ? tripCalls / oracle : null,
    ratio2: tripCalls !== null && oracle2 !== null ? tripCalls / oracle2 : null,
    oraclePower: median(r.oraclePowerAt2) ?? 0,
    logprobOracle: medianReached(r.logprobOracleCalls),
    logprobOracle2: medianReached(r.logprobOracleCallsAlpha2),
  };
}

const cyc = (c: number, max: number): string => (Number.isFinite(c) ? String(c) : `>${max}`);

/**
 * Latency from the drift's start to the alert, in scheduled cycles: "cycle 1 + 60 s" is an alert
 * from the first cycle's confirmation run. Median / p95 over trials; null for results without it.
 */
export function latency(r: JobResult): string | null {
  if (!r.detectedByConfirmation) return null;
  const wait = `${EVALUATION.confirmAfterSeconds} s`;
  // A confirmation run comes half-way to the next slot in this order (it is `confirmAfter` late).
  const keys = r.detectedAt.map((d, i) => (d === null ? Infinity : d + (r.detectedByConfirmation![i] ? 0.5 : 0))).sort((a, b) => a - b);
  const show = (k: number): string => (!Number.isFinite(k) ? `>${r.job.maxCycles} cycles` : Number.isInteger(k) ? `cycle ${k}` : `cycle ${Math.floor(k)} + ${wait}`);
  return `${show(quantile(keys, 0.5))} / ${show(quantile(keys, 0.95))}`;
}

/** Per canary, the expected rate of two agreeing looks: each stream's own per-look rate squared (unbiased k(k−1)/n(n−1)), weighted by its cycles. */
function agreeingLooks(streams: readonly { cycles: number; candidates: number }[]): number {
  const cycles = streams.reduce((n, s) => n + s.cycles, 0);
  const pairs = streams.reduce((n, s) => n + (s.cycles > 1 ? (s.cycles * s.candidates * (s.candidates - 1)) / (s.cycles * (s.cycles - 1)) : 0), 0);
  return cycles > 0 ? pairs / cycles : 0;
}

export function markdown(results: readonly JobResult[]): string {
  const out: string[] = [];
  out.push(`### Detection at the default budget (shipped canaries, \`evaluation\` defaults: α = 0.001, 2 sightings, confirmed on suspicion by a fresh run ${EVALUATION.confirmAfterSeconds} s later)`, '');
  out.push('| Scenario | Canary (probe) | Calls / cycle | Tokens / cycle (in / out) | Power within 2 cycles | Cycles to detect (median / p95) | Latency from drift start (median / p95) | Trials |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const x = figures(r);
    const power = r.exposure
      ? `${f(x.within2)} of exposed models; ${f(x.within2 * x.exposure)} overall (${f(x.exposure * 100, 0)}% of models have a swapped canary prompt)`
      : f(x.within2);
    out.push(`| ${r.job.id} | ${r.job.canary} (${r.job.probe}) | ${int(r.callsPerCycle)} | ${int(r.inputTokensPerCycle)} / ${int(r.outputTokensPerCycle)} | ${power} | ${cyc(x.median, r.job.maxCycles)} / ${cyc(x.p95, r.job.maxCycles)} | ${latency(r) ?? '—'} | ${r.trials} |`);
  }
  const sequential = results.filter((r) => r.trialPool && r.plannedPerCycle !== undefined && r.callsPerCycle < r.plannedPerCycle);
  if (sequential.length > 0) {
    out.push('', '### Requests per quiet cycle and per detection (sequential sampling inside a cycle)', '');
    out.push('| Scenario | Canary | Requests / quiet cycle (of planned) | Requests from drift start to alert (median / p95) | Latency in scheduled cycles (median / p95) | Power within 2 cycles |');
    out.push('| --- | --- | --- | --- | --- | --- |');
    for (const r of sequential) {
      const x = figures(r);
      const d = detectionCallStats(r)!;
      const num = (n: number): string => (Number.isFinite(n) ? int(n) : 'not detected');
      out.push(`| ${r.job.id} | ${r.job.canary} | ${f(r.callsPerCycle, 1)} (of ${int(r.plannedPerCycle ?? r.callsPerCycle)}) | ${num(d.median)} / ${num(d.p95)} | ${cyc(x.median, r.job.maxCycles)} / ${cyc(x.p95, r.job.maxCycles)} | ${f(x.within2)} |`);
    }
  }
  out.push('', '### False alarms without drift (same pools, fresh cycles)', '');
  out.push('| Canary (probe) | Stream-cycles | Per-cycle test fired | Confirmation runs sent (fired again) | Alerts after confirmation | 95% upper bound, direct | Estimate with persistence (per-cycle bound²) | Two agreeing looks, per-stream rate² | Target ≤ 1e-4 |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  // Jobs that share a canary (two scenarios on one canary) pool their no-drift cycles.
  type Tally = { cycles: number; candidates: number; confirmed: number; confirmations: number | null; again: number; streams: { cycles: number; candidates: number }[] | null };
  const byCanary = new Map<string, Tally>();
  for (const r of results) {
    const key = `${r.job.canary} (${r.job.probe})`;
    const a = byCanary.get(key) ?? { cycles: 0, candidates: 0, confirmed: 0, confirmations: 0, again: 0, streams: [] };
    byCanary.set(key, {
      cycles: a.cycles + r.faStreamCycles,
      candidates: a.candidates + r.faCandidates,
      confirmed: a.confirmed + r.faConfirmed,
      // Cached rows from before confirm-on-suspicion carry no confirmation figures: shown as —.
      confirmations: a.confirmations === null || r.faConfirmations === undefined ? null : a.confirmations + r.faConfirmations,
      again: a.again + (r.faConfirmationCandidates ?? 0),
      streams: a.streams === null || !r.faStreams ? null : [...a.streams, ...r.faStreams],
    });
  }
  let [cyclesAll, alertsAll] = [0, 0];
  for (const [canary, a] of byCanary) {
    cyclesAll += a.cycles;
    alertsAll += a.confirmed;
    const confirmedUpper = upper95(a.confirmed) / a.cycles;
    const persistenceEstimate = (upper95(a.candidates) / a.cycles) ** 2;
    const ok = confirmedUpper <= 1e-4 ? 'yes (direct)' : persistenceEstimate <= 1e-4 ? 'yes (estimate)' : 'not shown';
    const confirmations = a.confirmations === null ? '—' : `${a.confirmations} (${a.again})`;
    const agreeing = a.streams === null ? '—' : sci(agreeingLooks(a.streams));
    out.push(`| ${canary} | ${int(a.cycles)} | ${a.candidates} (${sci(a.candidates / a.cycles)}) | ${confirmations} | ${a.confirmed} | ${sci(confirmedUpper)} | ${sci(persistenceEstimate)} | ${agreeing} | ${ok} |`);
  }
  out.push(`| all canaries | ${int(cyclesAll)} | | | ${alertsAll} | ${sci(upper95(alertsAll) / cyclesAll)} | | | |`);
  out.push('', '### Against the naive exact diff and the oracle likelihood-ratio test', '');
  out.push('| Scenario | Naive power within 2 cycles | Naive false alarms / cycle | Oracle calls for power 0.95 (α = 1e-3 / 1e-6) | Oracle power at tripline\'s 2-cycle calls | Tripline calls for 0.95 | Tripline / oracle (α = 1e-3 / 1e-6) |');
  out.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const x = figures(r);
    const oracle = x.oracle === null ? 'none (no power on this observation)' : `${int(x.oracle)} / ${x.oracle2 === null ? '—' : int(x.oracle2)}`;
    const ratio = x.ratio === null ? '—' : `${f(x.ratio, 1)}x / ${x.ratio2 === null ? '—' : `${f(x.ratio2, 1)}x`}`;
    out.push(`| ${r.job.id} | ${f(r.naiveWithin2 / r.trials)} | ${f(r.naiveFaAlarms / r.naiveFaCycles)} | ${oracle} | ${f(x.oraclePower)} | ${x.tripCalls === null ? `> ${r.job.maxCycles} cycles` : int(x.tripCalls)} | ${ratio} |`);
  }
  const logprobRows = results.filter((r) => r.logprobOracleCalls);
  if (logprobRows.length > 0) {
    out.push('', '### Against an oracle that reads logprobs', '');
    out.push('| Scenario | Oracle calls for power 0.95 (α = 1e-3 / 1e-6) | Tripline calls for 0.95 | Tripline / oracle (α = 1e-3 / 1e-6) |');
    out.push('| --- | --- | --- | --- |');
    for (const r of logprobRows) {
      const x = figures(r);
      const [a, b] = [x.logprobOracle, x.logprobOracle2];
      const ratio = (n: number | null): string => (n === null || x.tripCalls === null ? '—' : `${f(x.tripCalls / n, 1)}x`);
      out.push(`| ${r.job.id} | ${a === null ? '—' : int(a)} / ${b === null ? '—' : int(b)} | ${x.tripCalls === null ? `> ${r.job.maxCycles} cycles` : int(x.tripCalls)} | ${ratio(a)} / ${ratio(b)} |`);
    }
  }
  return out.join('\n');
}

export function chartRows(results: readonly JobResult[]): ChartRow[] {
  return results.map((r) => {
    const x = figures(r);
    return {
      label: r.job.id,
      tripline: r.exposure ? x.within2 * x.exposure : x.within2,
      naive: r.naiveWithin2 / r.trials,
      oracle: x.oracle === null ? null : x.oraclePower * x.exposure,
      note: `naive FA/cycle ${f(r.naiveFaAlarms / r.naiveFaCycles)}`,
    };
  });
}
