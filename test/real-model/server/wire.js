// Chat Completions wire format of the real-model server: request reading and the response body.
import { Buffer } from 'node:buffer';

const DEFAULT_MAX_TOKENS = 64;

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/**
 * The fields of a Chat Completions request the server honours, or `{ error }`.
 * @returns {{ model: string, messages: {role: string, content: string}[], temperature: number,
 *   topP: number, seed: number, maxTokens: number, logprobs: boolean, topLogprobs: number } | { error: string }}
 */
export function parseChatRequest(body) {
  if (typeof body !== 'object' || body === null) return { error: 'body is not a JSON object' };
  const { model, messages, temperature = 1, top_p: topP = 1, seed, logprobs = false, top_logprobs: topLogprobs = 0 } = body;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS;
  if (typeof model !== 'string') return { error: 'model is required' };
  if (!Array.isArray(messages) || messages.length === 0) return { error: 'messages must be a non-empty array' };
  if (!messages.every((m) => typeof m?.content === 'string')) return { error: 'every message needs string content' };
  if (!isNum(temperature) || temperature < 0 || temperature > 2) return { error: 'temperature must be in [0, 2]' };
  if (!isNum(topP) || topP < 0 || topP > 1) return { error: 'top_p must be in [0, 1]' };
  if (!Number.isInteger(maxTokens) || maxTokens < 1) return { error: 'max_tokens must be a positive integer' };
  if (!Number.isInteger(topLogprobs) || topLogprobs < 0 || topLogprobs > 20) return { error: 'top_logprobs must be in [0, 20]' };
  if (topLogprobs > 0 && !logprobs) return { error: 'top_logprobs requires logprobs: true' };
  if (seed !== undefined && !Number.isInteger(seed)) return { error: 'seed must be an integer' };
  return {
    model,
    messages,
    temperature,
    topP,
    // Like hosted APIs, no seed means a fresh one: only temperature 0 (or a seed) reproduces.
    seed: seed ?? Math.floor(Math.random() * 2 ** 32),
    maxTokens,
    logprobs: logprobs === true,
    topLogprobs,
  };
}

/**
 * A base (story) model has no chat template: the system prompt and the message contents, in order,
 * are the text it continues.
 */
export function renderPrompt(messages) {
  return messages.map((m) => m.content).join('\n');
}

/** The Chat Completions success body for one generation. */
export function completionBody({ id, model, result, logprobs }) {
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: 'fp_node-llama-cpp-3.22.1',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: result.text },
        logprobs: logprobs
          ? {
              content: result.steps.map((s) => ({
                token: s.token,
                logprob: s.logprob,
                bytes: [...Buffer.from(s.token, 'utf8')],
                top_logprobs: s.top.map((t) => ({ token: t.token, logprob: t.logprob, bytes: [...Buffer.from(t.token, 'utf8')] })),
              })),
            }
          : null,
        finish_reason: result.finishReason,
      },
    ],
    usage: {
      prompt_tokens: result.promptTokens,
      completion_tokens: result.completionTokens,
      total_tokens: result.promptTokens + result.completionTokens,
    },
  };
}
