/**
 * Rendered bodies as the server-sent events each API streams (SimResponse `sse`), in the order the
 * providers document: Anthropic `message_start`, `content_block_start`, `ping`,
 * `content_block_delta`s, `content_block_stop`, `message_delta`, `message_stop`; the Responses API
 * `response.created` ... `response.completed`; Gemini `data:` chunks with the finish reason and
 * full usage on the last. Text is split at spaces (one delta per word).
 */
import type { Json, JsonObject, SseFrame } from '../scenarios/types.js';

const obj = (value: Json | undefined): JsonObject => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {});
const list = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);

/** Text split into the pieces a stream sends (words with their leading space); one empty piece for no text. */
export function pieces(text: string): string[] {
  const out = text.match(/\s*\S+/g) ?? [];
  return out.length > 0 ? out : [''];
}

const named = (event: string, data: JsonObject): SseFrame => ({ event, data: { type: event, ...data } });

/** An Anthropic message as its stream. */
export function anthropicStream(message: Json): SseFrame[] {
  const m = obj(message);
  const usage = obj(m['usage']);
  const text = String(obj(list(m['content'])[0])['text'] ?? '');
  return [
    named('message_start', { message: { ...m, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }),
    named('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    named('ping', {}),
    ...pieces(text).map((p) => named('content_block_delta', { index: 0, delta: { type: 'text_delta', text: p } })),
    named('content_block_stop', { index: 0 }),
    named('message_delta', { delta: { stop_reason: m['stop_reason'] ?? null, stop_sequence: null }, usage: { output_tokens: usage['output_tokens'] ?? 0 } }),
    named('message_stop', {}),
  ];
}

/** A Responses API response as its stream (sequence numbers as the API sends them). */
export function responsesStream(response: Json): SseFrame[] {
  const r = obj(response);
  const item = obj(list(r['output'])[0]);
  const part = obj(list(item['content'])[0]);
  const text = String(part['text'] ?? '');
  const pending = { ...r, status: 'in_progress', output: [], usage: null, incomplete_details: null };
  const itemStart = { ...item, status: 'in_progress', content: [] };
  const partStart = { ...part, text: '' };
  const terminal = r['status'] === 'incomplete' ? 'response.incomplete' : 'response.completed';
  const events: [string, JsonObject][] = [
    ['response.created', { response: pending }],
    ['response.in_progress', { response: pending }],
    ['response.output_item.added', { output_index: 0, item: itemStart }],
    ['response.content_part.added', { item_id: item['id'] ?? null, output_index: 0, content_index: 0, part: partStart }],
    ...pieces(text).map((p): [string, JsonObject] => ['response.output_text.delta', { item_id: item['id'] ?? null, output_index: 0, content_index: 0, delta: p }]),
    ['response.output_text.done', { item_id: item['id'] ?? null, output_index: 0, content_index: 0, text }],
    ['response.content_part.done', { item_id: item['id'] ?? null, output_index: 0, content_index: 0, part }],
    ['response.output_item.done', { output_index: 0, item }],
    [terminal, { response: r }],
  ];
  return events.map(([event, data], i) => named(event, { sequence_number: i, ...data }));
}

/** A Gemini response as its stream: the text in chunks, the last with finishReason and full usage. */
export function geminiStream(response: Json): SseFrame[] {
  const r = obj(response);
  const cand = obj(list(r['candidates'])[0]);
  const text = list(obj(cand['content'])['parts']).map((p) => String(obj(p)['text'] ?? '')).join('');
  const usage = obj(r['usageMetadata']);
  const chunks = pieces(text);
  return chunks.map((p, i) => {
    const last = i === chunks.length - 1;
    const candidate: JsonObject = { content: { role: 'model', parts: [{ text: p }] }, index: 0, ...(last && cand['finishReason'] !== undefined ? { finishReason: cand['finishReason'] } : {}) };
    return {
      data: {
        candidates: [candidate],
        usageMetadata: last ? usage : { promptTokenCount: usage['promptTokenCount'] ?? 0, totalTokenCount: usage['promptTokenCount'] ?? 0 },
        modelVersion: r['modelVersion'] ?? null,
        responseId: r['responseId'] ?? null,
      },
    };
  });
}
