/**
 * Streamed generateContent (`:streamGenerateContent?alt=sse`): `data:` lines only, each a whole
 * GenerateContentResponse with the next parts of the candidate; the last carries `finishReason`
 * and the full `usageMetadata`. There is no end event: the stream closes after the finishing chunk,
 * which is what stands for the terminator.
 */
import type { Observation } from '../../domain/observation.js';
import type { HttpResult } from '../../http/types.js';
import { MAX_JSON_DEPTH } from '../shared/body.js';
import { arr, at, isRecord, str } from '../shared/json.js';
import { failedObservation } from '../shared/observe.js';
import { frameJson, readSse } from '../shared/sse.js';
import { observeAssembled, streamReading } from '../shared/stream-reading.js';
import type { WireSpec } from '../shared/wire.js';
import type { BuiltRequest, SampleContext } from '../types.js';

const finishOf = (chunk: unknown): unknown => at(chunk, 'candidates', 0, 'finishReason');

/** What a chunk carries: answer text, thoughts, or neither. */
function chunkType(chunk: unknown): string {
  const parts = arr(at(chunk, 'candidates', 0, 'content', 'parts'));
  if (parts.some((p) => at(p, 'thought') === true)) return 'chunk.thought';
  return parts.some((p) => typeof at(p, 'text') === 'string') ? 'chunk.text' : 'chunk';
}

/** The response the chunks stand for: candidate 0's parts joined, the last finish reason and usage. */
function assemble(chunks: readonly unknown[]): unknown {
  const error = chunks.find((c) => at(c, 'error') !== undefined);
  if (error) return error;
  const last = chunks[chunks.length - 1];
  const text = chunks.flatMap((c) => arr(at(c, 'candidates', 0, 'content', 'parts'))).filter((p) => at(p, 'thought') !== true).map((p) => str(at(p, 'text')) ?? '').join('');
  const finish = [...chunks].reverse().map(finishOf).find((f) => f !== undefined);
  const usage = [...chunks].reverse().map((c) => at(c, 'usageMetadata')).find(isRecord);
  const candidate = { ...(isRecord(at(last, 'candidates', 0)) ? (at(last, 'candidates', 0) as Record<string, unknown>) : {}), content: { role: 'model', parts: [{ text }] }, ...(finish !== undefined ? { finishReason: finish } : {}) };
  return {
    ...(isRecord(last) ? last : {}),
    candidates: [candidate],
    ...(usage ? { usageMetadata: usage } : {}),
  };
}

/** parseResponse for a streamed Gemini answer. */
export function observeGeminiStream(spec: WireSpec, result: HttpResult, ctx: SampleContext, built: BuiltRequest, startedAt: Date): Observation {
  if (result.kind !== 'response' || result.response.status >= 300) return observeAssembled(spec, result, ctx, built, startedAt, null);
  const read = readSse(result.response.bodyText);
  const chunks = frameJson(read.frames);
  if (chunks === 'too_deep') {
    const failure = { class: 'too_deep' as const, message: `HTTP ${result.response.status} with an event nested deeper than ${MAX_JSON_DEPTH} levels` };
    return failedObservation(result, ctx, built, startedAt, failure);
  }
  if (chunks === null || chunks.length === 0) return observeAssembled(spec, result, ctx, built, startedAt, null);
  const reading = streamReading(chunks.map(chunkType), {
    usage: chunks.some((c) => typeof at(c, 'usageMetadata', 'totalTokenCount') === 'number'),
    terminator: chunks.some((c) => finishOf(c) !== undefined && finishOf(c) !== null),
    keepAlives: read.comments,
  });
  return observeAssembled(spec, result, ctx, built, startedAt, { body: assemble(chunks), reading });
}
