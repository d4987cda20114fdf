import { describe, expect, it } from 'vitest';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { parentOf } from '../../src/probes/shape/lines.js';
import { shape } from '../../src/probes/shape/index.js';
import { OPENAI_HEADERS, OPENAI_SHAPE, canary, observation, probeContext } from '../support/observations.js';

const ctx = probeContext(canary({ probes: ['shape'] }));
const without = (...paths: string[]): string[] => OPENAI_SHAPE.filter((l) => !paths.some((p) => l.startsWith(p)));
const withLines = (...lines: string[]): string[] => [...OPENAI_SHAPE, ...lines].sort();
const replace = (from: string, to: string): string[] => OPENAI_SHAPE.map((l) => (l === from ? to : l)).sort();

function run(baseline: Partial<SuccessObservation>[], current: Partial<SuccessObservation>[]) {
  const summary = shape.summarize(baseline.map((o) => observation(o)), ctx);
  return shape.evaluate({ baseline: { summary, samples: [] }, current: current.map((o) => observation(o)), state: null, ctx });
}

describe('src/probes/shape', () => {
  it('ignores answers tripline cut short with its client-side cap, on either side', () => {
    const cut = { finishReason: 'client_cap', shape: without('$.usage'), enums: {} };
    expect(run([{}, {}], [cut, cut]).findings).toEqual([]);
    expect(run([cut, cut], [{}]).findings).toEqual([]);
    expect(run([{}, cut], [{ shape: without('$.usage') }]).findings.map((f) => f.kind)).toContain('shape.field_removed');
  });

  it('summarizes unions, required sets, enum values and issues exactly', () => {
    const summary = shape.summarize(
      [
        observation({ shape: withLines('$.choices[].message.refusal: null'), enums: { '$.choices[].finish_reason': 'stop' } }),
        observation({ headerNames: ['date'], enums: { '$.choices[].finish_reason': 'length,stop' }, schemaIssues: ['$.x: Required'] }),
      ],
      ctx,
    );
    expect(summary).toEqual({
      lines: withLines('$.choices[].message.refusal: null'),
      requiredPaths: OPENAI_SHAPE.map((l) => l.split(': ')[0]).sort(),
      headers: OPENAI_HEADERS,
      requiredHeaders: ['date'],
      enums: { '$.choices[].finish_reason': ['length', 'stop'] },
      schemaIssues: ['$.x: Required'],
    });
  });

  it.each([
    { name: 'no change', baseline: [{}, {}], current: [{}], expected: [] },
    {
      name: 'a field removed from every response',
      baseline: [{}, {}],
      current: [{ shape: without('$.system_fingerprint') }],
      expected: [['shape.field_removed', 'critical', '$.system_fingerprint']],
    },
    {
      name: 'a removed object reports once',
      baseline: [{}],
      current: [{ shape: without('$.usage') }],
      expected: [['shape.field_removed', 'critical', '$.usage']],
    },
    {
      name: 'an optional field (absent in one baseline sample) is not a removal',
      baseline: [{ shape: withLines('$.choices[].message.refusal: null') }, {}],
      current: [{}],
      expected: [],
    },
    {
      name: 'a field missing from only some current samples is not a removal',
      baseline: [{}],
      current: [{ shape: without('$.system_fingerprint') }, {}],
      expected: [],
    },
    {
      name: 'a new field in every response',
      baseline: [{}],
      current: [{ shape: withLines('$.service_tier: string') }],
      expected: [['shape.field_added', 'info', '$.service_tier']],
    },
    {
      name: 'a new field in some responses only',
      baseline: [{}],
      current: [{ shape: withLines('$.service_tier: string') }, {}],
      expected: [],
    },
    {
      name: 'a rename: removal plus an addition under the same parent',
      baseline: [{}],
      current: [{ shape: replace('$.usage.prompt_tokens: number', '$.usage.input_tokens: number') }],
      expected: [
        ['shape.field_removed', 'critical', '$.usage.prompt_tokens'],
        ['shape.field_added', 'warning', '$.usage.input_tokens'],
      ],
    },
    {
      name: 'a type change',
      baseline: [{}],
      current: [{ shape: replace('$.created: number', '$.created: string') }],
      expected: [['shape.type_changed', 'critical', '$.created']],
    },
    {
      name: 'null next to a type is a nullable variant',
      baseline: [{ shape: withLines('$.choices[].message.refusal: null') }],
      current: [{ shape: withLines('$.choices[].message.refusal: string') }],
      expected: [],
    },
    {
      name: 'a field that was sometimes null and is now always null',
      baseline: [{}, { shape: replace('$.system_fingerprint: string', '$.system_fingerprint: null') }],
      current: [{ shape: replace('$.system_fingerprint: string', '$.system_fingerprint: null') }],
      expected: [],
    },
    {
      name: 'a never-null field that became always null',
      baseline: [{}],
      current: [{ shape: replace('$.system_fingerprint: string', '$.system_fingerprint: null') }],
      expected: [['shape.type_changed', 'critical', '$.system_fingerprint']],
    },
    {
      name: 'an object turned into a string reports the type, not its children',
      baseline: [{}],
      current: [{ shape: [...without('$.usage'), '$.usage: string'].sort() }],
      expected: [['shape.type_changed', 'critical', '$.usage']],
    },
    {
      name: 'a header removed and one added',
      baseline: [{}, {}],
      current: [{ headerNames: [...OPENAI_HEADERS.filter((h) => h !== 'openai-processing-ms'), 'x-envoy-upstream'] }],
      expected: [
        ['shape.header_removed', 'warning', 'openai-processing-ms'],
        ['shape.header_added', 'info', 'x-envoy-upstream'],
      ],
    },
    {
      name: 'a new enum value',
      baseline: [{}],
      current: [{ enums: { '$.choices[].finish_reason': 'content_filter', '$.object': 'chat.completion' } }],
      expected: [['shape.enum_value_new', 'warning', '$.choices[].finish_reason=content_filter']],
    },
    {
      name: 'a new schema issue',
      baseline: [{}],
      current: [{ schemaIssues: ['$.choices[0].message: Invalid input: expected object, received null'] }, {}],
      expected: [['shape.schema_mismatch', 'critical', '$.choices[0].message']],
    },
    {
      name: 'an accepted schema issue (baseline --accept-anomalies) again: nothing',
      baseline: [{ schemaIssues: ['$.choices[0].message.content: Invalid input: expected string, received null'] }],
      current: [{ schemaIssues: ['$.choices[0].message.content: Invalid input: expected string, received null'] }],
      expected: [],
    },
    {
      name: 'a different issue at the path of an accepted one: still reported',
      baseline: [{ schemaIssues: ['$.choices[0].message.content: Invalid input: expected string, received null'] }],
      current: [{ schemaIssues: ['$.choices[0].message.content: Invalid input: expected string, received array'] }],
      expected: [['shape.schema_mismatch', 'critical', '$.choices[0].message.content']],
    },
  ])('$name', ({ baseline, current, expected }) => {
    const { findings } = run(baseline, current);
    expect(findings.map((f) => [f.kind, f.severity, f.subject])).toEqual(expected);
  });

  it('gives the unified diff, values and an action in the evidence', () => {
    const [finding] = run([{}], [{ shape: without('$.system_fingerprint') }]).findings;
    expect(finding?.summary).toBe('$.system_fingerprint (string) is missing from every response; it was in every baseline response');
    expect(finding?.evidence.diff).toContain('--- baseline');
    expect(finding?.evidence.diff).toContain('+++ current');
    expect(finding?.evidence.diff).toContain('-$.system_fingerprint: string');
    expect(finding?.action).toContain('tripline baseline --target openai/gpt-4o-mini`');
  });

  it('lists the zod issues and the share of samples for a schema mismatch', () => {
    const issue = '$.choices[0].message: Invalid input: expected object, received null';
    const [finding] = run([{}], [{ schemaIssues: [issue] }, {}]).findings;
    expect(finding?.summary).toBe(`response no longer matches the expected schema at $.choices[0].message in 1/2 responses: ${issue}`);
    expect(finding?.evidence).toMatchObject({ issues: [issue], samples: 1, of: 2 });
  });

  it('leaves rate-limit headers to the ratelimit probe when the canary runs it', () => {
    const both = probeContext(canary({ probes: ['shape', 'ratelimit'] }));
    const summary = shape.summarize([observation()], both);
    const current = [observation({ headerNames: OPENAI_HEADERS.filter((h) => h !== 'x-ratelimit-limit-tokens') })];
    expect(shape.evaluate({ baseline: { summary, samples: [] }, current, state: null, ctx: both }).findings).toEqual([]);
  });

  it('merges pools: unions grow, required sets shrink', () => {
    const a = shape.summarize([observation()], ctx);
    const b = shape.summarize([observation({ shape: without('$.system_fingerprint'), headerNames: ['date'] })], ctx);
    const merged = shape.merge(a, b);
    expect(merged.lines).toEqual(OPENAI_SHAPE);
    expect(merged.requiredPaths).not.toContain('$.system_fingerprint');
    expect(merged.requiredHeaders).toEqual(['date']);
  });

  it.each([
    ['$.a.b', '$.a'],
    ['$.choices[]', '$.choices'],
    ['$.choices[].message', '$.choices[]'],
    ['$["odd key"]', '$'],
    ['$', '$'],
  ])('parentOf(%s) = %s', (path, parent) => {
    expect(parentOf(path)).toBe(parent);
  });
});

describe('src/probes/shape: refusals', () => {
  const refusal = {
    text: '',
    refusal: "I'm sorry, I can't assist with that request.",
    shape: replace('$.choices[].message.content: string', '$.choices[].message.content: null'),
  };
  const evaluate = (probes: string[]) => {
    const c = probeContext(canary({ probes }));
    const summary = shape.summarize([observation(), observation()], c);
    return shape.evaluate({ baseline: { summary, samples: [] }, current: [observation(refusal), observation(refusal)], state: null, ctx: c });
  };

  it('leaves refusals to the assertions probe when the canary runs it (one change, one finding)', () => {
    expect(evaluate(['shape', 'assertions']).findings).toEqual([]);
  });

  it('compares refusals like any answer when no probe reports them', () => {
    expect(evaluate(['shape']).findings.map((f) => [f.kind, f.subject])).toEqual([['shape.type_changed', '$.choices[].message.content']]);
  });
});
