import { describe, expect, it } from 'vitest';
import { exitCodeOf, FindingKind, isDrift, isTargetLevel, KIND_FACTS, kindFacts, type KindFacts } from '../../src/domain/finding.js';

describe('src/domain/finding.ts', () => {
  it('has one row of facts for every finding kind and no row for anything else', () => {
    expect(Object.keys(KIND_FACTS).sort()).toEqual([...FindingKind.options].sort());
  });

  it('does not compile a table that misses a kind', () => {
    // @ts-expect-error -- 'baseline.recorded' (and every other kind) is missing
    const partial: Record<FindingKind, KindFacts> = { 'shape.field_removed': KIND_FACTS['shape.field_removed'] };
    expect(partial).toBeDefined();
  });

  it.each([
    ['shape.field_removed', true, true],
    ['tokens.output_shift', true, false],
    ['assertion.failed', true, false],
    ['deprecation.announced', false, true],
    ['availability.error', false, false],
    ['budget.exhausted', false, false],
    ['baseline.recorded', false, false],
  ] as const)('%s: drift %s, target-level %s', (kind, drift, targetLevel) => {
    expect(isDrift(kind)).toBe(drift);
    expect(isTargetLevel(kind)).toBe(targetLevel);
  });

  it('treats a kind it does not know (read back from an old database) as not drift', () => {
    expect(isDrift('shape.something_new')).toBe(false);
  });

  it('gives every kind an impact line for alerts', () => {
    for (const kind of FindingKind.options) expect(kindFacts(kind).impact.length).toBeGreaterThan(10);
  });

  describe('exitCodeOf', () => {
    it.each([
      ['nothing', [], 0],
      ['only info findings', [{ kind: 'shape.field_added', severity: 'info' }], 0],
      ['drift', [{ kind: 'shape.field_removed', severity: 'warning' }], 1],
      ['a deprecation', [{ kind: 'deprecation.approaching', severity: 'warning' }], 1],
      ['only unavailability', [{ kind: 'availability.error', severity: 'critical' }], 2],
      ['only an exhausted budget', [{ kind: 'budget.exhausted', severity: 'warning' }], 2],
      [
        'drift and unavailability',
        [
          { kind: 'availability.provider_down', severity: 'critical' },
          { kind: 'tokens.input_changed', severity: 'warning' },
        ],
        1,
      ],
    ] as const)('%s -> %i', (_name, findings, code) => {
      expect(exitCodeOf(findings)).toBe(code);
    });
  });
});
