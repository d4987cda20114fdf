/**
 * The unit of every number a probe exports (`ProbeResult.metrics`), by metric name. The unit picks
 * the Prometheus family (`tripline_probe_<unit>`), so one family never mixes token counts with
 * p-values. A probe can only export names listed here: `ProbeMetrics` is keyed by them.
 */
export const PROBE_METRIC_UNITS = {
  // p-values of two-sample tests, 0..1
  pValue: 'p_value',
  pMean: 'p_value',
  pMannWhitney: 'p_value',
  pKs: 'p_value',
  pCappedRate: 'p_value',
  pWilcoxon: 'p_value',
  pMcNemar: 'p_value',
  pWorstItem: 'p_value',
  pChi2: 'p_value',
  pMmd: 'p_value',
  // fractions, 0..1
  pairwiseMatchRate: 'ratio',
  baselineMatchRate: 'ratio',
  modalAgreement: 'ratio',
  allIdentical: 'ratio',
  cappedRate: 'ratio',
  aaFalseAlarmRate: 'ratio',
  ece: 'ratio',
  accuracy: 'ratio',
  confidence: 'ratio',
  cacheHitRate: 'ratio',
  cachedShare: 'ratio',
  // token counts and token positions
  inputTokens: 'tokens',
  medianOutputTokens: 'tokens',
  meanOutputTokens: 'tokens',
  maxOutputTokens: 'tokens',
  cap: 'tokens',
  firstDivergence: 'tokens',
  // counts of things (samples, items, models, changes)
  changes: 'items',
  models: 'items',
  newModels: 'items',
  newFingerprints: 'items',
  withLogprobs: 'items',
  poolSize: 'items',
  windowSize: 'items',
  items: 'items',
  failed: 'items',
  failedSamples: 'items',
  calls: 'items',
  // test statistics without a unit of their own (chi², LT in nats, e-detector M, median logit change)
  lt: 'statistic',
  chi2: 'statistic',
  eDetector: 'statistic',
  medianLogitChange: 'statistic',
  sprtLogLr: 'statistic',
  // durations, in seconds (the latency probe)
  medianLatencySeconds: 'seconds',
  p95LatencySeconds: 'seconds',
  medianFirstByteSeconds: 'seconds',
  medianTokensPerSecond: 'statistic',
} as const satisfies Record<string, ProbeMetricUnit>;

/** The unit families of probe metrics. */
export type ProbeMetricUnit = 'p_value' | 'ratio' | 'tokens' | 'items' | 'statistic' | 'seconds';

/** A name a probe may export. */
export type ProbeMetricName = keyof typeof PROBE_METRIC_UNITS;

/** What a probe exports: numbers by metric name. */
export type ProbeMetrics = Partial<Record<ProbeMetricName, number>>;

/** The unit of a metric name, or undefined for a name no probe exports. */
export function probeMetricUnit(name: string): ProbeMetricUnit | undefined {
  const units: Readonly<Record<string, ProbeMetricUnit>> = PROBE_METRIC_UNITS;
  return Object.hasOwn(units, name) ? units[name] : undefined;
}
