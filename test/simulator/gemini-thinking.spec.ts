import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { geminiGenerate, list, rec, start } from './helpers.js';

const ask = { contents: [{ role: 'user', parts: [{ text: 'Capital of France? Answer in one word.' }] }] };

describe('src/simulator/routes/gemini-thinking: thoughts count against maxOutputTokens', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await start();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('a thinking model left to think spends maxOutputTokens 1 on thoughts: content without parts, MAX_TOKENS, no candidates count', async () => {
    const r = await geminiGenerate(sim, { ...ask, generationConfig: { maxOutputTokens: 1 } }, 'gemini-2.5-flash');
    const candidate = list(r.body['candidates'])[0] ?? {};
    expect(candidate['content']).toEqual({ role: 'model' });
    expect(candidate['finishReason']).toBe('MAX_TOKENS');
    const usage = rec(r.body['usageMetadata']);
    expect(usage['candidatesTokenCount']).toBeUndefined();
    expect(usage['thoughtsTokenCount']).toBe(1);
    expect(usage['totalTokenCount']).toBe(Number(usage['promptTokenCount']) + 1);
  });

  it('thinkingBudget 0 turns thinking off where the model allows it: the one token is the answer', async () => {
    const r = await geminiGenerate(sim, { ...ask, generationConfig: { maxOutputTokens: 1, thinkingConfig: { thinkingBudget: 0 } } }, 'gemini-2.5-flash');
    const candidate = list(r.body['candidates'])[0] ?? {};
    expect(list(rec(candidate['content'])['parts'])).toHaveLength(1);
    expect(rec(r.body['usageMetadata'])).toMatchObject({ candidatesTokenCount: 1, thoughtsTokenCount: 0 });
  });

  it.each([
    ['gemini-2.5-pro', { thinkingBudget: 0 }, 'Budget 0 is invalid. This model only works in thinking mode.'],
    ['gemini-2.5-pro', { thinkingBudget: 64 }, 'The thinking budget 64 is invalid. Please choose a value between 128 and 32768.'],
    ['gemini-2.5-flash', { thinkingLevel: 'low' }, 'Thinking level is not supported for this model.'],
  ])('%s refuses thinkingConfig %j with a 400', async (model, thinkingConfig, message) => {
    const r = await geminiGenerate(sim, { ...ask, generationConfig: { maxOutputTokens: 1, thinkingConfig } }, model);
    expect(r.status).toBe(400);
    expect(rec(r.body['error'])['message']).toContain(message);
  });

  it('2.5 Pro with the minimum budget and room for it answers after thinking', async () => {
    const r = await geminiGenerate(sim, { ...ask, generationConfig: { maxOutputTokens: 129, thinkingConfig: { thinkingBudget: 128 } } }, 'gemini-2.5-pro');
    const usage = rec(r.body['usageMetadata']);
    expect(Number(usage['thoughtsTokenCount'])).toBeGreaterThan(0);
    expect(Number(usage['thoughtsTokenCount'])).toBeLessThanOrEqual(128);
    expect(Number(usage['candidatesTokenCount'])).toBeGreaterThan(0);
  });
});
