/**
 * The cached prefix each target is sent (src/probes/cache/prefix.ts): the shipped prompt-cache table
 * cut to the whole rows that clear the target's minimum cacheable prefix, so a model that caches from
 * 1,024 tokens is not sent the 4,096-token minimum of another.
 */
import { describe, expect, it } from 'vitest';
import { cache } from '../../src/probes/cache/index.js';
import { minCacheablePrefixTokens, PREFIX_CHARS_PER_TOKEN, withCachePrefixFor } from '../../src/probes/cache/prefix.js';
import { shippedCanary } from '../support/shipped-canaries.js';

const shipped = shippedCanary('prompt-cache');
const table = shipped.request.system!;

describe('src/probes/cache/prefix.ts', () => {
  it.each([
    ['openai', 'gpt-4o-mini', 1024],
    ['azure-openai', 'my-deployment', 1024],
    ['openai-compatible', 'llama-3.1-8b-instruct', 1024],
    ['anthropic', 'claude-sonnet-4-5', 1024],
    ['anthropic', 'claude-opus-4-1', 1024],
    ['anthropic', 'claude-3-5-haiku-20241022', 2048],
    ['anthropic', 'claude-haiku-4-5', 4096],
    ['anthropic', 'claude-opus-4-5', 4096],
    ['anthropic', 'claude-next', null],
    ['gemini', 'gemini-2.5-flash', 1024],
    ['gemini', 'gemini-2.5-pro', null],
  ])('the minimum cacheable prefix of %s %s is %s tokens', (type, model, min) => {
    expect(minCacheablePrefixTokens({ type, model })).toBe(min);
  });

  it('a model that caches from 1,024 tokens gets the shortest run of whole rows at 4.5 characters a token, the question\'s row included', () => {
    const sent = withCachePrefixFor(shipped, { type: 'openai', model: 'gpt-4o-mini' }).request.system!;
    expect(table.startsWith(sent)).toBe(true);
    expect(table[sent.length]).toBe('\n');
    expect(sent.length).toBeGreaterThanOrEqual(1024 * PREFIX_CHARS_PER_TOKEN);
    expect(sent.length - sent.slice(0, sent.lastIndexOf('\n')).length).toBeLessThan(200);
    expect(sent.slice(0, sent.lastIndexOf('\n')).length).toBeLessThan(1024 * PREFIX_CHARS_PER_TOKEN);
    expect(sent.length).toBeLessThan(table.length / 3);
    expect(sent).toContain('code AX-017 belongs');
    expect(shipped.request.messages.at(-1)!.content).toContain('AX-017');
  });

  it('the whole table where the minimum is 4,096 tokens or not known (the table is written for the largest)', () => {
    expect(withCachePrefixFor(shipped, { type: 'anthropic', model: 'claude-haiku-4-5' })).toBe(shipped);
    expect(withCachePrefixFor(shipped, { type: 'gemini', model: 'gemini-2.5-pro' })).toBe(shipped);
    expect(table.length).toBeGreaterThanOrEqual(3.6 * 4096);
  });

  it('leaves canaries without promptCache alone, and is what the cache probe sends', () => {
    const plain = { ...shipped, request: { ...shipped.request, params: { ...shipped.request.params, promptCache: false } } };
    expect(withCachePrefixFor(plain, { type: 'openai', model: 'gpt-4o-mini' })).toBe(plain);
    const target = { type: 'gemini', model: 'gemini-2.5-flash' };
    expect(cache.adjustCanary!(shipped, undefined, target)).toEqual(withCachePrefixFor(shipped, target));
  });
});
