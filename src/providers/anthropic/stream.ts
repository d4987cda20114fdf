/**
 * Streamed Messages (`stream: true`): `message_start` (the message with empty content and the input
 * usage), then per content block `content_block_start`, `content_block_delta`s and
 * `content_block_stop`, `ping`s anywhere, `message_delta` (stop reason and output usage) and
 * `message_stop`. The events are assembled into the message they stand for.
 */
import type { Observation } from '../../domain/observation.js';
import type { HttpResult } from '../../http/types.js';
import { at, isRecord, num, str } from '../shared/json.js';
import { observeAssembled, streamEvents, streamReading } from '../shared/stream-reading.js';
import type { WireSpec } from '../shared/wire.js';
import type { BuiltRequest, SampleContext } from '../types.js';

interface Event {
  type: string;
  data: unknown;
}

/** The message the events stand for (text blocks joined per index, usage from start and delta). */
function assemble(events: readonly Event[]): unknown {
  const error = events.find((e) => e.type === 'error');
  if (error) return error.data;
  const start = events.find((e) => e.type === 'message_start');
  const message = isRecord(at(start?.data, 'message')) ? { ...(at(start?.data, 'message') as Record<string, unknown>) } : {};
  const blocks = new Map<number, Record<string, unknown>>();
  for (const e of events) {
    const index = num(at(e.data, 'index')) ?? 0;
    if (e.type === 'content_block_start' && isRecord(at(e.data, 'content_block'))) blocks.set(index, { ...(at(e.data, 'content_block') as Record<string, unknown>) });
    if (e.type === 'content_block_delta') {
      const block = blocks.get(index) ?? { type: 'text', text: '' };
      const text = str(at(e.data, 'delta', 'text'));
      if (text !== null) block['text'] = `${str(block['text']) ?? ''}${text}`;
      blocks.set(index, block);
    }
  }
  const delta = [...events].reverse().find((e) => e.type === 'message_delta');
  const usage = { ...(isRecord(message['usage']) ? message['usage'] : {}), ...(isRecord(at(delta?.data, 'usage')) ? (at(delta?.data, 'usage') as Record<string, unknown>) : {}) };
  return {
    ...message,
    content: [...blocks.entries()].sort(([a], [b]) => a - b).map(([, block]) => block),
    stop_reason: at(delta?.data, 'delta', 'stop_reason') ?? message['stop_reason'] ?? null,
    stop_sequence: at(delta?.data, 'delta', 'stop_sequence') ?? message['stop_sequence'] ?? null,
    // Without a message_delta usage the message_start's input usage is all there is.
    ...(Object.keys(usage).length > 0 ? { usage } : {}),
  };
}

/** parseResponse for a streamed Messages answer. */
export function observeAnthropicStream(spec: WireSpec, result: HttpResult, ctx: SampleContext, built: BuiltRequest, startedAt: Date): Observation {
  const stream = streamEvents(spec, result, ctx, built, startedAt);
  if (!stream.ok) return stream.observation;
  const { frames, payloads } = stream;
  const events = payloads.map((data, i): Event => ({ type: frames[i]?.event ?? str(at(data, 'type')) ?? 'message', data }));
  const pings = events.filter((e) => e.type === 'ping').length;
  const reading = streamReading(
    events.map((e) => e.type).filter((t) => t !== 'ping' && t !== 'message_stop'),
    {
      usage: events.some((e) => e.type === 'message_delta' && isRecord(at(e.data, 'usage'))),
      terminator: events.some((e) => e.type === 'message_stop'),
      keepAlives: stream.comments + pings,
    },
  );
  return observeAssembled(spec, result, ctx, built, startedAt, { body: assemble(events), reading });
}
