/**
 * Streamed generateContent (`:streamGenerateContent?alt=sse`): `data:` lines only, each a whole
 * GenerateContentResponse with the next parts of the candidate; the last carries `finishReason`
 * and the full `usageMetadata`. There is no end event: the stream closes after the finishing chunk,
 * which is what stands for the terminator.
 */
import type { Observation } from '../../domain/observation.js';
import type { HttpResult } from '../../http/types.js';
import { arr, at, isRecord, str } from '../shared/json.js';
import { observeAssembled, streamEvents, streamReading } from '../shared/stream-reading.js';
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
  const stream = streamEvents(spec, result, ctx, built, startedAt);
  if (!stream.ok) return stream.observation;
  const { payloads: chunks } = stream;
  const reading = streamReading(chunks.map(chunkType), {
    usage: chunks.some((c) => typeof at(c, 'usageMetadata', 'totalTokenCount') === 'number'),
    terminator: chunks.some((c) => finishOf(c) !== undefined && finishOf(c) !== null),
    keepAlives: stream.comments,
  });
  return observeAssembled(spec, result, ctx, built, startedAt, { body: assemble(chunks), reading });
}
