import { describe, expect, it } from 'vitest';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { identity } from '../../src/probes/identity/index.js';
import { observations, probeContext } from '../support/observations.js';

const ctx = probeContext();
const T2 = '2025-06-02T10:00:00.000Z';
/** What a Responses API answer echoes when the canary sets only temperature. */
const ECHOED = { '$.temperature': 0, '$.top_p': 1, '$.reasoning.effort': 'medium', '$.text.verbosity': 'medium', '$.truncation': 'disabled', '$.service_tier': 'default' };
const ACCOUNT = { 'openai-organization': 'org-abc', 'openai-project': 'proj_123' };

function evaluate(current: Partial<SuccessObservation>, baseline: Partial<SuccessObservation> = { echoed: ECHOED, account: ACCOUNT }) {
  const summary = identity.summarize(observations(3, baseline), ctx);
  return identity.evaluate({ baseline: { summary, samples: [] }, current: observations(2, current, T2), state: null, ctx });
}

describe('echoed settings and the account (identity probe)', () => {
  it('the baseline keeps every echoed setting and account value', () => {
    const summary = identity.summarize(observations(2, { echoed: ECHOED, account: ACCOUNT }), ctx);
    expect(summary.settings).toEqual({
      '$.reasoning.effort': ['medium'],
      '$.service_tier': ['default'],
      '$.temperature': [0],
      '$.text.verbosity': ['medium'],
      '$.top_p': [1],
      '$.truncation': ['disabled'],
    });
    expect(summary.account).toEqual({ 'openai-organization': ['org-abc'], 'openai-project': ['proj_123'] });
  });

  it('the same echoes report nothing', () => {
    expect(evaluate({ echoed: ECHOED, account: ACCOUNT }).findings).toEqual([]);
  });

  it.each([
    ['$.top_p', 0.98, 'the response now echoes top_p = 0.98 (baseline: 1)'],
    ['$.reasoning.effort', 'low', 'the response now echoes reasoning.effort = "low" (baseline: "medium")'],
    ['$.service_tier', 'flex', 'the response now echoes service_tier = "flex" (baseline: "default")'],
    ['$.truncation', 'auto', 'the response now echoes truncation = "auto" (baseline: "disabled")'],
  ])('a new default %s = %j is defaults.changed with the values and a pinning action', (path, value, summary) => {
    const { findings } = evaluate({ echoed: { ...ECHOED, [path]: value }, account: ACCOUNT });
    expect(findings.map((f) => [f.kind, f.severity, f.subject, f.summary])).toEqual([['defaults.changed', 'warning', `echo ${path}`, summary]]);
    expect(findings[0]?.evidence).toMatchObject({ after: value, source: 'response body' });
    expect(findings[0]?.action).toMatch(/Pin .* explicitly.*tripline baseline --target openai\/gpt-4o-mini/);
  });

  it.each([
    ['openai-organization', { ...ACCOUNT, 'openai-organization': 'org-other' }, /API key is deployed.*billing/],
    ['openai-project', { ...ACCOUNT, 'openai-project': 'proj_999' }, /project's rate limits/],
    ['$.usage.inference_geo', { ...ACCOUNT, '$.usage.inference_geo': 'us' }, null],
  ])('%s moved is identity.account_changed', (name, account, action) => {
    const baseline = { echoed: ECHOED, account: { ...ACCOUNT, '$.usage.inference_geo': 'global' } };
    const { findings } = evaluate({ echoed: ECHOED, account: { '$.usage.inference_geo': 'global', ...account } }, baseline);
    expect(findings.map((f) => [f.kind, f.severity, f.subject])).toEqual([['identity.account_changed', 'warning', name]]);
    if (action) expect(findings[0]?.action).toMatch(action);
    else expect(findings[0]?.action).toMatch(/data-residency/);
  });

  it('a baseline recorded before echoes were read, or a setting it never echoed, raises nothing here', () => {
    const summary = identity.summarize(observations(3), ctx);
    const { settings: _s, account: _a, ...old } = summary;
    const current = observations(2, { echoed: { '$.top_p': 0.98 }, account: { 'openai-organization': 'org-other' } }, T2);
    expect(identity.evaluate({ baseline: { summary: old, samples: [] }, current, state: null, ctx }).findings).toEqual([]);
    expect(evaluate({ echoed: { ...ECHOED, '$.text.format.type': 'text' }, account: ACCOUNT }).findings).toEqual([]);
  });

  it('a grown pool merges echoes instead of re-reading pooled samples (which keep none)', () => {
    const a = identity.summarize(observations(1, { echoed: ECHOED, account: ACCOUNT }), ctx);
    const b = identity.summarize(observations(1, { echoed: { ...ECHOED, '$.top_p': 0.98 }, account: ACCOUNT }, T2), ctx);
    const merged = identity.merge?.(a, b);
    expect(merged?.settings?.['$.top_p']).toEqual([0.98, 1]);
    expect(merged?.models['gpt-4o-mini-2024-07-18']).toEqual({ firstSeen: '2025-06-01T10:00:00.000Z', lastSeen: T2 });
  });
});
