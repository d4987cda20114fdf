import { describe, expect, it } from 'vitest';
import { CLIENT_CAP_FINISH } from '../../src/domain/observation.js';
import { openai } from '../../src/providers/openai/index.js';
import { openaiCompatible } from '../../src/providers/openai-compatible/index.js';
import { anthropic } from '../../src/providers/anthropic/index.js';
import { gemini } from '../../src/providers/gemini/index.js';
import { fixture, makeCanary, makeCtx, responseResult, STARTED } from './support.js';

const capped = makeCanary({ temperature: 0, clientMaxTokens: 4 });
const ctx = makeCtx('openai', 'gpt-4.1-nano', {}, capped);
const STREAM = fixture('openai', 'chat-stream-200.sse');

/** The fixture as the HTTP client returns it when it stops after `events` events. */
function cutAfter(events: number): ReturnType<typeof responseResult> {
  const kept = STREAM.split('\n\n').slice(0, events).map((e) => `${e}\n\n`).join('');
  const r = responseResult(200, kept, { 'content-type': 'text/event-stream' });
  return r.kind === 'response' ? { ...r, response: { ...r.response, stoppedEarly: true } } : r;
}

describe('src/providers/openai-wire/stream (client-side token cap)', () => {
  it('streams a canary with clientMaxTokens and no maxTokens, stopping after the role chunk plus the cap', () => {
    const built = openai.buildRequest(ctx);
    expect(built.request.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(built.request.body).not.toHaveProperty('max_tokens');
    expect(built.request.stopAfterEvents).toBe(5);
    const plain = openai.buildRequest(makeCtx('openai', 'gpt-4.1-nano', {}, makeCanary({ maxTokens: 64, clientMaxTokens: 4 })));
    expect(plain.request.body).not.toHaveProperty('stream');
    expect(plain.request.stopAfterEvents).toBeUndefined();
    expect(openaiCompatible.buildRequest(makeCtx('openai-compatible', 'm', { baseUrl: 'http://127.0.0.1:1/v1' }, capped)).request.stopAfterEvents).toBe(5);
  });

  it('reads a whole recorded stream as the completion it stands for', () => {
    const built = openai.buildRequest(ctx);
    const obs = openai.parseResponse(responseResult(200, STREAM, { 'content-type': 'text/event-stream' }), ctx, built, STARTED);
    expect(obs.ok).toBe(true);
    if (!obs.ok) return;
    expect(obs).toMatchObject({
      text: '**Holiday Name:** Harmony Day',
      finishReason: 'stop',
      usage: { input: 16, output: 6, cached: 0, reasoning: 0, total: 22 },
      modelReported: 'gpt-4.1-nano-2025-04-14',
      fingerprint: 'fp_de604bd877',
      schemaIssues: [],
    });
    expect(obs.enums['$.choices[].finish_reason']).toBe('stop');
  });

  it('marks an answer the client stopped with the client-cap finish reason and its streamed token count', () => {
    const built = openai.buildRequest(ctx);
    const obs = openai.parseResponse(cutAfter(5), ctx, built, STARTED);
    expect(obs.ok).toBe(true);
    if (!obs.ok) return;
    expect(obs).toMatchObject({ text: '**Holiday Name:**', finishReason: CLIENT_CAP_FINISH, usage: { input: null, output: 4, total: null }, schemaIssues: [] });
  });

  it('a server that ignores stream: true and answers with JSON is read as usual', () => {
    const built = openai.buildRequest(ctx);
    const obs = openai.parseResponse(responseResult(200, fixture('openai', 'chat-200.json')), ctx, built, STARTED);
    expect(obs.ok && obs.text).toBe('Hello!');
    expect(obs.ok && obs.finishReason).toBe('stop');
  });

  it('an error sent as a JSON body or as an event stays a failure, and garbage is non-JSON', () => {
    const built = openai.buildRequest(ctx);
    const asJson = openai.parseResponse(responseResult(200, '{"error":{"message":"boom","code":"server_error"}}'), ctx, built, STARTED);
    expect(asJson.ok === false && asJson.failure.class).toBe('status_body_mismatch');
    const asEvent = openai.parseResponse(responseResult(200, 'data: {"error":{"message":"overloaded","code":"server_error"}}\n\n'), ctx, built, STARTED);
    expect(asEvent.ok === false && asEvent.failure.message).toMatch(/overloaded/);
    const garbage = openai.parseResponse(responseResult(200, 'data: {"id":\n\n'), ctx, built, STARTED);
    expect(garbage.ok).toBe(false);
  });

  it('providers without streaming send the client cap as max tokens and say so', () => {
    const a = anthropic.buildRequest(makeCtx('anthropic', 'claude-haiku-4-5', {}, capped));
    expect(a.request.body).toMatchObject({ max_tokens: 4 });
    expect(a.unsupported).toContain('clientMaxTokens');
    const g = gemini.buildRequest(makeCtx('gemini', 'gemini-2.5-flash', {}, capped));
    expect(g.request.body).toMatchObject({ generationConfig: { maxOutputTokens: 4 } });
    expect(g.unsupported).toContain('clientMaxTokens');
    const r = openai.buildRequest(makeCtx('openai', 'gpt-4.1-nano', { api: 'responses' }, capped));
    // The Responses API refuses max_output_tokens below 16: the cap of 4 is raised to the minimum.
    expect(r.request.body).toMatchObject({ max_output_tokens: 16 });
    expect(r.unsupported).toContain('clientMaxTokens');
  });
});
