import { describe, expect, it } from 'vitest';
import type { SuccessObservation } from '../../src/domain/observation.js';
import { classifyInputShift } from '../../src/probes/tokens/classify.js';
import { tokens } from '../../src/probes/tokens/index.js';
import { canary, observation, observations, probeContext, usage } from '../support/observations.js';

const ctx = probeContext();
const multi = probeContext(
  canary({
    id: 'tokens-items',
    items: [
      { id: 'short', prompt: 'Say OK.' },
      { id: 'long', prompt: 'Say OK. '.repeat(30) },
      { id: 'cjk', prompt: '请用一个词回答：天空是什么颜色？' },
    ],
  }),
);

function run(baseline: SuccessObservation[], current: SuccessObservation[], c = ctx) {
  const summary = tokens.summarize(baseline, c);
  return tokens.evaluate({ baseline: { summary, samples: [] }, current, state: null, ctx: c });
}

const items = (inputs: Record<string, number>): SuccessObservation[] =>
  Object.entries(inputs).map(([item, input]) => observation({ item, usage: usage({ input, total: input + 1 }) }));

describe('src/probes/tokens', () => {
  it('summarizes per prompt: input counts, characters, caps and invariants', () => {
    expect(tokens.summarize(observations(2), ctx)).toEqual({
      prompts: { '*': { inputs: [41], chars: 7, nonAscii: 0 } },
      lengthCaps: [],
      invariants: { total: true, reasoning: true },
    });
    expect(tokens.summarize(items({ short: 10, long: 70, cjk: 20 }), multi).prompts).toEqual({
      cjk: { inputs: [20], chars: 16, nonAscii: 16 },
      long: { inputs: [70], chars: 240, nonAscii: 0 },
      short: { inputs: [10], chars: 7, nonAscii: 0 },
    });
  });

  it.each([
    { name: 'constant input', current: {}, expected: [] },
    { name: 'input rose', current: { usage: usage({ input: 46, total: 47 }) }, expected: [['tokens.input_changed', 'input']] },
    { name: 'total ≠ input + output', current: { usage: usage({ total: 50 }) }, expected: [['tokens.invariant_broken', 'total']] },
    { name: 'reasoning > output', current: { usage: usage({ reasoning: 5, total: 42 }) }, expected: [['tokens.invariant_broken', 'reasoning']] },
    { name: 'reasoning reported apart from output (Gemini thoughts)', current: { usage: usage({ reasoning: 5, total: 47 }) }, expected: [] },
    {
      name: 'more output than maxTokens at the length stop',
      current: { finishReason: 'length', usage: usage({ output: 16, total: 57 }) },
      expected: [['tokens.output_cap_changed', 'output-cap']],
    },
    { name: 'output at the cap', current: { finishReason: 'length' }, expected: [] },
  ] satisfies { name: string; current: Partial<SuccessObservation>; expected: unknown[] }[])('$name', ({ current, expected }) => {
    const { findings } = run(observations(3), observations(2, current));
    expect(findings.map((f) => [f.kind, f.subject])).toEqual(expected);
    for (const f of findings) expect(f.severity).toBe('warning');
  });

  it('reports a change seen in one sample of several, with delta and percent', () => {
    const current = [observation(), observation({ sample: 1, usage: usage({ input: 46, total: 47 }) })];
    const [finding] = run(observations(3), current).findings;
    expect(finding?.summary).toBe('input tokens for the same prompt rose 12.2% (41 → 46)');
    expect(finding?.evidence).toMatchObject({ before: 41, after: 46, delta: 5, percent: 12.2, observed: [41, 46], classification: 'undetermined' });
    expect(finding?.action).toContain('constant offset (hidden system prompt or chat template)');
    expect(finding?.action).toContain('accept with `tripline baseline --target openai/gpt-4o-mini` once understood.');
  });

  it('does not re-report an invariant the baseline already broke', () => {
    const broken = observations(2, { usage: usage({ total: 50 }) });
    expect(run(broken, broken).findings).toEqual([]);
  });

  it('notices a moved implicit cap without maxTokens', () => {
    const free = probeContext(canary({ request: { messages: [{ role: 'user', content: 'Write an essay.' }] } }));
    const baseline = observations(2, { finishReason: 'length', usage: usage({ output: 4096, total: 4137 }) });
    const current = observations(2, { finishReason: 'length', usage: usage({ output: 2048, total: 2089 }) });
    const [finding] = run(baseline, current, free).findings;
    expect(finding?.summary).toBe('the effective output cap moved: responses stop at the length limit after 2048 tokens (baseline 4096)');
  });

  it.each([
    { name: 'constant offset across items', after: { short: 13, long: 73, cjk: 23 }, kind: 'constant_offset', text: 'constant offset (+3 tokens) on every prompt' },
    { name: 'non-ASCII text split differently', after: { short: 10, long: 70, cjk: 28 }, kind: 'tokenizer', text: 'tokenizer change: non-ASCII text is split differently' },
  ])('classifies within a multi-item canary: $name', ({ after, kind, text }) => {
    const { findings } = run(items({ short: 10, long: 70, cjk: 20 }), items(after), multi);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.evidence.classification).toBe(kind);
      expect(String(f.evidence.explanation)).toContain(text);
    }
  });
});

describe('classifyInputShift', () => {
  const c = (canary: string, chars: number, nonAscii: number, before: number, after: number) => ({ canary, chars, nonAscii, before, after });
  it.each([
    { name: 'nothing moved', changes: [c('a', 10, 0, 5, 5), c('b', 100, 0, 30, 30)], kind: 'none', intercept: 0, slopePer1k: 0 },
    { name: 'one prompt', changes: [c('a', 40, 0, 12, 20)], kind: 'undetermined', intercept: 8, slopePer1k: 0 },
    { name: 'hidden system prompt', changes: [c('s', 40, 0, 12, 20), c('m', 250, 0, 55, 63), c('l', 900, 300, 210, 218)], kind: 'constant_offset', intercept: 8, slopePer1k: 0 },
    { name: 'proportional to length', changes: [c('s', 100, 0, 25, 26), c('m', 500, 0, 120, 125), c('l', 1000, 0, 240, 250)], kind: 'tokenizer', intercept: 0, slopePer1k: 10 },
    { name: 'only non-ASCII moved', changes: [c('s', 40, 0, 12, 12), c('m', 250, 0, 55, 55), c('l', 900, 400, 260, 290)], kind: 'tokenizer', intercept: -4.9, slopePer1k: 37.56 },
    { name: 'offset plus slope', changes: [c('s', 100, 0, 25, 31), c('m', 500, 0, 120, 130), c('l', 1000, 0, 240, 255)], kind: 'mixed', intercept: 5, slopePer1k: 10 },
  ])('$name', ({ changes, kind, intercept, slopePer1k }) => {
    expect(classifyInputShift(changes)).toMatchObject({ kind, intercept, slopePer1k });
  });
});

describe('src/probes/tokens: thinking models', () => {
  const gemini = probeContext(canary({ id: 'one-token' }), 'gemini/gemini-2.5-pro');
  // gemini-2.5-pro cannot stop thinking: the adapter sent maxOutputTokens 1 + 128 for the thoughts.
  const thinking = { sent: 'thinkingBudget=128', canTurnOff: false, capAllowance: 128 };
  const stopped = (output: number, reasoning: number): SuccessObservation =>
    observation({ finishReason: 'MAX_TOKENS', thinking, usage: usage({ input: 9, output, reasoning, total: 9 + output + reasoning }) });

  it('counts thoughts against the cap the request really had: no output_cap_changed for an answer after thoughts', () => {
    const baseline = [stopped(20, 109), stopped(7, 122)];
    const { findings } = run(baseline, [stopped(12, 117), stopped(3, 126)], gemini);
    expect(findings).toEqual([]);
    expect(tokens.summarize(baseline, gemini).lengthCaps).toEqual([129]);
  });

  it('still reports a cap above maxTokens plus the thoughts allowance', () => {
    const { findings } = run([stopped(20, 109)], [stopped(40, 120)], gemini);
    expect(findings.map((f) => [f.kind, f.summary])).toEqual([
      ['tokens.output_cap_changed', 'responses stopped at the length limit with 160 output tokens although maxTokens is 1 (+128 for thoughts)'],
    ]);
  });

  it('holds the total invariant with tool-use prompt tokens', () => {
    const grounded = observation({ usage: usage({ input: 12, output: 8, reasoning: 57, toolUse: 201, total: 278 }) });
    expect(run([grounded], [grounded], gemini).findings).toEqual([]);
    expect(tokens.summarize([grounded], gemini).invariants).toEqual({ total: true, reasoning: true });
  });
});

describe('src/probes/tokens: a cap raised to the provider minimum', () => {
  const responses = probeContext(canary({ id: 'one-token' }), 'openai/gpt-4o-mini');
  // The Responses API refuses max_output_tokens below 16: the adapter sent 16 for maxTokens 1.
  const stopped = (output: number): SuccessObservation =>
    observation({ finishReason: 'max_output_tokens', capRaisedBy: 15, usage: usage({ input: 9, output, reasoning: 0, total: 9 + output }) });

  it('reads a length stop at the raised cap as the request, not output_cap_changed', () => {
    expect(run([stopped(16)], [stopped(16)], responses).findings).toEqual([]);
    expect(run([], [stopped(16)], responses).findings).toEqual([]);
  });

  it('still reports a stop above the raised cap', () => {
    const { findings } = run([], [stopped(40)], responses);
    expect(findings.map((f) => [f.kind, f.summary])).toEqual([
      ['tokens.output_cap_changed', "responses stopped at the length limit with 40 output tokens although maxTokens is 1 (raised by 15 to the provider's minimum)"],
    ]);
  });
});
