/**
 * Streamed Chat Completions (`stream: true`), used only for a canary's client-side token cap: the
 * events are assembled into the completion they stand for and read by the usual rules; an answer
 * the client stopped early is marked with the client-cap finish reason and its streamed token count.
 */
import { CLIENT_CAP_FINISH, type Observation } from '../../domain/observation.js';
import type { HttpResult } from '../../http/types.js';
import { MAX_JSON_DEPTH, tooDeep } from '../shared/body.js';
import { failedObservation, observe } from '../shared/observe.js';
import { arr, at, isRecord, str } from '../shared/json.js';
import type { WireSpec } from '../shared/wire.js';
import type { BuiltRequest, SampleContext } from '../types.js';

/**
 * The JSON payloads of an SSE body's `data:` lines (`[DONE]` dropped); null when one is not JSON,
 * `too_deep` when one nests deeper than tripline reads.
 */
export function sseData(text: string): unknown[] | null | 'too_deep' {
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const payload = line.slice(5).trim();
    if (payload === '[DONE]' || payload === '') continue;
    if (tooDeep(payload)) return 'too_deep';
    try {
      out.push(JSON.parse(payload));
    } catch {
      return null;
    }
  }
  return out;
}

/** The completion a list of chunks stands for, and how many content tokens they carried. */
export function assembleChatChunks(chunks: readonly unknown[]): { completion: Record<string, unknown>; contentChunks: number } {
  const first = chunks.find(isRecord) ?? {};
  let content = '';
  let refusal = '';
  let contentChunks = 0;
  let finish: unknown = null;
  let usage: unknown;
  const logprobs: unknown[] = [];
  for (const chunk of chunks) {
    const choice = at(chunk, 'choices', 0);
    const piece = str(at(choice, 'delta', 'content'));
    if (piece !== null && piece !== '') [content, contentChunks] = [content + piece, contentChunks + 1];
    refusal += str(at(choice, 'delta', 'refusal')) ?? '';
    logprobs.push(...arr(at(choice, 'logprobs', 'content')));
    finish = at(choice, 'finish_reason') ?? finish;
    usage = at(chunk, 'usage') ?? usage;
  }
  const completion: Record<string, unknown> = {
    id: at(first, 'id'),
    object: 'chat.completion',
    created: at(first, 'created'),
    model: at(first, 'model'),
    system_fingerprint: at(first, 'system_fingerprint'),
    service_tier: at(first, 'service_tier'),
    choices: [{ index: 0, message: { role: 'assistant', content, ...(refusal ? { refusal } : {}) }, finish_reason: finish, ...(logprobs.length ? { logprobs: { content: logprobs } } : {}) }],
    ...(usage !== undefined ? { usage } : {}),
  };
  return { completion, contentChunks };
}

/** Whether a built request asked for a streamed answer. */
export function isStreamed(built: BuiltRequest): boolean {
  return at(built.request.body, 'stream') === true;
}

/** parseResponse for a streamed Chat Completions answer. */
export function observeChatStream(spec: WireSpec, result: HttpResult, ctx: SampleContext, built: BuiltRequest, startedAt: Date): Observation {
  if (result.kind !== 'response' || result.response.status >= 300) return observe(spec, result, ctx, built, startedAt);
  const chunks = sseData(result.response.bodyText);
  if (chunks === 'too_deep') {
    const failure = { class: 'too_deep' as const, message: `HTTP ${result.response.status} with an event nested deeper than ${MAX_JSON_DEPTH} levels` };
    return failedObservation(result, ctx, built, startedAt, failure);
  }
  // Not an event stream (an error body sent as JSON, or garbage): the usual rules judge it.
  if (chunks === null || chunks.length === 0) return observe(spec, result, ctx, built, startedAt);
  const error = chunks.find((c) => at(c, 'error') !== undefined);
  const { completion, contentChunks } = assembleChatChunks(chunks);
  const bodyText = JSON.stringify(error ?? completion);
  const obs = observe(spec, { ...result, response: { ...result.response, bodyText } }, ctx, built, startedAt);
  if (!obs.ok || result.response.stoppedEarly !== true) return obs;
  // Cut by our own cap: no usage chunk came, so the streamed chunks (one token each) are the count.
  return {
    ...obs,
    finishReason: CLIENT_CAP_FINISH,
    usage: { input: null, output: contentChunks, cached: null, reasoning: null, total: null },
    schemaIssues: [],
  };
}
