import { describe, expect, it } from 'vitest';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { ratelimit } from '../../src/probes/ratelimit/index.js';
import { OPENAI_HEADERS, observation, probeContext } from '../support/observations.js';

const ctx = probeContext();
const LIMITS = { 'x-ratelimit-limit-requests': '500', 'x-ratelimit-limit-tokens': '200000' };

describe('src/probes/ratelimit', () => {
  it('summarizes limit values and rate-limit header names', () => {
    expect(ratelimit.summarize([observation(), observation({ rateRemaining: { 'x-ratelimit-remaining-tokens': '1' } })], ctx)).toEqual({
      limits: { 'x-ratelimit-limit-requests': ['500'], 'x-ratelimit-limit-tokens': ['200000'] },
      requiredNames: [
        'x-ratelimit-limit-requests',
        'x-ratelimit-limit-tokens',
        'x-ratelimit-remaining-requests',
        'x-ratelimit-remaining-tokens',
      ],
      names: [
        'x-ratelimit-limit-requests',
        'x-ratelimit-limit-tokens',
        'x-ratelimit-remaining-requests',
        'x-ratelimit-remaining-tokens',
      ],
      windows: {},
    });
  });

  it.each([
    { name: 'same limits, other remaining values', current: { rateRemaining: { 'x-ratelimit-remaining-tokens': '5' } }, expected: [] },
    {
      name: 'a token limit lowered',
      current: { rateLimits: { ...LIMITS, 'x-ratelimit-limit-tokens': '150000' } },
      expected: [['ratelimit.limit_changed', 'warning', 'x-ratelimit-limit-tokens', 'rate-limit x-ratelimit-limit-tokens changed: 200000 → 150000']],
    },
    {
      name: 'a new rate-limit header',
      current: {
        headerNames: [...OPENAI_HEADERS, 'x-ratelimit-limit-tokens_usage_based'].sort(),
        rateLimits: { ...LIMITS, 'x-ratelimit-limit-tokens_usage_based': '100000' },
      },
      expected: [
        ['ratelimit.limit_changed', 'warning', 'x-ratelimit-limit-tokens_usage_based', 'new rate-limit header x-ratelimit-limit-tokens_usage_based = 100000'],
      ],
    },
    {
      name: 'a rate-limit header gone',
      current: {
        headerNames: OPENAI_HEADERS.filter((h) => h !== 'x-ratelimit-remaining-requests'),
      },
      expected: [
        ['ratelimit.limit_changed', 'warning', 'x-ratelimit-remaining-requests', 'rate-limit header x-ratelimit-remaining-requests is gone; every baseline response had it'],
      ],
    },
  ] satisfies { name: string; current: Partial<SuccessObservation>; expected: unknown[] }[])('$name', ({ current, expected }) => {
    const summary = ratelimit.summarize([observation(), observation()], ctx);
    const result = ratelimit.evaluate({ baseline: { summary, samples: [] }, current: [observation(current)], state: null, ctx });
    expect(result.findings.map((f) => [f.kind, f.severity, f.subject, f.summary])).toEqual(expected);
    for (const f of result.findings) expect(f.action).toContain('tripline baseline --target openai/gpt-4o-mini');
  });

  it('merges pools', () => {
    const a = ratelimit.summarize([observation()], ctx);
    const b = ratelimit.summarize([observation({ rateLimits: { 'x-ratelimit-limit-requests': '600' }, headerNames: ['x-ratelimit-limit-requests'] })], ctx);
    expect(ratelimit.merge(a, b)).toEqual({
      limits: { 'x-ratelimit-limit-requests': ['500', '600'], 'x-ratelimit-limit-tokens': ['200000'] },
      requiredNames: ['x-ratelimit-limit-requests'],
      names: a.names,
      windows: {},
    });
  });
});
