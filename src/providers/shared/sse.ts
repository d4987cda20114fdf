/**
 * Server-sent events of a (bounded) body, parsed with eventsource-parser: `event:` names, `data:`
 * payloads and comment lines (`: keep-alive`). The body was read under the provider's byte limit;
 * the parser's own buffer limit keeps one unterminated line or event from growing past it.
 */
import { createParser } from 'eventsource-parser';
import { tooDeep } from './body.js';

export interface SseFrame {
  /** The `event:` field, null when the frame had none (OpenAI Chat, Gemini). */
  event: string | null;
  data: string;
}

export interface SseRead {
  frames: SseFrame[];
  /** Comment lines: keep-alives sent to hold a quiet connection open. */
  comments: number;
}

/** Every frame and comment of an SSE body; a last frame without its blank line still counts. */
export function readSse(text: string): SseRead {
  const frames: SseFrame[] = [];
  let comments = 0;
  const parser = createParser({
    onEvent: (e) => frames.push({ event: e.event ?? null, data: e.data }),
    onComment: () => (comments += 1),
    maxBufferSize: text.length + 1,
  });
  parser.feed(text);
  parser.reset({ consume: true });
  return { frames, comments };
}

/** The JSON payload of each frame, null for one that is not JSON, `too_deep` past the depth tripline reads. */
export function frameJson(frames: readonly SseFrame[], skip: (data: string) => boolean = () => false): unknown[] | null | 'too_deep' {
  const out: unknown[] = [];
  for (const { data } of frames) {
    const payload = data.trim();
    if (payload === '' || skip(payload)) continue;
    if (tooDeep(payload)) return 'too_deep';
    try {
      out.push(JSON.parse(payload));
    } catch {
      return null;
    }
  }
  return out;
}

