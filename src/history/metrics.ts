/**
 * The probe measurements the history keeps, one entry per chart. The position in this list is the
 * storage column (points store their values as a JSON array in this order): append only, never
 * reorder or remove.
 */
export interface HistoryMetric {
  /** Short stable id, used in URLs and element ids. */
  id: string;
  /** What the chart is titled. */
  label: string;
  /** Where the value comes from: a `probe.metric` key of the run's metrics, or a run field. */
  source: string;
  /** p-values are drawn on a log axis with the α line; `min` keeps the lowest when points merge. */
  kind: 'value' | 'p';
}

export const HISTORY_METRICS: readonly HistoryMetric[] = [
  { id: 'input-tokens', label: 'input tokens per request', source: 'tokens.inputTokens', kind: 'value' },
  { id: 'output-median', label: 'output tokens, median', source: 'length.medianOutputTokens', kind: 'value' },
  { id: 'output-mean', label: 'output tokens, mean', source: 'length.meanOutputTokens', kind: 'value' },
  { id: 'output-max', label: 'output tokens, max', source: 'length.maxOutputTokens', kind: 'value' },
  { id: 'capped-rate', label: 'share cut at the token cap', source: 'length.cappedRate', kind: 'value' },
  { id: 'repro-rate', label: 'reproducibility: identical pairs', source: 'reproducibility.pairwiseMatchRate', kind: 'value' },
  { id: 'confidence', label: 'calibration: mean confidence', source: 'calibration.confidence', kind: 'value' },
  { id: 'ece', label: 'calibration: ECE', source: 'calibration.ece', kind: 'value' },
  { id: 'accuracy', label: 'calibration: accuracy', source: 'calibration.accuracy', kind: 'value' },
  { id: 'lt', label: 'logprobs: LT statistic', source: 'logprobs.lt', kind: 'value' },
  { id: 'headroom', label: 'rate-limit headroom (lowest remaining share)', source: 'run.headroom', kind: 'value' },
  { id: 'latency', label: 'latency, median ms', source: 'run.latencyMs', kind: 'value' },
  { id: 'p-length', label: 'p-value: output length (permutation)', source: 'length.pMean', kind: 'p' },
  { id: 'p-length-mw', label: 'p-value: output length (Mann-Whitney)', source: 'length.pMannWhitney', kind: 'p' },
  { id: 'p-capped', label: 'p-value: capped share', source: 'length.pCappedRate', kind: 'p' },
  { id: 'p-repro', label: 'p-value: reproducibility', source: 'reproducibility.pValue', kind: 'p' },
  { id: 'p-calibration', label: 'p-value: calibration (Wilcoxon)', source: 'calibration.pWilcoxon', kind: 'p' },
  { id: 'p-logprobs', label: 'p-value: logprobs', source: 'logprobs.pValue', kind: 'p' },
  { id: 'p-behavior', label: 'p-value: behaviour', source: 'behavior.pValue', kind: 'p' },
];

/** What a run gives the history: its probe metrics and the run-level measurements. */
export interface MeasuredRun {
  target: string;
  canary: string;
  /** ISO start time. */
  startedAt: string;
  result: 'ok' | 'recorded' | 'unavailable' | 'skipped';
  metrics: Readonly<Record<string, number>>;
  headroom: number | null;
  latencyMs?: number;
}

/** Four significant digits: charts need no more, and the state stays small. */
function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(4)) : v;
}

/** The run's values in storage order (null where not measured); null when nothing was measured at all. */
export function valuesOf(run: MeasuredRun): (number | null)[] {
  const values = HISTORY_METRICS.map((m) => {
    const v = m.source === 'run.headroom' ? run.headroom : m.source === 'run.latencyMs' ? run.latencyMs : run.metrics[m.source];
    return v === undefined || v === null || !Number.isFinite(v) ? null : round(v);
  });
  return values;
}
