import { WINDOW_MS, openAiDuration, refillMs, rfc3339 } from '../routes/headers.js';
import { isObject, objectAt } from './body.js';
import type { Json, Scenario, SseFrame } from './types.js';

const DAY_MS = 86_400_000;

/** Token limits whose reset the day window rewrites: [limit, remaining, reset] header names. */
const TOKEN_LIMITS: readonly [string, string, string][] = [
  ['x-ratelimit-limit-tokens', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens'],
  ...['tokens', 'input-tokens', 'output-tokens'].map(
    (k): [string, string, string] => [`anthropic-ratelimit-${k}-limit`, `anthropic-ratelimit-${k}-remaining`, `anthropic-ratelimit-${k}-reset`],
  ),
];

/** What the `account-moved` scenario answers with: another organization, project and geography. */
export const MOVED_ACCOUNT = {
  'openai-organization': 'org-tripline-other',
  'openai-project': 'proj_tripline_other',
  'anthropic-organization-id': '9a1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b',
  inferenceGeo: 'us',
} as const;

/** The Chat Completions include_usage chunk: empty choices and the counts. */
const isUsageChunk = (e: Json): boolean => isObject(e) && Array.isArray(e['choices']) && e['choices'].length === 0 && isObject(e['usage']);

/** A frame's JSON payload, when it is an object. */
const dataOf = (f: SseFrame): Record<string, Json> | null => (f.data !== undefined && isObject(f.data) ? f.data : null);

/** Moves the frame named `event` to just before the one named `before`. */
function moveBefore(frames: SseFrame[], event: string, before: string): SseFrame[] {
  const from = frames.findIndex((f) => f.event === event);
  const to = frames.findIndex((f) => f.event === before);
  if (from < 0 || to < 0 || from < to) return frames;
  const out = frames.filter((_, i) => i !== from);
  out.splice(to, 0, frames[from]!);
  return out;
}

/** Scenarios about contracts beyond the text: rate-limit windows, echoed defaults, the account. */
export const contractScenarios: Scenario[] = [
  {
    id: 'ratelimit-window-day',
    description: `The token window becomes a day: token reset headers count down ${DAY_MS / WINDOW_MS}x longer (seconds turn into hours) while every limit number stays the same.`,
    respond(res) {
      for (const [limitName, remainingName, resetName] of TOKEN_LIMITS) {
        const reset = res.headers[resetName];
        if (reset === undefined) continue;
        const wait = refillMs(Number(res.headers[limitName]), Number(res.headers[remainingName]), DAY_MS);
        res.headers[resetName] = resetName.startsWith('anthropic') ? rfc3339(Date.now() + wait) : openAiDuration(wait);
      }
      return res;
    },
  },
  {
    id: 'default-top-p-changed',
    description: 'A new default nucleus mass: requests that name no top_p sample with top_p 0.98, and the Responses API echoes top_p: 0.98 where it echoed 1.',
    knobs: (k) => ({ ...k, defaultTopP: 0.98 }),
  },
  {
    id: 'account-moved',
    description: `Requests are served under another account: openai-organization, openai-project and anthropic-organization-id name others, Anthropic usage.inference_geo turns "${MOVED_ACCOUNT.inferenceGeo}".`,
    respond(res, req) {
      for (const name of ['openai-organization', 'openai-project', 'anthropic-organization-id'] as const) {
        if (res.headers[name] !== undefined) res.headers[name] = MOVED_ACCOUNT[name];
      }
      const usage = req.format === 'anthropic' && isObject(res.body) ? objectAt(res.body, 'usage') : undefined;
      if (usage && 'inference_geo' in usage) usage['inference_geo'] = MOVED_ACCOUNT.inferenceGeo;
      return res;
    },
  },
  {
    id: 'stream-usage-dropped',
    description: 'Streams lose their usage report, as behind a proxy that drops it: no include_usage chunk (Chat), no message_delta usage (Anthropic), no usage in response.completed (Responses), no usageMetadata (Gemini).',
    respondStream(res) {
      const events = res.events?.filter((e) => !isUsageChunk(e));
      const sse = res.sse?.map((f) => {
        const data = dataOf(f);
        if (!data) return f;
        const copy = { ...data };
        if (f.event === 'message_delta') delete copy['usage'];
        delete copy['usageMetadata'];
        if (isObject(copy['response']) && f.event?.startsWith('response.') === true) copy['response'] = { ...copy['response'], usage: null };
        return { ...f, data: copy };
      });
      return { ...res, ...(events ? { events } : {}), ...(sse ? { sse } : {}) };
    },
  },
  {
    id: 'stream-events-reordered',
    description: 'Stream events come in another order: the Chat role chunk after the first content chunk, Anthropic message_delta before content_block_stop, Responses content_part.done before output_text.done.',
    respondStream(res) {
      const events = res.events && res.events.length > 2 ? [res.events[1]!, res.events[0]!, ...res.events.slice(2)] : res.events;
      const sse = res.sse && moveBefore(moveBefore(res.sse, 'message_delta', 'content_block_stop'), 'response.content_part.done', 'response.output_text.done');
      return { ...res, ...(events ? { events } : {}), ...(sse ? { sse } : {}) };
    },
  },
];
