import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { utf8Bytes, header } from '../http-io.js';
import { hash32, randomHex, type Rng } from '../rng.js';
import type { Generation } from '../model/types.js';
import type { Json } from '../scenarios/types.js';

/** Message content: a string or an array of text parts. */
export const OpenAiContent = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().optional() })),
  z.null(),
]);

/** The text of OpenAI message content. */
export function contentText(content: z.infer<typeof OpenAiContent> | undefined): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => p.text ?? '').join('');
}

/** True when the request carries an API key (`Authorization: Bearer` or Azure's `api-key`). */
export function hasOpenAiKey(req: IncomingMessage): boolean {
  const auth = header(req, 'authorization') ?? '';
  return /^Bearer\s+\S+/i.test(auth) || (header(req, 'api-key') ?? '').length > 0;
}

/** Reasoning (o-series) model ids, which refuse `max_tokens` and non-default temperature. */
export function isReasoningModelId(model: string): boolean {
  return /^o\d/.test(model);
}

/** OpenAI's `system_fingerprint` for a reported model (changes when the backend does). */
export function fingerprint(reportedModel: string): string {
  return `fp_${hash32('fingerprint', reportedModel).toString(16).padStart(8, '0')}${reportedModel.length.toString(16).padStart(2, '0')}`;
}

/** Chat Completions `choices[].logprobs.content`. */
export function chatLogprobs(gen: Generation): Json {
  return gen.tokens.map((t) => ({
    token: t.token,
    logprob: t.logprob,
    bytes: utf8Bytes(t.token),
    top_logprobs: t.top.map((a) => ({ token: a.token, logprob: a.logprob, bytes: utf8Bytes(a.token) })),
  }));
}

/** A random id with OpenAI's prefixes (`chatcmpl-`, `resp_`, `msg_`). */
export function openAiId(prefix: string, rng: Rng, length = 29): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = prefix;
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng.next() * alphabet.length)] ?? 'A';
  return out;
}

/** A random hex id with a prefix. */
export function hexId(prefix: string, rng: Rng, length = 48): string {
  return `${prefix}${randomHex(rng, length)}`;
}
