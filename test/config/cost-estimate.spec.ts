import { describe, expect, it } from 'vitest';
import { Canary } from '../../src/config/canary-schema.js';
import { UNSET_MAX_TOKENS_ASSUMED, estimateInputTokens, estimateLoad, requestsPerCycle } from '../../src/config/cost-estimate.js';

const hello = Canary.parse({
  id: 'hello',
  request: { system: 'Be brief.', messages: [{ role: 'user', content: 'Say OK, please.' }] },
});

const quiz = Canary.parse({
  id: 'quiz',
  schedule: '0 * * * *',
  targets: ['openai/gpt-4o-mini'],
  samples: 2,
  request: {
    messages: [
      { role: 'user', content: 'Answer with one letter.' },
      { role: 'assistant', content: 'OK' },
      { role: 'user', content: 'placeholder' },
    ],
    params: { maxTokens: 1 },
  },
  items: [
    { id: 'q1', prompt: '2+2? A) 4 B) 5', answer: 'A' },
    { id: 'q2', prompt: 'Capital of France? A) Paris B) Rome', answer: 'A' },
  ],
});

describe('src/config/cost-estimate.ts', () => {
  it.each([
    ['system and messages, ceil(chars / 4)', hello, undefined, Math.ceil((9 + 15) / 4)],
    ['an item replaces the last user message', quiz, quiz.items?.[0], Math.ceil((23 + 2 + 14) / 4)],
  ])('estimateInputTokens: %s', (_name, canary, item, expected) => {
    expect(estimateInputTokens(canary, item)).toBe(expected);
  });

  it('counts the output of every answer of a request with n answers', () => {
    const many = Canary.parse({ id: 'many', request: { messages: [{ role: 'user', content: 'Hi' }], params: { maxTokens: 10, n: 3 } } });
    const [row] = estimateLoad({ targets: ['openai/gpt-4o-mini'], schedule: '0 * * * *', providers: {} }, [many]);
    expect(row).toMatchObject({ requestsPerDay: 24, outputTokensPerDay: 10 * 3 * 24 });
  });

  it('requestsPerCycle is samples x max(1, items)', () => {
    expect(requestsPerCycle(hello)).toBe(1);
    expect(requestsPerCycle(quiz)).toBe(4);
  });

  it('sums the daily load per target and prices it where the provider has prices', () => {
    const rows = estimateLoad(
      {
        targets: ['openai/gpt-4o-mini', 'local/llama'],
        schedule: '*/30 * * * *',
        providers: {
          openai: { budget: { inputPricePerMTok: 0.15, outputPricePerMTok: 0.6 } },
          local: {},
        },
      },
      [hello, quiz],
    );
    const helloIn = 6 * 48;
    const helloOut = UNSET_MAX_TOKENS_ASSUMED * 48;
    const quizIn = 2 * (Math.ceil(39 / 4) + Math.ceil((23 + 2 + 35) / 4)) * 24;
    const quizOut = 1 * 4 * 24;
    expect(rows).toEqual([
      {
        target: 'openai/gpt-4o-mini',
        canaries: 2,
        measuredCanaries: 0,
        inputEstimated: true,
        outputUpperBound: true,
        requestsPerDay: 48 + 4 * 24,
        plannedRequestsPerDay: 48 + 4 * 24,
        sequentialCanaries: 0,
        inputTokensPerDay: helloIn + quizIn,
        outputTokensPerDay: helloOut + quizOut,
        costPerDay: ((helloIn + quizIn) * 0.15 + (helloOut + quizOut) * 0.6) / 1e6,
      },
      {
        target: 'local/llama',
        canaries: 1,
        measuredCanaries: 0,
        inputEstimated: true,
        outputUpperBound: true,
        requestsPerDay: 48,
        plannedRequestsPerDay: 48,
        sequentialCanaries: 0,
        inputTokensPerDay: helloIn,
        outputTokensPerDay: helloOut,
        costPerDay: null,
      },
    ]);
  });

  it('uses the measured usage of a pair where there is one, and flags the row only for the estimated rest', () => {
    const input = { targets: ['openai/gpt-4o-mini'], schedule: '*/30 * * * *', providers: {} };
    const measuredHello = { inputPerRequest: 12, outputPerRequest: 40.5, samples: 20 };
    const onlyHello = estimateLoad(input, [hello, quiz], (target, id) => (id === 'hello' && target === 'openai/gpt-4o-mini' ? measuredHello : undefined));
    const quizIn = 2 * (Math.ceil(39 / 4) + Math.ceil((23 + 2 + 35) / 4)) * 24;
    expect(onlyHello[0]).toMatchObject({
      measuredCanaries: 1,
      inputTokensPerDay: 12 * 48 + quizIn,
      outputTokensPerDay: 40.5 * 48 + 4 * 24,
      inputEstimated: true,
      outputUpperBound: true,
    });
    const both = estimateLoad(input, [hello, quiz], () => measuredHello);
    expect(both[0]).toMatchObject({ measuredCanaries: 2, inputEstimated: false, outputUpperBound: false, outputTokensPerDay: 40.5 * (48 + 4 * 24) });
  });

  it('counts a canary with a sequential stop at the expected requests of a quiet cycle; the plan is the upper bound', () => {
    const input = { targets: ['openai/gpt-4o-mini'], schedule: '*/30 * * * *', providers: { openai: { budget: { inputPricePerMTok: 1, outputPricePerMTok: 1 } } } };
    const measuredQuiz = { inputPerRequest: 30, outputPerRequest: 1, samples: 40 };
    // quiz plans 4 requests a cycle (2 items x 2 samples), hourly; a quiet cycle stops after 1.5 on average.
    const quietQuiz = (_target: string, canary: Canary) => (canary.id === 'quiz' ? 1.5 : undefined);
    const [row] = estimateLoad(input, [hello, quiz], (_t, id) => (id === 'quiz' ? measuredQuiz : undefined), () => true, quietQuiz);
    expect(row).toMatchObject({
      requestsPerDay: 48 + 1.5 * 24,
      plannedRequestsPerDay: 48 + 4 * 24,
      sequentialCanaries: 1,
      inputTokensPerDay: 6 * 48 + 30 * 1.5 * 24,
      outputTokensPerDay: UNSET_MAX_TOKENS_ASSUMED * 48 + 1 * 1.5 * 24,
    });
    // Without a baseline the estimate is the plan's, pro rata: 1.5 of the cycle's 4 requests.
    const quizIn = 2 * (Math.ceil(39 / 4) + Math.ceil((23 + 2 + 35) / 4));
    const [estimated] = estimateLoad(input, [quiz], undefined, () => true, quietQuiz);
    expect(estimated).toMatchObject({ requestsPerDay: 1.5 * 24, inputTokensPerDay: ((quizIn * 1.5) / 4) * 24, outputTokensPerDay: 1 * 1.5 * 24, inputEstimated: true });
  });

  it('a quiet-cycle figure at or above the plan changes nothing (no canary sends more than it plans)', () => {
    const input = { targets: ['openai/gpt-4o-mini'], schedule: '*/30 * * * *', providers: {} };
    const [row] = estimateLoad(input, [quiz], undefined, () => true, () => 4);
    expect(row).toMatchObject({ requestsPerDay: 4 * 24, plannedRequestsPerDay: 4 * 24, sequentialCanaries: 0 });
  });
});
