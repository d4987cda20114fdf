import { describe, expect, it } from 'vitest';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { identity } from '../../src/probes/identity/index.js';
import { observation, observations, probeContext } from '../support/observations.js';

const ctx = probeContext();
const T1 = '2025-06-01T10:00:00.000Z';
const T2 = '2025-06-02T10:00:00.000Z';

describe('src/probes/identity', () => {
  it('summarizes novelty sets with first and last seen', () => {
    const samples = [
      observation({ timestamp: T2, fingerprint: 'fp_b' }),
      observation({ timestamp: T1 }),
      observation({ timestamp: T1, modelReported: null, fingerprint: null }),
    ];
    expect(identity.summarize(samples, ctx)).toEqual({
      models: { 'gpt-4o-mini-2024-07-18': { firstSeen: T1, lastSeen: T2 } },
      fingerprints: { fp_a: { firstSeen: T1, lastSeen: T1 }, fp_b: { firstSeen: T2, lastSeen: T2 } },
      settings: {},
      account: {},
    });
  });

  it.each([
    { name: 'same model and fingerprint', current: {}, expected: [] },
    { name: 'no echo at all', current: { modelReported: null, fingerprint: null }, expected: [] },
    {
      name: 'a new model id behind the alias',
      current: { modelReported: 'gpt-4o-mini-2025-04-01' },
      expected: [['identity.model_changed', 'warning', 'gpt-4o-mini-2025-04-01']],
    },
    {
      name: 'a new backend fingerprint',
      current: { fingerprint: 'fp_new' },
      expected: [['reproducibility.fingerprint_changed', 'info', 'fp_new']],
    },
  ] satisfies { name: string; current: Partial<SuccessObservation>; expected: unknown[] }[])('$name', ({ current, expected }) => {
    const summary = identity.summarize(observations(3), ctx);
    const result = identity.evaluate({ baseline: { summary, samples: [] }, current: observations(2, current, T2), state: null, ctx });
    expect(result.findings.map((f) => [f.kind, f.severity, f.subject])).toEqual(expected);
  });

  it('keeps first/last seen across cycles in state and shows the alias mapping', () => {
    const summary = identity.summarize(observations(3), ctx);
    const swapped = { modelReported: 'gpt-4o-mini-2025-04-01' };
    const first = identity.evaluate({ baseline: { summary, samples: [] }, current: observations(1, swapped, T1), state: null, ctx });
    const second = identity.evaluate({ baseline: { summary, samples: [] }, current: observations(1, swapped, T2), state: first.state, ctx });
    expect(second.state?.models['gpt-4o-mini-2025-04-01']).toEqual({ firstSeen: T1, lastSeen: T2 });
    const [finding] = second.findings;
    expect(finding?.summary).toBe('gpt-4o-mini now reports model gpt-4o-mini-2025-04-01 (baseline: gpt-4o-mini-2024-07-18)');
    expect(finding?.evidence).toMatchObject({
      mapping: { alias: 'gpt-4o-mini', before: ['gpt-4o-mini-2024-07-18'], after: 'gpt-4o-mini-2025-04-01' },
      firstSeen: T1,
      lastSeen: T2,
    });
    expect(second.metrics).toEqual({ models: 1, newModels: 1, newFingerprints: 0 });
  });
});
