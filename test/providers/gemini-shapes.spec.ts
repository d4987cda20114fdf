import { afterEach, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/domain/observation.js';
import { totalCheck } from '../../src/probes/tokens/invariants.js';
import { gemini } from '../../src/providers/gemini/index.js';
import { exchange, serveBody, type Loopback } from './loopback.js';
import { fixture, makeCanary, makeCtx } from './support.js';

const oneToken = makeCanary({ temperature: 0, maxTokens: 1 });

describe('src/providers/gemini: every documented response shape, over loopback HTTP', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function answer(body: string, model = 'gemini-2.5-flash', canary = oneToken): Promise<Observation> {
    server = await serveBody(body);
    return exchange(gemini, makeCtx('gemini', model, { baseUrl: `${server.origin}/v1beta` }, canary));
  }

  it('reads a thinking model that spent maxOutputTokens on thoughts (content without parts) as an empty answer', async () => {
    const obs = await answer(fixture('gemini', 'generate-max-tokens-thinking-200.json'), 'gemini-2.5-pro');
    expect(obs).toMatchObject({
      ok: true,
      schemaIssues: [],
      text: '',
      finishReason: 'MAX_TOKENS',
      // proto3 JSON omits a zero candidatesTokenCount: no answer tokens, not an unknown count.
      usage: { input: 9, output: 0, reasoning: 16, total: 25 },
      modelReported: 'gemini-2.5-pro',
      requestId: 'mQ2ZaL3xK9GJ2roP8pS8sAc',
      thinking: { sent: 'thinkingBudget=128', canTurnOff: false, capAllowance: 128 },
      unsupported: ['maxTokens'],
    });
    if (obs.ok) expect(totalCheck(obs.usage)).toBe('ok');
    if (obs.ok) expect(obs.refusal).toBeUndefined();
  });

  it('reads a candidate stopped by SAFETY (no parts) as a refusal, not a schema mismatch', async () => {
    const obs = await answer(fixture('gemini', 'generate-safety-200.json'), 'gemini-2.0-flash');
    expect(obs).toMatchObject({
      ok: true,
      schemaIssues: [],
      text: '',
      finishReason: 'SAFETY',
      refusal: 'output stopped: SAFETY',
      usage: { input: 14, output: 0, reasoning: null, total: 14 },
      enums: { '$.candidates[].finishReason': 'SAFETY' },
    });
  });

  it('reads a blocked prompt (no candidates, promptFeedback.blockReason, no totalTokenCount) with the reason tracked like finishReason', async () => {
    const obs = await answer(fixture('gemini', 'generate-blocked-200.json'));
    expect(obs).toMatchObject({
      ok: true,
      schemaIssues: [],
      text: '',
      finishReason: 'PROHIBITED_CONTENT',
      refusal: 'prompt blocked: PROHIBITED_CONTENT',
      usage: { input: 11, output: 0, total: null },
      enums: { '$.promptFeedback.blockReason': 'PROHIBITED_CONTENT' },
      requestId: 'B3aZaPnyFbGJ2roPhqfX8QU',
    });
    if (obs.ok) expect(totalCheck(obs.usage)).toBe('n/a');
  });

  it('counts toolUsePromptTokenCount and thoughtsTokenCount in the total-token invariant', async () => {
    const obs = await answer(fixture('gemini', 'generate-grounded-200.json'));
    expect(obs).toMatchObject({ ok: true, schemaIssues: [], text: 'Paris is the capital of France.' });
    if (!obs.ok) return;
    expect(obs.usage).toEqual({ input: 12, output: 8, cached: null, reasoning: 57, total: 278, toolUse: 201 });
    expect(totalCheck(obs.usage)).toBe('ok');
  });

  it('still reports a body with neither candidates nor a block reason as schema drift', async () => {
    const obs = await answer(JSON.stringify({ usageMetadata: { promptTokenCount: 3 }, modelVersion: 'gemini-2.5-flash' }));
    expect(obs).toMatchObject({ ok: true, schemaIssues: ['$.candidates: no candidates and no promptFeedback.blockReason'] });
  });

  it('reads every candidate when there are several', async () => {
    const body = JSON.parse(fixture('gemini', 'generate-grounded-200.json')) as { candidates: unknown[] };
    body.candidates.push({ content: { parts: [{ text: 'Paris.' }], role: 'model' }, finishReason: 'STOP', index: 1 });
    const obs = await answer(JSON.stringify(body));
    expect(obs).toMatchObject({
      text: 'Paris is the capital of France.',
      choices: [
        { text: 'Paris is the capital of France.', finishReason: 'STOP' },
        { text: 'Paris.', finishReason: 'STOP' },
      ],
    });
  });

  it.each([
    ['gemini-2.5-flash', { thinkingBudget: 0 }, 1, [], true],
    ['gemini-2.5-flash-lite', { thinkingBudget: 0 }, 1, [], true],
    ['gemini-2.5-pro', { thinkingBudget: 128 }, 129, ['maxTokens'], false],
    ['models/gemini-2.5-pro', { thinkingBudget: 128 }, 129, ['maxTokens'], false],
    ['gemini-3-pro-preview', { thinkingLevel: 'low' }, 1025, ['maxTokens'], false],
    ['gemini-3-flash-preview', { thinkingLevel: 'minimal' }, 1025, ['maxTokens'], false],
  ])('sends %s the smallest thinking it accepts, with room for the thoughts it cannot skip', async (model, thinkingConfig, maxOutputTokens, unsupported, canTurnOff) => {
    const obs = await answer(fixture('gemini', 'generate-200.json'), model);
    expect(server?.received[0]).toMatchObject({ generationConfig: { temperature: 0, maxOutputTokens, thinkingConfig } });
    expect(obs).toMatchObject({ ok: true, unsupported, thinking: { canTurnOff } });
  });

  it('sends no thinkingConfig to models that do not think', async () => {
    const obs = await answer(fixture('gemini', 'generate-safety-200.json'), 'gemini-2.0-flash');
    expect(server?.received[0]).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Capital of France?' }] }],
      systemInstruction: { parts: [{ text: 'Answer with one word.' }] },
      generationConfig: { temperature: 0, maxOutputTokens: 1 },
    });
    expect(obs.ok ? obs.thinking : 'failed').toBeUndefined();
  });
});
