import { describe, expect, it } from 'vitest';
import { TriplineConfig } from '../../src/config/schema.js';
import { confirmationDelayMs, confirmPolicyOf, mergeConfirmation } from '../../src/runtime/confirmation.js';
import type { CanaryRunResult } from '../../src/runtime/engine/types.js';

const evaluation = (extra: Record<string, unknown> = {}): TriplineConfig['evaluation'] =>
  TriplineConfig.parse({ providers: { p: { type: 'openai', apiKey: 'k' } }, targets: ['p/m'], evaluation: extra }).evaluation;

const run = (over: Partial<CanaryRunResult>): CanaryRunResult => ({
  target: 'p/m', canary: 'c', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 100, result: 'ok', findings: [],
  requests: 2, failedRequests: 0, inputTokens: 20, outputTokens: 4, metrics: {}, headroom: null, ...over,
});

describe('src/runtime/confirmation.ts', () => {
  it('evaluation.confirmAfter defaults to 60 s; off and 0s confirm over scheduled cycles instead (no policy)', () => {
    expect(evaluation()).toMatchObject({ confirmAfter: '60s', confirmCycles: 2 });
    expect(confirmPolicyOf(evaluation())).toEqual({ afterMs: 60_000 });
    expect(confirmPolicyOf(evaluation({ confirmAfter: '2m' }))).toEqual({ afterMs: 120_000 });
    expect(confirmPolicyOf(evaluation({ confirmAfter: 'off' }))).toBeNull();
    expect(confirmPolicyOf(evaluation({ confirmAfter: '0s' }))).toBeNull();
  });

  it('a config written before confirmAfter (confirmCycles only) stays valid', () => {
    expect(evaluation({ confirmCycles: 3 })).toMatchObject({ confirmCycles: 3, confirmAfter: '60s' });
  });

  it('rejects a confirmAfter that is not a duration', () => {
    expect(() => evaluation({ confirmAfter: 'soon' })).toThrow();
    expect(() => evaluation({ confirmAfter: 60 })).toThrow();
  });

  it('the wait is confirmAfter plus up to 20% jitter', () => {
    const policy = { afterMs: 10_000 };
    expect(confirmationDelayMs(policy, () => 0)).toBe(10_000);
    expect(confirmationDelayMs(policy, () => 0.5)).toBe(11_000);
    expect(confirmationDelayMs(policy, () => 0.99)).toBe(11_980);
  });

  it('a cycle with its confirmation reports the confirmation\'s findings and metrics, and counts the requests and tokens of both', () => {
    const finding = { kind: 'identity.model_changed', severity: 'warning', target: 'p/m', summary: 's', evidence: {}, action: 'a', detectedAt: 'now' } as const;
    const merged = mergeConfirmation(
      run({ headroom: 0.5, metrics: { 'x.p': 0.0001 } }),
      run({ startedAt: '2026-01-01T00:01:00.000Z', durationMs: 50, findings: [finding], failedRequests: 1, headroom: 0.4, metrics: { 'x.p': 0.0002 } }),
    );
    expect(merged).toMatchObject({
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 150,
      requests: 4,
      failedRequests: 1,
      inputTokens: 40,
      outputTokens: 8,
      headroom: 0.4,
      metrics: { 'x.p': 0.0002 },
      findings: [finding],
      confirmations: 1,
    });
    expect(mergeConfirmation(merged, run({})).confirmations).toBe(2);
  });
});
