import { describe, expect, it } from 'vitest';
import { assertions } from '../../src/probes/assertions/index.js';
import { canary, observation, probeContext } from '../support/observations.js';

const jsonCanary = canary({
  id: 'json-output',
  probes: ['assertions'],
  assert: [
    {
      type: 'json-schema',
      schema: {
        type: 'object',
        required: ['city', 'population'],
        additionalProperties: false,
        properties: {
          city: { type: 'string', minLength: 1, pattern: '^[A-Z]' },
          population: { type: 'integer', minimum: 0, maximum: 100000000 },
          tags: { type: 'array', items: { enum: ['capital', 'port'] } },
        },
      },
    },
    { type: 'regex', pattern: '^\\s*\\{' },
    { type: 'contains', value: 'PARIS', ignoreCase: true },
  ],
});
const ctx = probeContext(jsonCanary);
const good = '{"city":"Paris","population":2100000,"tags":["capital"]}';

function firstWhy(failures: unknown): unknown {
  const first: unknown = Array.isArray(failures) ? failures[0] : undefined;
  return typeof first === 'object' && first !== null && 'why' in first ? first.why : undefined;
}

function run(texts: string[]) {
  const current = texts.map((text, sample) => observation({ text, sample }));
  return assertions.evaluate({ baseline: { summary: { rules: 3 }, samples: [] }, current, state: null, ctx });
}

describe('src/probes/assertions', () => {
  it('summarizes the rule count', () => {
    expect(assertions.summarize([], ctx)).toEqual({ rules: 3 });
  });

  it.each([
    { name: 'all pass', texts: [good, ` ${good}\n`], expected: [] },
    { name: 'not JSON', texts: ['Paris has 2.1M people'], expected: [['assert[0]', 'not valid JSON: "Paris has 2.1M people"'], ['assert[1]', 'does not match /^\\s*\\{/']] },
    { name: 'missing required key', texts: ['{"city":"Lyon"}'], expected: [['assert[0]', '$.population: Invalid input: expected number, received undefined'], ['assert[2]', 'does not contain "PARIS"']] },
    { name: 'wrong type', texts: ['{"city":"Paris","population":"2.1M"}'], expected: [['assert[0]', '$.population: Invalid input: expected number, received string']] },
    { name: 'below minimum', texts: ['{"city":"Paris","population":-1}'], expected: [['assert[0]', '$.population: Too small: expected number to be >=0']] },
    { name: 'extra key', texts: ['{"city":"Paris","population":1,"mayor":"x"}'], expected: [['assert[0]', '$: Unrecognized key: "mayor"']] },
    { name: 'enum in items', texts: ['{"city":"Paris","population":1,"tags":["river"]}'], expected: [['assert[0]', '$.tags[0]: Invalid option: expected one of "capital"|"port"']] },
    { name: 'pattern', texts: ['{"city":"paris","population":1}'], expected: [['assert[0]', '$.city: Invalid string: must match pattern /^[A-Z]/']] },
  ])('$name', ({ texts, expected }) => {
    const { findings } = run(texts);
    expect(findings.map((f) => [f.subject, firstWhy(f.evidence.failures)])).toEqual(expected);
    for (const f of findings) expect(f).toMatchObject({ kind: 'assertion.failed', severity: 'warning' });
  });

  it('says which samples failed and why', () => {
    const { findings, metrics } = run([good, 'nope', 'nope']);
    expect(findings[0]?.summary).toBe('assertion 1 (json-schema) failed on 2/3 samples: not valid JSON: "nope"');
    expect(findings[0]?.evidence.failures).toEqual([
      { sample: 1, why: 'not valid JSON: "nope"', text: 'nope' },
      { sample: 2, why: 'not valid JSON: "nope"', text: 'nope' },
    ]);
    expect(metrics).toEqual({ failed: 3, failedSamples: 6 });
  });

  it('one garbled sample among several is counted, not reported (ordinary nondeterminism)', () => {
    const { findings, metrics } = run([good, 'nope']);
    expect(findings).toEqual([]);
    expect(metrics).toEqual({ failed: 0, failedSamples: 3 });
  });

  it('what a single answer raised needs one more sighting than the configured rule (it cannot tell a garbled answer from a broken contract)', () => {
    const one = run(['nope']);
    expect(one.findings.map((f) => [f.subject, f.extraSightings])).toEqual([
      ['assert[0]', 1],
      ['assert[1]', 1],
      ['assert[2]', 1],
    ]);
    const two = run(['nope', 'nope']);
    expect(two.findings).toHaveLength(3);
    for (const f of two.findings) expect(f.extraSightings).toBeUndefined();
  });

  it('reports an invalid regex as a failure, not a throw', () => {
    const bad = probeContext(canary({ probes: ['assertions'], assert: [{ type: 'regex', pattern: '(' }] }));
    const { findings } = assertions.evaluate({ baseline: { summary: { rules: 1 }, samples: [] }, current: [observation()], state: null, ctx: bad });
    expect(findings[0]?.summary).toMatch(/^assertion 1 \(regex \/\(\/\) failed on 1\/1 samples: invalid pattern/);
  });
});
