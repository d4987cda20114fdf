/**
 * Streamed Chat Completions (`stream: true`), for a canary's client-side token cap or a streamed
 * canary (`stream: true`): the events are assembled into the completion they stand for and read by
 * the usual rules, and the stream's own contract is read for the stream probe. An answer the client
 * stopped early is marked with the client-cap finish reason and its streamed token count.
 */
import { CLIENT_CAP_FINISH, type Observation, type StreamReading } from '../../domain/observation.js';
import type { HttpResult } from '../../http/types.js';
import { arr, at, isRecord, str } from '../shared/json.js';
import { frameJson, readSse, type SseFrame } from '../shared/sse.js';
import { observeAssembled, streamEvents, streamReading } from '../shared/stream-reading.js';
import type { WireSpec } from '../shared/wire.js';
import type { BuiltRequest, SampleContext } from '../types.js';

export { isStreamed } from '../shared/stream-reading.js';

/** The JSON payloads of an SSE body's events (`[DONE]` dropped); null when one is not JSON, `too_deep` as above. */
export function sseData(text: string): unknown[] | null | 'too_deep' {
  return frameJson(readSse(text).frames, (d) => d === '[DONE]');
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
    ...(usage !== undefined && usage !== null ? { usage } : {}),
  };
  return { completion, contentChunks };
}

/** What a chunk is: its role, content, refusal or finish delta; a chunk with empty choices and usage is the usage report. */
function chunkType(chunk: unknown): string {
  const choices = arr(at(chunk, 'choices'));
  const choice = choices[0];
  if (choices.length === 0) return isRecord(at(chunk, 'usage')) ? 'usage' : 'chunk.empty';
  if (at(choice, 'finish_reason') !== null && at(choice, 'finish_reason') !== undefined) return 'chunk.finish';
  if (str(at(choice, 'delta', 'role')) !== null) return 'chunk.role';
  if (str(at(choice, 'delta', 'refusal'))) return 'chunk.refusal';
  return str(at(choice, 'delta', 'content')) ? 'chunk.content' : 'chunk';
}

/** The Chat Completions stream contract: chunk kinds in order, the include_usage chunk, `[DONE]`. */
export function chatStreamReading(frames: readonly SseFrame[], chunks: readonly unknown[], comments: number): StreamReading {
  const types = chunks.map(chunkType);
  return streamReading(
    types.filter((t) => t !== 'usage'),
    { usage: chunks.some((c) => isRecord(at(c, 'usage'))), terminator: frames.some((f) => f.data.trim() === '[DONE]'), keepAlives: comments },
  );
}

/** parseResponse for a streamed Chat Completions answer. */
export function observeChatStream(spec: WireSpec, result: HttpResult, ctx: SampleContext, built: BuiltRequest, startedAt: Date): Observation {
  const stream = streamEvents(spec, result, ctx, built, startedAt, (d) => d === '[DONE]');
  if (!stream.ok) return stream.observation;
  const { allFrames: frames, payloads: chunks, comments } = stream;
  const error = chunks.find((c) => at(c, 'error') !== undefined);
  const { completion, contentChunks } = assembleChatChunks(chunks);
  const obs = observeAssembled(spec, result, ctx, built, startedAt, { body: error ?? completion, reading: chatStreamReading(frames, chunks, comments) });
  if (!obs.ok || result.kind !== 'response' || result.response.stoppedEarly !== true) return obs;
  // Cut by our own cap: no usage chunk came, so the streamed chunks (one token each) are the count.
  return {
    ...obs,
    finishReason: CLIENT_CAP_FINISH,
    usage: { input: null, output: contentChunks, cached: null, reasoning: null, total: null },
    schemaIssues: [],
  };
}
