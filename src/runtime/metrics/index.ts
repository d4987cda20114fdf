import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ShutdownGauge } from '../../deprecations/reminders.js';
import type { Finding } from '../../domain/finding.js';
import { probeMetricUnit, type ProbeMetricUnit } from '../../probes/metric-units.js';
import type { CanaryRunResult } from '../engine/types.js';

/** One model's announced shutdown, for `tripline_model_shutdown_timestamp_seconds`. */
export type { ShutdownGauge };

/** The daemon's Prometheus metrics in their own registry; labels are bounded by the config. */
export interface DaemonMetrics {
  readonly registry: Registry;
  /** Records a finished (or skipped) run: counts, duration, success, tokens, cost, probe values. */
  recordRun(run: CanaryRunResult, provider: string, cost: number): void;
  /** Counts a run that threw instead of returning a result. */
  recordError(target: string, canary: string): void;
  /** Counts a slot skipped because the previous run of the same pair had not finished. */
  recordOverlap(target: string, canary: string): void;
  /** Counts findings by kind, severity, provider and target. */
  recordFindings(findings: readonly Finding[]): void;
  /** Observes one run's scheduling lag (due to dispatched) in seconds. */
  observeLag(seconds: number): void;
  /** Observes how long one dispatched run waited for a provider concurrency slot, seconds. */
  observeQueueWait(seconds: number): void;
  /** Sets the reload gauges after a (re)load attempt. */
  setConfigReload(ok: boolean, at: Date): void;
  /** Replaces the shutdown dates of deprecated models. */
  setShutdowns(rows: readonly ShutdownGauge[]): void;
  /** Counts alert deliveries by channel and result. */
  recordAlertSend(channel: string, result: 'ok' | 'error', count?: number): void;
  /** Drops per-pair series of pairs no longer configured (config reload). */
  retainPairs(pairs: readonly { target: string; canary: string }[]): void;
}

/** One open alert, as far as its routing labels go. */
export interface OpenAlertLabels {
  kind: string;
  severity: string;
  /** `provider/model`, or a deprecation source id. */
  target: string;
}

/** Live values read at scrape time. */
export interface MetricsSources {
  /** Open alerts right now. */
  alertsOpen: () => readonly OpenAlertLabels[];
  /** Undelivered outbox entries by channel. */
  outboxPending: () => Record<string, number>;
  /** Current rate-limit back-off by provider, seconds. */
  backoff: () => Record<string, number>;
}

/** Label names shared by the alert and finding families: all bounded by the config and the finding kinds. */
const ROUTING_LABELS = ['kind', 'severity', 'provider', 'target'] as const;

/** Help text of each probe family (`tripline_probe_<unit>`). */
const PROBE_FAMILIES: Record<ProbeMetricUnit, string> = {
  p_value: 'Last p-value of a probe\'s statistical test (0..1; small means the change is unlikely to be noise).',
  ratio: 'Last rate or fraction measured by a probe (0..1).',
  tokens: 'Last token count or token position measured by a probe.',
  items: 'Last count of samples, items, models or changes seen by a probe.',
  seconds: 'Last duration measured by a probe, in seconds (median and p95 latency, time to first byte).',
  statistic: 'Last test statistic of a probe (chi-squared, LT in nats, e-detector M, logit change).',
};

/** The provider of a target (`provider/model`); a deprecation source id is its own provider. */
function providerOf(target: string): string {
  const slash = target.indexOf('/');
  return slash > 0 ? target.slice(0, slash) : target;
}

const RUN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(version: string, sources: MetricsSources): DaemonMetrics {
  const registry = new Registry();
  const reg = { registers: [registry] };
  // process_* (CPU, memory, file descriptors, start time) and nodejs_* (heap, event loop lag, GC).
  collectDefaultMetrics({ register: registry });
  new Gauge({ name: 'tripline_build_info', help: 'Build information; always 1.', labelNames: ['version', 'node'], ...reg })
    .set({ version, node: process.version }, 1);
  const runs = new Counter({ name: 'tripline_runs_total', help: 'Canary runs by result.', labelNames: ['target', 'canary', 'result'], ...reg });
  const duration = new Histogram({ name: 'tripline_run_duration_seconds', help: 'Duration of canary runs.', buckets: RUN_BUCKETS, ...reg });
  const success = new Gauge({ name: 'tripline_run_success', help: '1 when the last run of the pair measured, 0 when it did not.', labelNames: ['target', 'canary'], ...reg });
  const lastSuccess = new Gauge({ name: 'tripline_last_success_timestamp_seconds', help: 'End of the last measured run of a target.', labelNames: ['target'], ...reg });
  const findings = new Counter({ name: 'tripline_findings_total', help: 'Confirmed findings.', labelNames: ROUTING_LABELS, ...reg });
  new Gauge({
    name: 'tripline_alerts_open', help: 'Open alerts.', labelNames: ROUTING_LABELS, ...reg,
    collect() {
      this.reset();
      for (const a of sources.alertsOpen()) this.inc({ kind: a.kind, severity: a.severity, provider: providerOf(a.target), target: a.target });
    },
  });
  new Gauge({
    name: 'tripline_outbox_pending', help: 'Alert deliveries waiting in the outbox.', labelNames: ['channel'], ...reg,
    collect() { this.reset(); for (const [channel, n] of Object.entries(sources.outboxPending())) this.set({ channel }, n); },
  });
  const sent = new Counter({ name: 'tripline_alerts_sent_total', help: 'Alert deliveries by channel and result.', labelNames: ['channel', 'result'], ...reg });
  const tokens = new Counter({ name: 'tripline_tokens_total', help: 'Tokens spent by canaries.', labelNames: ['provider', 'kind'], ...reg });
  const cost = new Counter({ name: 'tripline_cost_total', help: 'Estimated cost of canaries in the configured price units.', labelNames: ['provider'], ...reg });
  const probeFamilies = Object.fromEntries(
    Object.entries(PROBE_FAMILIES).map(([unit, help]) => [
      unit,
      new Gauge({ name: `tripline_probe_${unit}`, help, labelNames: ['target', 'canary', 'probe', 'metric'], ...reg }),
    ]),
  );
  const lag = new Histogram({ name: 'tripline_scheduler_lag_seconds', help: 'Delay between a run being due and the scheduler dispatching it.', buckets: LAG_BUCKETS, ...reg });
  const queueWait = new Histogram({ name: 'tripline_scheduler_queue_wait_seconds', help: 'Time a dispatched run waited for a provider concurrency slot.', buckets: LAG_BUCKETS, ...reg });
  const reloadOk = new Gauge({ name: 'tripline_config_last_reload_successful', help: '1 when the last config (re)load succeeded.', ...reg });
  const reloadAt = new Gauge({ name: 'tripline_config_last_reload_success_timestamp_seconds', help: 'Time of the last successful config load.', ...reg });
  const shutdown = new Gauge({ name: 'tripline_model_shutdown_timestamp_seconds', help: 'Announced shutdown date of a model.', labelNames: ['provider', 'model'], ...reg });
  new Gauge({
    name: 'tripline_rate_limit_backoff_seconds', help: 'Current rate-limit back-off of a provider.', labelNames: ['provider'], ...reg,
    collect() { this.reset(); for (const [provider, s] of Object.entries(sources.backoff())) this.set({ provider }, s); },
  });

  return {
    registry,
    recordRun(run, provider, runCost) {
      const pair = { target: run.target, canary: run.canary };
      runs.inc({ ...pair, result: run.result });
      if (run.result === 'skipped') return;
      duration.observe(run.durationMs / 1000);
      const measured = run.result === 'ok' || run.result === 'recorded';
      success.set(pair, measured ? 1 : 0);
      if (measured) lastSuccess.set({ target: run.target }, (Date.parse(run.startedAt) + run.durationMs) / 1000);
      tokens.inc({ provider, kind: 'input' }, run.inputTokens);
      tokens.inc({ provider, kind: 'output' }, run.outputTokens);
      cost.inc({ provider }, runCost);
      for (const [key, value] of Object.entries(run.metrics)) {
        const dot = key.indexOf('.');
        if (dot <= 0 || !Number.isFinite(value)) continue;
        const metric = key.slice(dot + 1);
        const unit = probeMetricUnit(metric);
        if (unit) probeFamilies[unit]?.set({ ...pair, probe: key.slice(0, dot), metric }, value);
      }
    },
    recordError(target, canary) {
      runs.inc({ target, canary, result: 'error' });
      success.set({ target, canary }, 0);
    },
    recordOverlap: (target, canary) => runs.inc({ target, canary, result: 'overlap_skipped' }),
    recordFindings(list) {
      for (const f of list) findings.inc({ kind: f.kind, severity: f.severity, provider: providerOf(f.target), target: f.target });
    },
    observeLag: (seconds) => lag.observe(seconds),
    observeQueueWait: (seconds) => queueWait.observe(seconds),
    setConfigReload(ok, at) {
      reloadOk.set(ok ? 1 : 0);
      if (ok) reloadAt.set(at.getTime() / 1000);
    },
    setShutdowns(rows) {
      shutdown.reset();
      for (const r of rows) shutdown.set({ provider: r.provider, model: r.model }, r.timestampSeconds);
    },
    recordAlertSend: (channel, result, count = 1) => sent.inc({ channel, result }, count),
    retainPairs(pairs) {
      const keep = new Set(pairs.map((p) => `${p.target}|${p.canary}`));
      for (const gauge of [success, ...Object.values(probeFamilies)]) {
        const stale = gauge.get();
        void Promise.resolve(stale).then((g) => {
          for (const v of g.values) if (!keep.has(`${String(v.labels.target)}|${String(v.labels.canary)}`)) gauge.remove(v.labels);
        });
      }
    },
  };
}
