import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/runtime/metrics/index.js';
import type { CanaryRunResult } from '../../src/runtime/engine/types.js';
import { parsePromText } from './prom-text.js';

const REQUIRED = [
  'tripline_build_info',
  'tripline_runs_total',
  'tripline_run_duration_seconds',
  'tripline_run_success',
  'tripline_last_success_timestamp_seconds',
  'tripline_findings_total',
  'tripline_alerts_open',
  'tripline_outbox_pending',
  'tripline_alerts_sent_total',
  'tripline_tokens_total',
  'tripline_cost_total',
  'tripline_probe_p_value',
  'tripline_probe_ratio',
  'tripline_probe_tokens',
  'tripline_probe_items',
  'tripline_probe_statistic',
  'tripline_scheduler_lag_seconds',
  'tripline_scheduler_queue_wait_seconds',
  'tripline_config_last_reload_successful',
  'tripline_config_last_reload_success_timestamp_seconds',
  'tripline_model_shutdown_timestamp_seconds',
  'tripline_rate_limit_backoff_seconds',
];

function run(over: Partial<CanaryRunResult> = {}): CanaryRunResult {
  return {
    target: 'openai/gpt-4o-mini',
    canary: 'tokens-short',
    startedAt: '2026-03-02T10:00:00.000Z',
    durationMs: 1_500,
    result: 'ok',
    findings: [],
    requests: 3,
    failedRequests: 0,
    inputTokens: 30,
    outputTokens: 12,
    metrics: { 'tokens.pValue': 0.42, 'identity.distance': 0.03, 'length.medianOutputTokens': 180, 'length.cappedRate': 0.25, 'behavior.chi2': 3.5, 'identity.models': 1 },
    headroom: 0.8,
    ...over,
  };
}

describe('src/runtime/metrics', () => {
  it('exposes every daemon metric in valid Prometheus text format', async () => {
    const open = { kind: 'tokens.input_changed', severity: 'warning', target: 'openai/gpt-4o-mini' };
    const m = createMetrics('1.2.3', {
      alertsOpen: () => [open, open, { kind: 'deprecation.approaching', severity: 'info', target: 'openai' }],
      outboxPending: () => ({ slack: 1, webhook: 0 }),
      backoff: () => ({ openai: 40 }),
    });
    m.recordRun(run(), 'openai', 0.00012);
    m.recordRun(run({ result: 'unavailable', metrics: {} }), 'openai', 0);
    m.recordRun(run({ result: 'skipped', skippedReason: 'budget' }), 'openai', 0);
    m.recordOverlap('openai/gpt-4o-mini', 'tokens-short');
    m.recordFindings([
      { kind: 'shape.field_removed', severity: 'critical', target: 'openai/gpt-4o', summary: 's', evidence: {}, action: 'a', detectedAt: 'x' },
    ]);
    m.observeLag(0.12);
    m.setConfigReload(true, new Date('2026-03-02T10:00:00Z'));
    m.setConfigReload(false, new Date('2026-03-02T11:00:00Z'));
    m.setShutdowns([{ provider: 'openai', model: 'gpt-4-0613', timestampSeconds: 1_780_000_000 }]);
    m.recordAlertSend('slack', 'ok');

    const text = await m.registry.metrics();
    const { types, samples } = parsePromText(text);
    for (const name of REQUIRED) expect(types.has(name), name).toBe(true);
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    expect(value('tripline_build_info', { version: '1.2.3' })).toBe(1);
    expect(value('tripline_runs_total', { result: 'ok' })).toBe(1);
    expect(value('tripline_runs_total', { result: 'skipped' })).toBe(1);
    expect(value('tripline_runs_total', { result: 'overlap_skipped' })).toBe(1);
    expect(value('tripline_run_success', { canary: 'tokens-short' })).toBe(0);
    expect(value('tripline_last_success_timestamp_seconds', { target: 'openai/gpt-4o-mini' })).toBe(1_772_445_601.5);
    expect(value('tripline_tokens_total', { provider: 'openai', kind: 'input' })).toBe(60);
    expect(value('tripline_cost_total', { provider: 'openai' })).toBeCloseTo(0.00012);
    expect(value('tripline_probe_p_value', { probe: 'tokens', metric: 'pValue' })).toBe(0.42);
    expect(value('tripline_findings_total', { kind: 'shape.field_removed', severity: 'critical' })).toBe(1);
    expect(value('tripline_alerts_open')).toBe(2);
    expect(value('tripline_outbox_pending', { channel: 'slack' })).toBe(1);
    expect(value('tripline_alerts_sent_total', { channel: 'slack', result: 'ok' })).toBe(1);
    expect(value('tripline_config_last_reload_successful')).toBe(0);
    expect(value('tripline_config_last_reload_success_timestamp_seconds')).toBe(1_772_445_600);
    expect(value('tripline_model_shutdown_timestamp_seconds', { model: 'gpt-4-0613' })).toBe(1_780_000_000);
    expect(value('tripline_rate_limit_backoff_seconds', { provider: 'openai' })).toBe(40);
    expect(value('tripline_scheduler_lag_seconds_count')).toBe(1);
    expect(types.get('tripline_run_duration_seconds')).toBe('histogram');
  });

  it('labels never carry free text: only config-bounded label names are used', async () => {
    const m = createMetrics('0', { alertsOpen: () => [], outboxPending: () => ({}), backoff: () => ({}) });
    m.recordRun(run(), 'openai', 0);
    const { samples } = parsePromText(await m.registry.metrics());
    const allowed = new Set(['target', 'canary', 'result', 'kind', 'severity', 'channel', 'provider', 'probe', 'metric', 'model', 'version', 'node', 'le']);
    for (const s of samples.filter((x) => x.name.startsWith('tripline_'))) for (const l of Object.keys(s.labels)) expect(allowed.has(l), l).toBe(true);
  });

  it('open alerts and findings carry the labels alerts route on: kind, severity, provider, target', async () => {
    const m = createMetrics('0', {
      alertsOpen: () => [
        { kind: 'tokens.input_changed', severity: 'warning', target: 'openai/gpt-4o-mini' },
        { kind: 'tokens.input_changed', severity: 'warning', target: 'openai/gpt-4o-mini' },
        { kind: 'deprecation.approaching', severity: 'info', target: 'anthropic' },
      ],
      outboxPending: () => ({}),
      backoff: () => ({}),
    });
    m.recordFindings([{ kind: 'identity.model_changed', severity: 'critical', target: 'azure/gpt-4o', summary: 's', evidence: {}, action: 'a', detectedAt: 'x' }]);
    const { samples } = parsePromText(await m.registry.metrics());
    const open = samples.filter((s) => s.name === 'tripline_alerts_open');
    expect(open).toEqual([
      { name: 'tripline_alerts_open', labels: { kind: 'tokens.input_changed', severity: 'warning', provider: 'openai', target: 'openai/gpt-4o-mini' }, value: 2 },
      { name: 'tripline_alerts_open', labels: { kind: 'deprecation.approaching', severity: 'info', provider: 'anthropic', target: 'anthropic' }, value: 1 },
    ]);
    expect(samples.find((s) => s.name === 'tripline_findings_total')?.labels).toEqual({ kind: 'identity.model_changed', severity: 'critical', provider: 'azure', target: 'azure/gpt-4o' });
  });

  it('probe values are split by unit: one family per unit, never token counts beside p-values', async () => {
    const m = createMetrics('0', { alertsOpen: () => [], outboxPending: () => ({}), backoff: () => ({}) });
    m.recordRun(run(), 'openai', 0);
    const { types, samples } = parsePromText(await m.registry.metrics());
    const family = (metric: string): string | undefined => samples.find((s) => s.name.startsWith('tripline_probe_') && s.labels.metric === metric)?.name;
    expect(family('pValue')).toBe('tripline_probe_p_value');
    expect(family('medianOutputTokens')).toBe('tripline_probe_tokens');
    expect(family('cappedRate')).toBe('tripline_probe_ratio');
    expect(family('chi2')).toBe('tripline_probe_statistic');
    expect(family('models')).toBe('tripline_probe_items');
    // a name no probe declares a unit for is not exported under a guessed unit
    expect(family('distance')).toBeUndefined();
    expect(types.has('tripline_probe_value')).toBe(false);
  });

  it('exposes the default process and Node.js metrics', async () => {
    const m = createMetrics('0', { alertsOpen: () => [], outboxPending: () => ({}), backoff: () => ({}) });
    const { types } = parsePromText(await m.registry.metrics());
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_version_info']) {
      expect(types.has(name), name).toBe(true);
    }
  });

  it('drops per-pair series of pairs removed by a reload', async () => {
    const m = createMetrics('0', { alertsOpen: () => [], outboxPending: () => ({}), backoff: () => ({}) });
    m.recordRun(run(), 'openai', 0);
    m.recordRun(run({ canary: 'other' }), 'openai', 0);
    m.retainPairs([{ target: 'openai/gpt-4o-mini', canary: 'other' }]);
    await new Promise((r) => setTimeout(r, 10));
    const { samples } = parsePromText(await m.registry.metrics());
    expect(samples.filter((s) => s.name === 'tripline_run_success').map((s) => s.labels.canary)).toEqual(['other']);
  });

  it('the parser rejects lines that are not exposition format', () => {
    expect(() => parsePromText('# TYPE a counter\na{x="1"} one\n')).toThrow(/line 2/);
    expect(() => parsePromText('b 1\n')).toThrow(/before its TYPE/);
  });
});
