import { describe, expect, it } from 'vitest';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { ratelimit } from '../../src/probes/ratelimit/index.js';
import { scalesOf } from '../../src/probes/ratelimit/window.js';
import { headerFacts } from '../../src/providers/shared/headers.js';
import { parseReset } from '../../src/providers/shared/reset.js';
import { observation, probeContext } from '../support/observations.js';

const ctx = probeContext();
const NOW = Date.parse('2025-08-21T10:15:30Z');
const DATE = new Date(NOW).toUTCString();

/** An OpenAI response's rate-limit headers, read the way every adapter reads them. */
function openai(remainingTokens: number, resetTokens: string): Partial<SuccessObservation> {
  const { rateLimits, rateRemaining, rateResets } = headerFacts(
    {
      date: DATE,
      'x-ratelimit-limit-requests': '500',
      'x-ratelimit-remaining-requests': '499',
      'x-ratelimit-reset-requests': '120ms',
      'x-ratelimit-limit-tokens': '200000',
      'x-ratelimit-remaining-tokens': String(remainingTokens),
      'x-ratelimit-reset-tokens': resetTokens,
    },
    NOW,
  );
  return { rateLimits, rateRemaining, rateResets };
}

function evaluate(baseline: Partial<SuccessObservation>[], current: Partial<SuccessObservation>[]) {
  const summary = ratelimit.summarize(baseline.map((o) => observation(o)), ctx);
  return ratelimit.evaluate({ baseline: { summary, samples: [] }, current: current.map((o) => observation(o)), state: null, ctx });
}

describe('rate-limit reset headers as durations', () => {
  it.each([
    ['1s', 1000, 1000],
    ['6m0s', 360_000, 1000],
    ['8.64s', 8640, 10],
    ['20ms', 20, 1],
    ['1h2m3s', 3_723_000, 1000],
    ['30', 30_000, 1000],
  ])('%s is %d ms, precise to %d ms', (value, ms, precisionMs) => {
    expect(parseReset(value, NOW, true)).toEqual({ ms, precisionMs });
  });

  it('an RFC 3339 timestamp (Anthropic) counts from the response Date, whole seconds plus the Date header\'s own second', () => {
    expect(parseReset('2025-08-21T10:16:00Z', NOW, true)).toEqual({ ms: 30_000, precisionMs: 2000 });
    expect(parseReset('2025-08-21T10:16:00Z', NOW, false)).toEqual({ ms: 30_000, precisionMs: 3000 });
    expect(parseReset('next tuesday', NOW, true)).toBeNull();
  });

  it('headerFacts reads every reset header, Anthropic timestamps against the Date header', () => {
    const facts = headerFacts({ date: DATE, 'anthropic-ratelimit-tokens-reset': '2025-08-21T10:15:40Z', 'x-ratelimit-reset-tokens': '6m0s' }, 0);
    expect(facts.rateResets).toEqual({
      'anthropic-ratelimit-tokens-reset': { ms: 10_000, precisionMs: 2000 },
      'x-ratelimit-reset-tokens': { ms: 360_000, precisionMs: 1000 },
    });
  });

  it('scales are cut at the geometric midpoints of 1 ms, 1 s, 1 min, 1 h and 1 day', () => {
    expect(scalesOf(56_000, 64_000)).toEqual(['min']);
    expect(scalesOf(86_000_000, 86_800_000)).toEqual(['day']);
    expect(scalesOf(5_000, 64_000)).toEqual(['s', 'min']);
  });
});

describe('ratelimit.window_changed', () => {
  // 50 tokens used of 200,000: a one-minute window refills them in 15 ms, a day window in 21.6 s.
  const minute = openai(199_950, '15ms');
  const day = openai(199_950, '21.6s');

  it('the baseline holds each limit window with its scale', () => {
    const summary = ratelimit.summarize([observation(minute)], ctx);
    expect(summary.windows?.['x-ratelimit-limit-tokens']).toEqual({ loMs: 56_000, hiMs: 64_000, scales: ['min'] });
    expect(summary.windows?.['x-ratelimit-limit-requests']?.scales).toEqual(['min']);
  });

  it('the token window turned into a day with the same limit number is one warning naming both scales', () => {
    const { findings } = evaluate([minute, minute], [day]);
    expect(findings.map((f) => [f.kind, f.severity, f.subject, f.summary])).toEqual([
      ['ratelimit.window_changed', 'warning', 'x-ratelimit-limit-tokens', 'rate-limit x-ratelimit-limit-tokens window changed: min → day (limit 200000 unchanged)'],
    ]);
    expect(findings[0]?.evidence).toMatchObject({ before: ['min'], after: ['day'] });
    expect(findings[0]?.action).toMatch(/refills over day instead of min.*tripline baseline --target openai\/gpt-4o-mini/);
  });

  it('more use of the same window moves the reset, not the window: no finding', () => {
    expect(evaluate([minute], [openai(150_000, '15s'), openai(199_000, '300ms')]).findings).toEqual([]);
  });

  it('a reset too coarse to tell the scale apart, or samples that disagree, compare nothing', () => {
    // Anthropic-style whole-second timestamps with 1 token used of 480,000: anywhere from 0 to weeks.
    const coarse = openai(199_999, '0s');
    expect(ratelimit.summarize([observation(coarse)], ctx).windows?.['x-ratelimit-limit-tokens']?.scales).toEqual(['ms', 's', 'min', 'h', 'day']);
    expect(evaluate([coarse], [day]).findings).toEqual([]);
    const disagree = ratelimit.summarize([observation(minute), observation(day)], ctx);
    expect(disagree.windows?.['x-ratelimit-limit-tokens']).toBeNull();
    expect(ratelimit.evaluate({ baseline: { summary: disagree, samples: [] }, current: [observation(day)], state: null, ctx }).findings).toEqual([]);
  });

  it('a baseline recorded before windows were read raises nothing about windows', () => {
    const { windows: _dropped, ...old } = ratelimit.summarize([observation(minute)], ctx);
    expect(ratelimit.evaluate({ baseline: { summary: old, samples: [] }, current: [observation(day)], state: null, ctx }).findings).toEqual([]);
  });

  it('merging pools intersects the windows', () => {
    const a = ratelimit.summarize([observation(minute)], ctx);
    const b = ratelimit.summarize([observation(openai(150_000, '15.1s'))], ctx);
    expect(ratelimit.merge(a, b).windows?.['x-ratelimit-limit-tokens']).toEqual({ loMs: 60_000, hiMs: 60_800, scales: ['min'] });
  });
});

describe('ratelimit.window_changed from whole-second timestamps (Anthropic)', () => {
  // 480,000 tokens a minute, a canary uses 34: the reset is 4 ms away on a one-minute window and
  // 6.1 s away on a day window, written to the whole second against a whole-second Date.
  const LIMIT = 480_000;
  function anthropic(used: number, resetInSeconds: number): Partial<SuccessObservation> {
    const { rateLimits, rateRemaining, rateResets } = headerFacts(
      {
        date: DATE,
        'anthropic-ratelimit-tokens-limit': String(LIMIT),
        'anthropic-ratelimit-tokens-remaining': String(LIMIT - used),
        'anthropic-ratelimit-tokens-reset': new Date(NOW + resetInSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
      NOW,
    );
    return { rateLimits, rateRemaining, rateResets };
  }
  const minute = anthropic(34, 1);
  const day = anthropic(34, 7);

  it('a minute window read as 0 to 12 h and a day window read as 20 to 35 h share the day scale, but no length: one warning', () => {
    const baseline = ratelimit.summarize([observation(minute)], ctx).windows?.['anthropic-ratelimit-tokens-limit'];
    const current = ratelimit.summarize([observation(day)], ctx).windows?.['anthropic-ratelimit-tokens-limit'];
    expect(baseline).toMatchObject({ loMs: 0, scales: ['ms', 's', 'min', 'h', 'day'] });
    expect(current?.scales).toEqual(['day']);
    const { findings } = evaluate([minute, minute], [day]);
    expect(findings.map((f) => [f.kind, f.subject])).toEqual([['ratelimit.window_changed', 'anthropic-ratelimit-tokens-limit']]);
    expect(findings[0]?.summary).toBe('rate-limit anthropic-ratelimit-tokens-limit window changed: 0 ms–11.8 h → 19.6 h–1.5 day (limit 480000 unchanged)');
  });

  it('a quiet minute window read with either rounding, and with more of it used, raises nothing', () => {
    const quiet = [anthropic(34, 0), anthropic(34, 1), anthropic(1000, 1), anthropic(20_000, 3)];
    for (const now of quiet) expect(evaluate([minute], [now]).findings).toEqual([]);
    expect(evaluate([anthropic(34, 0)], [anthropic(34, 1)]).findings).toEqual([]);
    expect(evaluate([day], [anthropic(34, 6), anthropic(34, 8)]).findings).toEqual([]);
  });
});
