/**
 * Streamed Responses API answers (`stream: true`): `response.created`, `response.in_progress`,
 * output item, content part and `response.output_text.delta` events, then one terminal event
 * (`response.completed`, `response.incomplete` or `response.failed`) that carries the whole
 * response object. That object is the answer read by the usual rules; the events are the contract.
 */
import type { Observation } from '../../domain/observation.js';
import type { HttpResult } from '../../http/types.js';
import { at, isRecord, str } from '../shared/json.js';
import { observeAssembled, streamEvents, streamReading } from '../shared/stream-reading.js';
import type { WireSpec } from '../shared/wire.js';
import type { BuiltRequest, SampleContext } from '../types.js';

/** The events that end a response stream, each carrying the final response object. */
export const RESPONSES_TERMINAL = ['response.completed', 'response.incomplete', 'response.failed'] as const;
const isTerminal = (type: string): boolean => (RESPONSES_TERMINAL as readonly string[]).includes(type);

/** The response a stream stands for: the terminal event's, else the last one seen with the streamed text. */
function assemble(events: readonly { type: string; data: unknown }[]): unknown {
  const error = events.find((e) => e.type === 'error');
  if (error) return { error: at(error.data, 'error') ?? error.data };
  const terminal = events.find((e) => isTerminal(e.type));
  if (terminal) return at(terminal.data, 'response');
  const last = [...events].reverse().find((e) => isRecord(at(e.data, 'response')));
  const text = events
    .filter((e) => e.type === 'response.output_text.delta')
    .map((e) => str(at(e.data, 'delta')) ?? '')
    .join('');
  const partial = isRecord(at(last?.data, 'response')) ? (at(last?.data, 'response') as Record<string, unknown>) : {};
  return { ...partial, output: [{ type: 'message', content: [{ type: 'output_text', text }] }] };
}

/** parseResponse for a streamed Responses API answer. */
export function observeResponsesStream(spec: WireSpec, result: HttpResult, ctx: SampleContext, built: BuiltRequest, startedAt: Date): Observation {
  const stream = streamEvents(spec, result, ctx, built, startedAt);
  if (!stream.ok) return stream.observation;
  const { frames, payloads } = stream;
  // Each data payload names its own type; the `event:` line says the same where it is sent.
  const events = payloads.map((data, i) => ({ type: frames[i]?.event ?? str(at(data, 'type')) ?? 'message', data }));
  const terminal = events.find((e) => isTerminal(e.type));
  const reading = streamReading(
    events.map((e) => e.type).filter((t) => !isTerminal(t)),
    { usage: isRecord(at(terminal?.data, 'response', 'usage')), terminator: terminal !== undefined, keepAlives: stream.comments },
  );
  return observeAssembled(spec, result, ctx, built, startedAt, { body: assemble(events), reading });
}
