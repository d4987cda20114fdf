/**
 * Size bounds on what an observation keeps of a response, so that memory during a cycle and the
 * size of snapshot files stay bounded whatever a provider sends (a 30 MB answer, a 5 MB model id).
 */
import { createHash } from 'node:crypto';
import type { CacheReading, ChoiceReading, TokenLogprob } from '../../domain/observation.js';
import type { Extracted } from './wire.js';

/** Bytes of an answer's text kept per sample (in observations, snapshots and the state). */
export const MAX_TEXT_BYTES = 16 * 1024;
/** Characters kept of a short field: model id, fingerprint, finish reason, header and enum values. */
export const MAX_FIELD_CHARS = 256;
/** Output tokens kept with their logprobs, and alternatives kept per token. */
export const MAX_LOGPROB_TOKENS = 1024;
export const MAX_TOP_LOGPROBS = 20;
/** Answers kept of a response that carried several (OpenAI `n`, Gemini `candidateCount`). */
export const MAX_CHOICES = 16;

/**
 * `text` when it fits in `maxBytes` (UTF-8), else its first `maxBytes` bytes (cut at a character
 * boundary) followed by `…[N bytes, sha256 H]` for the whole text: two long answers stay equal
 * exactly when they were equal, and the stored form never grows with the answer.
 */
export function boundText(text: string, maxBytes = MAX_TEXT_BYTES): string {
  if (text.length <= maxBytes / 3) return text; // at most 3 UTF-8 bytes per UTF-16 unit
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--; // back to a character start
  const sha = createHash('sha256').update(bytes).digest('hex');
  return `${bytes.subarray(0, end).toString('utf8')}…[${bytes.length} bytes, sha256 ${sha}]`;
}

/** A short field cut to `MAX_FIELD_CHARS`, with the same length-and-hash tail as `boundText`. */
export function boundField(value: string): string;
export function boundField(value: string | null): string | null;
export function boundField(value: string | null): string | null {
  return value === null ? null : boundText(value, MAX_FIELD_CHARS);
}

function boundLogprobs(logprobs: TokenLogprob[] | null): TokenLogprob[] | null {
  if (logprobs === null) return null;
  return logprobs.slice(0, MAX_LOGPROB_TOKENS).map((t) => ({
    token: boundField(t.token),
    logprob: t.logprob,
    top: t.top.slice(0, MAX_TOP_LOGPROBS).map((a) => ({ token: boundField(a.token), logprob: a.logprob })),
  }));
}

/** What an adapter extracted, every field within its bound. */
export function boundExtracted(x: Extracted): Extracted {
  return {
    ...x,
    text: boundText(x.text),
    finishReason: boundField(x.finishReason),
    modelReported: boundField(x.modelReported),
    fingerprint: boundField(x.fingerprint),
    logprobs: boundLogprobs(x.logprobs),
    modelStatus: x.modelStatus && {
      stage: boundField(x.modelStatus.stage),
      retirementTime: boundField(x.modelStatus.retirementTime),
      message: boundField(x.modelStatus.message),
    },
    ...(x.refusal !== undefined ? { refusal: boundText(x.refusal) } : {}),
    ...(x.choices !== undefined ? { choices: x.choices.slice(0, MAX_CHOICES).map(boundChoice) } : {}),
    ...(x.requestId !== undefined ? { requestId: boundField(x.requestId) } : {}),
  };
}

function boundChoice(c: ChoiceReading): ChoiceReading {
  return { text: boundText(c.text), finishReason: boundField(c.finishReason), ...(c.refusal !== undefined ? { refusal: boundText(c.refusal) } : {}) };
}

/** Cache accounting within bounds: the echoed retention is a provider-chosen string. */
export function boundCache(c: CacheReading): CacheReading {
  return { ...c, retention: boundField(c.retention) };
}
