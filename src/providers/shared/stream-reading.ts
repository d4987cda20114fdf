import type { Observation, StreamReading } from '../../domain/observation.js';
import type { HttpResult } from '../../http/types.js';
import type { BuiltRequest, SampleContext } from '../types.js';
import { MAX_JSON_DEPTH } from './body.js';
import { failedObservation, observe } from './observe.js';
import { frameJson, readSse, type SseFrame } from './sse.js';
import type { WireSpec } from './wire.js';

/** Event types kept per stream, and characters per type: a hostile stream's endless variety is cut. */
const MAX_EVENTS = 64;
const MAX_TYPE_CHARS = 64;
export const EVENTS_CUT = '…';

/** A stream's reading from its event types in arrival order (repeats collapsed, bounded). */
export function streamReading(types: readonly string[], facts: Omit<StreamReading, 'events'>): StreamReading {
  const events: string[] = [];
  for (const type of types) {
    const t = type.slice(0, MAX_TYPE_CHARS);
    if (events[events.length - 1] === t) continue;
    if (events.length === MAX_EVENTS) {
      events.push(EVENTS_CUT);
      break;
    }
    events.push(t);
  }
  return { events, ...facts };
}

/**
 * The observation of a streamed answer: the body its events stand for, read by the wire format's
 * usual rules, with the stream's own reading attached. A response that is no event stream (an
 * error sent as JSON) is judged as it came.
 */
export function observeAssembled(
  spec: WireSpec,
  result: HttpResult,
  ctx: SampleContext,
  built: BuiltRequest,
  startedAt: Date,
  assembled: { body: unknown; reading: StreamReading } | null,
): Observation {
  if (result.kind !== 'response' || assembled === null) return observe(spec, result, ctx, built, startedAt);
  const bodyText = JSON.stringify(assembled.body);
  const obs = observe(spec, { ...result, response: { ...result.response, bodyText } }, ctx, built, startedAt);
  return obs.ok ? { ...obs, stream: assembled.reading } : obs;
}

/** Whether a built request asked for a streamed answer (`stream: true` in the body, or Gemini's SSE URL). */
export function isStreamed(built: BuiltRequest): boolean {
  const body = built.request.body;
  return (typeof body === 'object' && body !== null && (body as Record<string, unknown>)['stream'] === true) || built.request.url.includes('alt=sse');
}

/** A streamed answer's events, or the observation that ends it before they are read. */
export type StreamEvents =
  | { ok: true; frames: SseFrame[]; allFrames: SseFrame[]; payloads: unknown[]; comments: number }
  | { ok: false; observation: Observation };

/**
 * The JSON payload of each non-empty SSE frame (`frames[i]` carries `payloads[i]`'s `event:` name;
 * `allFrames` keeps the skipped ones too, e.g. Chat's `[DONE]`),
 * shared by every wire format: an error status or a body that is no event stream (an error sent as
 * JSON, garbage) is judged by the usual rules, a payload nested too deep is a failure.
 */
export function streamEvents(
  spec: WireSpec,
  result: HttpResult,
  ctx: SampleContext,
  built: BuiltRequest,
  startedAt: Date,
  skip?: (data: string) => boolean,
): StreamEvents {
  if (result.kind !== 'response' || result.response.status >= 300) return { ok: false, observation: observeAssembled(spec, result, ctx, built, startedAt, null) };
  const read = readSse(result.response.bodyText);
  const frames = read.frames.filter((f) => f.data.trim() !== '' && !(skip?.(f.data.trim()) ?? false));
  const payloads = frameJson(frames);
  if (payloads === 'too_deep') {
    const failure = { class: 'too_deep' as const, message: `HTTP ${result.response.status} with an event nested deeper than ${MAX_JSON_DEPTH} levels` };
    return { ok: false, observation: failedObservation(result, ctx, built, startedAt, failure) };
  }
  if (payloads === null || payloads.length === 0) return { ok: false, observation: observeAssembled(spec, result, ctx, built, startedAt, null) };
  return { ok: true, frames, allFrames: read.frames, payloads, comments: read.comments };
}
